import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../shared/api/client';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  | { state: 'failed'; error: ApiError };

/**
 * Loads one API answer for a page and reloads on demand. Pages fetch through this (not their leaf
 * components) until the RxDB collections arrive.
 */
export function useApi<T>(load: () => Promise<T>, deps: readonly unknown[]): [Loaded<T>, () => void] {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const stableLoad = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setResult({ state: 'loading' });
    stableLoad().then(
      (data) => live && setResult({ state: 'ready', data }),
      (err: unknown) =>
        live &&
        setResult({
          state: 'failed',
          error: err instanceof ApiError ? err : new ApiError('internal', err instanceof Error ? err.message : String(err), 0),
        }),
    );
    return () => {
      live = false;
    };
  }, [stableLoad, attempt]);
  return [result, () => setAttempt((n) => n + 1)];
}
