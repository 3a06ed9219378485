import { useEffect, useState } from 'react';
import { asyncScheduler, throttleTime, type Observable } from 'rxjs';
import type { RxDocument, RxQuery } from 'rxdb';

/**
 * The latest value of an observable, re-rendering on each new one. `source` must be stable
 * (memoised) or it is re-subscribed on every render.
 */
export function useObservable<T>(source: Observable<T> | null, initial: T): T {
  const [value, setValue] = useState<{ source: Observable<T> | null; value: T }>({ source, value: initial });
  useEffect(() => {
    if (!source) return;
    const sub = source.subscribe((v) => setValue({ source, value: v }));
    return () => sub.unsubscribe();
  }, [source]);
  return value.source === source ? value.value : initial;
}

/** The result of an RxDB query, as plain documents, kept up to date; null until the first result. */
export function useRxQuery<T>(query: RxQuery<T, RxDocument<T>[]> | null, options: { throttleMs?: number } = {}): T[] | null {
  const [result, setResult] = useState<{ query: unknown; docs: T[] } | null>(null);
  const { throttleMs = 0 } = options;
  useEffect(() => {
    if (!query) return;
    // A first sync writes a thousand documents a batch; a page that redoes its work over every
    // document on each emission can ask for at most one result per `throttleMs` (first and last
    // always come through).
    const source = throttleMs > 0 ? query.$.pipe(throttleTime(throttleMs, asyncScheduler, { leading: true, trailing: true })) : query.$;
    // `_data` is the document RxDB already holds: mapping 100,000 tickets through toJSON() on every
    // change would copy them all.
    const sub = source.subscribe((docs) => setResult({ query, docs: docs.map((d) => d._data as T) }));
    return () => sub.unsubscribe();
  }, [query, throttleMs]);
  return result && result.query === query ? result.docs : null;
}

/** One document by a query that finds at most one; undefined while loading, null when absent. */
export function useRxDocument<T>(query: RxQuery<T, RxDocument<T> | null> | null): T | null | undefined {
  const [result, setResult] = useState<{ query: unknown; doc: T | null } | null>(null);
  useEffect(() => {
    if (!query) return;
    const sub = query.$.subscribe((doc) => setResult({ query, doc: doc ? (doc._data as T) : null }));
    return () => sub.unsubscribe();
  }, [query]);
  return result && result.query === query ? result.doc : undefined;
}
