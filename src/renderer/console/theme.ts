/**
 * Light or dark on demand. The stylesheets (ours and every feature's) put dark colours in
 * `@media (prefers-color-scheme: dark)` blocks; rather than duplicate each block under a
 * `[data-theme]` selector, the choice rewrites those media conditions in place: `all` forces the
 * dark rules on, `not all` off, and the original text follows the system again.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'tandem.console.theme';
const DARK = /prefers-color-scheme:\s*dark/;

function mediaRules(): CSSMediaRule[] {
  const out: CSSMediaRule[] = [];
  for (const sheet of Array.from(document.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue; // another origin's sheet: not ours to change
    }
    for (const rule of Array.from(rules)) if (rule instanceof CSSMediaRule) out.push(rule);
  }
  return out;
}

const original = new WeakMap<CSSMediaRule, string>();

/** Applies a theme choice to every loaded stylesheet and remembers it on this device. */
export function applyTheme(choice: ThemeChoice): void {
  for (const rule of mediaRules()) {
    const text = original.get(rule) ?? rule.media.mediaText;
    if (!DARK.test(text)) continue;
    original.set(rule, text);
    rule.media.mediaText = choice === 'system' ? text : choice === 'dark' ? 'all' : 'not all';
  }
  document.documentElement.style.colorScheme = choice === 'system' ? '' : choice;
  document.documentElement.dataset.theme = choice;
  try {
    localStorage.setItem(KEY, choice);
  } catch {
    // not kept: the choice lasts for this page only
  }
}

/** The stored choice (system when none). */
export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Whether the page shows dark now. */
export function showingDark(): boolean {
  const choice = storedTheme();
  return choice === 'dark' || (choice === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
}

/** Switches to the other of light and dark. */
export function toggleTheme(): void {
  applyTheme(showingDark() ? 'light' : 'dark');
}
