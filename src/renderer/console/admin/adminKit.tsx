import { useCallback, useState, type ReactNode } from 'react';
import { ErrorNote, messageOf } from '../../common/Field';
import { strings } from '../../common/strings';
import type { Loaded } from '../../common/useApi';

/**
 * An admin page's changes: `run(work)` clears the last outcome, runs one change against the
 * server and shows "Saved" (or `done`) or the server's sentence; it answers whether it worked, so
 * the page can reset a form or put a row back. `notes` is where the outcome shows.
 */
export function useAdminAction(): {
  run(work: () => Promise<unknown>, done?: string): Promise<boolean>;
  notes: ReactNode;
} {
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>, done?: string) => {
    setError(null);
    setNotice(null);
    try {
      await work();
      setNotice(done ?? strings.admin.saved);
      return true;
    } catch (err) {
      setError(messageOf(err, strings.admin.saved));
      return false;
    }
  }, []);
  const notes = (
    <>
      {notice ? (
        <p className="success-note" role="status">
          {notice}
        </p>
      ) : null}
      {error ? <ErrorNote message={error} /> : null}
    </>
  );
  return { run, notes };
}

/**
 * An admin list as a table: loading, the server's error, an empty note, or a captioned table in
 * a scrolling region a keyboard can reach; `children` renders the rows of the loaded items.
 */
export function AdminTable<T>({
  result,
  caption,
  columns,
  empty,
  children,
}: {
  result: Loaded<{ items: T[] }>;
  caption: string;
  columns: readonly string[];
  /** Shown instead of an empty table; without it the table shows with no rows. */
  empty?: string;
  children(items: T[]): ReactNode;
}) {
  if (result.state === 'loading') return <p role="status">{strings.loading}</p>;
  if (result.state === 'failed') return <ErrorNote message={result.error.message} />;
  if (empty && result.data.items.length === 0) return <div className="empty-state">{empty}</div>;
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children(result.data.items)}</tbody>
      </table>
    </div>
  );
}
