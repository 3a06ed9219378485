import type { RemoteSessionEventKind } from '../../shared/domain/remote-session';

/**
 * The device page's session list and session records (`remoteStrings` is shared with the session
 * view; these are kept apart so both can change at once). Still the one place a translation replaces.
 */
export const sessionRecordStrings = {
  loadMore: 'Load more',
  loadingMore: 'Loading…',
  record: 'Record',
  recordOf: (when: string) => `Record of the session requested ${when}`,
  hideRecord: 'Hide record',
  recordEmpty: 'Nothing is recorded for this session yet.',
  recordCaption: 'What happened in the session, oldest first',
  at: 'Time',
  what: 'What',
  from: 'From',
  details: 'Details',
  source: { agent: 'Agent', device: 'Device', server: 'Server' } as const,
  kinds: {
    requested: 'Requested',
    granted: 'Granted',
    refused: 'Refused',
    timed_out: 'No answer',
    connected: 'Connected',
    reconnected: 'Reconnected',
    rights_changed: 'Rights changed',
    shell_opened: 'Shell opened',
    shell_transcript: 'Shell output',
    shell_closed: 'Shell closed',
    file_sent: 'File sent',
    file_fetched: 'File fetched',
    file_failed: 'File failed',
    process_killed: 'Process killed',
    chat: 'Chat',
    ended: 'Ended',
  } satisfies Record<RemoteSessionEventKind, string>,
  rights: (rights: string) => `Rights: ${rights}`,
  unattended: 'unattended (group policy)',
  bytes: (n: number) => `${n} bytes`,
  pid: (pid: string) => `pid ${pid}`,
  tab: (tab: string) => `shell ${tab}`,
  cut: 'cut',
  chatFrom: { agent: (text: string) => `Agent: ${text}`, device: (text: string) => `Person at the computer: ${text}` },
};
