import { createContext, useCallback, useContext, useEffect, useId, useMemo, useState, type ReactNode } from 'react';

/** Something the command palette can do. */
export interface Command {
  id: string;
  group: 'navigation' | 'ticket' | 'queue' | 'view' | 'macro' | 'app';
  label: string;
  /** Extra words it is found by (a view's filters, a macro's text). */
  keywords?: string;
  /** The shortcut that does the same, shown beside it. */
  keys?: readonly string[];
  run(): void;
}

interface Registry {
  commands: Command[];
  set(owner: string, commands: Command[] | null): void;
}

const Context = createContext<Registry | null>(null);

/** Holds the commands each page offers now, for the palette. */
export function CommandsProvider({ children }: { children: ReactNode }) {
  const [byOwner, setByOwner] = useState<ReadonlyMap<string, Command[]>>(new Map());
  // One `set` for the provider's life: useCommands re-registers whenever `set` changes, so a `set`
  // made anew with each change of the commands re-registered for ever ("Maximum update depth
  // exceeded" on every page that offers commands).
  const set = useCallback<Registry['set']>(
    (owner, commands) =>
      setByOwner((m) => {
        if ((commands ?? undefined) === m.get(owner)) return m;
        const next = new Map(m);
        if (commands) next.set(owner, commands);
        else next.delete(owner);
        return next;
      }),
    [],
  );
  const registry = useMemo<Registry>(() => ({ commands: [...byOwner.values()].flat(), set }), [byOwner, set]);
  return <Context.Provider value={registry}>{children}</Context.Provider>;
}

/** Offers `commands` in the palette while the calling component is shown. */
export function useCommands(commands: Command[]): void {
  const registry = useContext(Context);
  const owner = useId();
  const set = registry?.set;
  useEffect(() => {
    set?.(owner, commands);
  }, [set, owner, commands]);
  useEffect(() => () => set?.(owner, null), [set, owner]);
}

/** Every command offered now. */
export function useAllCommands(): Command[] {
  return useContext(Context)?.commands ?? [];
}

/**
 * How well `query` matches `text` as a fuzzy subsequence (letters in order, gaps allowed):
 * null when it does not; higher for matches at word starts and in a row, and for shorter texts.
 */
export function fuzzyScore(query: string, text: string): number | null {
  const q = query.toLowerCase().replace(/\s+/g, '');
  if (!q) return 0;
  const t = text.toLowerCase();
  let score = 0;
  let at = -1;
  let run = 0;
  for (const ch of q) {
    const next = t.indexOf(ch, at + 1);
    if (next < 0) return null;
    const wordStart = next === 0 || /[\s\-_:./]/.test(t[next - 1]!);
    run = next === at + 1 ? run + 1 : 0;
    score += 1 + (wordStart ? 3 : 0) + run * 2 - Math.min(next - at - 1, 5) * 0.2;
    at = next;
  }
  return score - t.length * 0.01;
}

/** The commands matching `query`, best first (in their given order when the query is empty). */
export function rankCommands(commands: readonly Command[], query: string): Command[] {
  if (!query.trim()) return [...commands];
  const scored: Array<{ c: Command; s: number }> = [];
  for (const c of commands) {
    const label = fuzzyScore(query, c.label);
    const extra = c.keywords ? fuzzyScore(query, c.keywords) : null;
    const s = label ?? (extra === null ? null : extra - 5);
    if (s !== null) scored.push({ c, s });
  }
  return scored.sort((a, b) => b.s - a.s).map((x) => x.c);
}
