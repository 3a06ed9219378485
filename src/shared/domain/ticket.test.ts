import { describe, expect, it } from 'vitest';
import { formatTicketNumber, parseTicketNumber } from './ticket';

describe('ticket numbers', () => {
  it.each([
    ['T-1042', 1042],
    ['t-7', 7],
    ['1042', 1042],
    [' T-1001 ', 1001],
    ['T-', null],
    ['T-10x', null],
    ['X-1042', null],
    ['', null],
    ['T-1234567890', null],
  ])('parses %j as %j', (input, expected) => {
    expect(parseTicketNumber(input)).toBe(expected);
  });
  it('formats', () => expect(formatTicketNumber(1042)).toBe('T-1042'));
});
