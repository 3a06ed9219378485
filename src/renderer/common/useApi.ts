import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../shared/api/client';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'failed'; error: ApiError };

const LOADING = { state: 'loading' } as const;

/**
 * Loads one API answer for a page, again whenever `key` changes or on demand. Pages fetch through
 * this (not their leaf components) until the RxDB collections arrive.
 */
export function useApi<T>(load: () => Promise<T>, key: string): [Loaded<T>, () => void] {
  const [attempt, setAttempt] = useState(0);
  const request = `${key}#${attempt}`;
  const [settled, setSettled] = useState<{ request: string; result: Loaded<T> } | null>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let live = true;
    const settle = (result: Loaded<T>) => live && setSettled({ request, result });
    loadRef.current().then(
      (data) => settle({ state: 'ready', data }),
      (err: unknown) =>
        settle({
          state: 'failed',
          error: err instanceof ApiError ? err : new ApiError('internal', err instanceof Error ? err.message : String(err), 0),
        }),
    );
    return () => {
      live = false;
    };
  }, [request]);
  // Until the answer for the current request arrives, the page is loading (no stale data shown).
  const result = settled?.request === request ? settled.result : LOADING;
  return [result, () => setAttempt((n) => n + 1)];
}
