import { useEffect, useState } from 'react';
import type { Observable } from 'rxjs';
import type { RxDocument, RxQuery } from 'rxdb';

/** The latest value of an observable; `source` must be memoised. */
export function useObservable<T>(source: Observable<T> | null, initial: T): T {
  const [value, setValue] = useState<{ source: Observable<T> | null; value: T }>({ source, value: initial });
  useEffect(() => {
    if (!source) return;
    const sub = source.subscribe((v) => setValue({ source, value: v }));
    return () => sub.unsubscribe();
  }, [source]);
  return value.source === source ? value.value : initial;
}

/** The documents of an RxDB query, kept up to date; null until the first result. `query` must be memoised. */
export function useRxQuery<T>(query: RxQuery<T, RxDocument<T>[]> | null): T[] | null {
  const [result, setResult] = useState<{ query: unknown; docs: T[] } | null>(null);
  useEffect(() => {
    if (!query) return;
    const sub = query.$.subscribe((docs) => setResult({ query, docs: docs.map((d) => d.toJSON() as T) }));
    return () => sub.unsubscribe();
  }, [query]);
  return result && result.query === query ? result.docs : null;
}
