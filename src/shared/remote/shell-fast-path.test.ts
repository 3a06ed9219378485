import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseChannelMessage, ShellMessage } from './channels';
import { hotShellMessage } from './shell-fast-path';

describe('hot shell messages (input/output fast path)', () => {
  it('accepts well-formed input and output as the schema would', () => {
    expect(hotShellMessage({ t: 'input', tab: 't1', data: 'l' })).toEqual({ t: 'input', tab: 't1', data: 'l' });
    expect(hotShellMessage({ t: 'output', tab: 'x'.repeat(40), data: '' })).toEqual({ t: 'output', tab: 'x'.repeat(40), data: '' });
    expect(hotShellMessage({ t: 'input', tab: 't', data: 'a'.repeat(64 * 1024) })).not.toBeNull();
    expect(hotShellMessage({ t: 'output', tab: 't', data: 'a'.repeat(256 * 1024) })).not.toBeNull();
  });

  it.each([
    ['another message type', { t: 'open', tab: 't', cols: 80, rows: 24 }],
    ['an extra field', { t: 'input', tab: 't', data: 'x', cmd: 'rm' }],
    ['a missing field', { t: 'input', tab: 't' }],
    ['an empty tab', { t: 'input', tab: '', data: 'x' }],
    ['a long tab', { t: 'input', tab: 'x'.repeat(41), data: 'x' }],
    ['input past 64 Ki', { t: 'input', tab: 't', data: 'a'.repeat(64 * 1024 + 1) }],
    ['output past 256 Ki', { t: 'output', tab: 't', data: 'a'.repeat(256 * 1024 + 1) }],
    ['data not a string', { t: 'input', tab: 't', data: 5 }],
    ['an array', ['input', 't', 'x']],
    ['null', null],
  ])('leaves %s to the schema', (_what, value) => expect(hotShellMessage(value)).toBeNull());

  it('drops the same messages with the same reasons as before, on every channel text', () => {
    const field = fc.oneof(fc.string({ maxLength: 45 }), fc.integer(), fc.constant(null));
    const message = fc.record(
      { t: fc.constantFrom('input', 'output', 'close', 'exec'), tab: field, data: field, extra: field },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(message, (m) => {
        const hot = hotShellMessage(m);
        const schema = ShellMessage.safeParse(m);
        // The fast path never accepts what the schema refuses, and accepts it as the same value.
        if (hot) expect(schema).toEqual({ success: true, data: hot });
        const parsed = parseChannelMessage('shell', JSON.stringify(m), ['shell']);
        expect(parsed.ok).toBe(schema.success);
        if (parsed.ok && schema.success) expect(parsed.message).toEqual(schema.data);
      }),
      { numRuns: 2000 },
    );
  });

  it('still needs the shell right', () => {
    const parsed = parseChannelMessage('shell', JSON.stringify({ t: 'input', tab: 't', data: 'x' }), ['view']);
    expect(parsed).toEqual({ ok: false, reason: 'the shell channel needs the shell right' });
  });
});
