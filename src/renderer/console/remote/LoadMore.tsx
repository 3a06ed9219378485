import { sessionRecordStrings as r } from '../../common/sessionRecordStrings';
import type { Pages } from './usePages';

/** "Load more" under a paged list while a further page exists, with why the last try failed. */
export function LoadMore<T>({ pages }: { pages: Extract<Pages<T>, { state: 'ready' }> }) {
  if (!pages.more) return null;
  return (
    <div className="load-more">
      <button type="button" onClick={pages.loadMore} disabled={pages.loadingMore} aria-busy={pages.loadingMore}>
        {pages.loadingMore ? r.loadingMore : r.loadMore}
      </button>
      {pages.moreError ? (
        <p className="error-note" role="alert">
          {pages.moreError.message}
        </p>
      ) : null}
    </div>
  );
}
