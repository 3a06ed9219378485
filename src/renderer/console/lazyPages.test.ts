import { describe, expect, it } from 'vitest';
import { strings } from '../common/strings';
import { pageErrorMessage } from './lazyPages';

describe('what a failed page says', () => {
  it('a chunk that could not be fetched: the connection, in every browser’s wording', () => {
    for (const message of [
      'Failed to fetch dynamically imported module: http://127.0.0.1:3000/assets/DevicesPage-x.js', // Chromium
      'error loading dynamically imported module: http://127.0.0.1:3000/assets/DevicesPage-x.js', // Firefox
      'Importing a module script failed.', // Safari
    ])
      expect(pageErrorMessage(new Error(message))).toBe(strings.frame.pageLoadFailed);
  });

  it('any other error: the page broke, with its message', () => {
    const said = pageErrorMessage(new TypeError("Cannot read properties of undefined (reading 'name')"));
    expect(said).not.toBe(strings.frame.pageLoadFailed);
    expect(said).toContain("Cannot read properties of undefined (reading 'name')");
  });
});
