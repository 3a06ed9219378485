import type { RemoteSessionEvent } from '../../../shared/domain/remote-session';
import { sessionRecordStrings as r } from '../../common/sessionRecordStrings';

const text = (value: unknown, max = 200): string | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value.length === 0) return null;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
};
const list = (value: unknown): string | null => (Array.isArray(value) && value.every((v) => typeof v === 'string') && value.length ? value.join(', ') : null);

/**
 * One line of a session's record in a few words for the device page: rights for a request or a
 * grant, the reason for an end, the file and its size, the chat text, the shell tab, the process.
 * Shell output is not repeated here (the note on the ticket has the transcript); its size is.
 */
export function describeEvent(event: Pick<RemoteSessionEvent, 'kind' | 'data'>): string {
  const d = event.data;
  const parts: (string | null)[] = [];
  switch (event.kind) {
    case 'requested':
      parts.push(list(d.rights) && r.rights(list(d.rights)!), d.unattended === true ? r.unattended : null);
      break;
    case 'granted':
    case 'rights_changed':
      parts.push(list(d.granted ?? d.rights) && r.rights(list(d.granted ?? d.rights)!));
      break;
    case 'refused':
    case 'timed_out':
    case 'ended':
      parts.push(text(d.reason, 300));
      break;
    case 'file_sent':
    case 'file_fetched':
    case 'file_failed':
      parts.push(text(d.name) ?? text(d.path), typeof d.size === 'number' ? r.bytes(d.size) : null, event.kind === 'file_failed' ? text(d.reason) : null);
      break;
    case 'process_killed':
      parts.push(text(d.name), text(d.pid) && r.pid(text(d.pid)!));
      break;
    case 'chat': {
      // The device records both sides of the chat: say whose line it was.
      const said = text(d.text, 300);
      parts.push(said && (d.from === 'agent' ? r.chatFrom.agent(said) : d.from === 'device' ? r.chatFrom.device(said) : said));
      break;
    }
    case 'shell_opened':
    case 'shell_closed':
      parts.push(text(d.tab) && r.tab(text(d.tab)!));
      break;
    case 'shell_transcript': {
      const out = typeof d.text === 'string' ? d.text : typeof d.data === 'string' ? d.data : '';
      parts.push(text(d.tab) && r.tab(text(d.tab)!), r.bytes(out.length));
      break;
    }
    case 'connected':
    case 'reconnected':
      break;
  }
  if (d.cut === true) parts.push(r.cut);
  return parts.filter((p): p is string => Boolean(p)).join(' · ');
}
