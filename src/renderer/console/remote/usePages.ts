import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../shared/api/client';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type Pages<T> =
  | { state: 'loading' }
  | { state: 'failed'; error: ApiError }
  | {
      state: 'ready';
      items: T[];
      /** A further page exists. */
      more: boolean;
      loadingMore: boolean;
      /** Why the last "load more" failed (the items loaded so far stay). */
      moreError: ApiError | null;
      loadMore(): void;
    };

const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError('internal', err instanceof Error ? err.message : String(err), 0));

/**
 * A cursor-paged API list (`{ items, nextCursor }`): the first page when `key` changes, the next
 * ones on `loadMore()` appended (one request at a time; a stale answer for an old key is dropped).
 */
export function usePages<T>(load: (cursor: string | null) => Promise<Page<T>>, key: string): Pages<T> {
  type Loaded = { key: string; items: T[]; cursor: string | null; loadingMore: boolean; moreError: ApiError | null };
  type Held = Loaded | { key: string; error: ApiError } | null;
  const [state, setState] = useState<Held>(null);
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  useEffect(() => {
    let live = true;
    loadRef.current(null).then(
      (page) => live && setState({ key, items: page.items, cursor: page.nextCursor, loadingMore: false, moreError: null }),
      (err: unknown) => live && setState({ key, error: asApiError(err) }),
    );
    return () => {
      live = false;
    };
  }, [key]);

  const latest = useRef(state);
  useEffect(() => {
    latest.current = state;
  });
  const inFlight = useRef<string | null>(null);
  const loadMore = useCallback(() => {
    const s = latest.current;
    if (!s || 'error' in s || !s.cursor || inFlight.current === s.cursor) return;
    const { cursor, key: forKey } = s;
    inFlight.current = cursor;
    setState({ ...s, loadingMore: true, moreError: null });
    const same = (now: Held): now is Loaded => !!now && !('error' in now) && now.key === forKey && now.cursor === cursor;
    loadRef.current(cursor).then(
      (page) => setState((now) => (same(now) ? { ...now, items: [...now.items, ...page.items], cursor: page.nextCursor, loadingMore: false, moreError: null } : now)),
      (err: unknown) => setState((now) => (same(now) ? { ...now, loadingMore: false, moreError: asApiError(err) } : now)),
    ).finally(() => {
      if (inFlight.current === cursor) inFlight.current = null;
    });
  }, []);

  if (!state || state.key !== key) return { state: 'loading' };
  if ('error' in state) return { state: 'failed', error: state.error };
  return { state: 'ready', items: state.items, more: state.cursor !== null, loadingMore: state.loadingMore, moreError: state.moreError, loadMore };
}
