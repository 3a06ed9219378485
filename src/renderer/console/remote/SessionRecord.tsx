import type { TandemClient } from '../../../shared/api/client';
import { RemoteSessionEventList } from '../../../shared/api/remote-sessions';
import { sessionRecordStrings as r } from '../../common/sessionRecordStrings';
import { LoadMore } from './LoadMore';
import { describeEvent } from './sessionRecordModel';
import { usePages } from './usePages';
import './sessionRecord.css';

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
/** Lines per page: a long shell session has thousands. */
const PAGE = 100;

/** One session's append-only record, oldest first, a page at a time ("Load more"). */
export function SessionRecord({ client, sessionId, label }: { client: TandemClient; sessionId: string; label: string }) {
  const pages = usePages(
    (cursor) => client.get(`/api/remote-sessions/${encodeURIComponent(sessionId)}/events?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, RemoteSessionEventList),
    `record:${sessionId}`,
  );
  if (pages.state === 'loading') return <p role="status">…</p>;
  if (pages.state === 'failed') return <p className="error-note" role="alert">{pages.error.message}</p>;
  if (pages.items.length === 0) return <p className="hint">{r.recordEmpty}</p>;
  return (
    <div className="session-record">
      <table aria-label={label}>
        <caption className="visually-hidden">{r.recordCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{r.at}</th>
            <th scope="col">{r.what}</th>
            <th scope="col">{r.from}</th>
            <th scope="col">{r.details}</th>
          </tr>
        </thead>
        <tbody>
          {pages.items.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={e.at}>{time.format(new Date(e.at))}</time>
              </td>
              <td>{r.kinds[e.kind]}</td>
              <td>{r.source[e.source]}</td>
              <td className="session-record-details">{describeEvent(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <LoadMore pages={pages} />
    </div>
  );
}
