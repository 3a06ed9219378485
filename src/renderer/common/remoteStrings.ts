import type { RemoteRight } from '../../shared/domain/remote-session';

/**
 * Sentences of remote assistance: the console's request dialog and session view, and the tray's
 * consent prompt and running-session bar. Kept beside `strings.ts` (and reachable as
 * `remoteStrings` from anywhere in the renderer) so a translation replaces them in one place.
 */
export const remoteStrings = {
  rights: {
    view: 'See the screen',
    control: 'Control mouse and keyboard',
    shell: 'Open a terminal',
    diagnostics: 'Read diagnostics',
    files: 'Send and fetch files',
    chat: 'Chat',
  } satisfies Record<RemoteRight, string>,
  rightShort: { view: 'View', control: 'Control', shell: 'Shell', diagnostics: 'Diagnostics', files: 'Files', chat: 'Chat' } satisfies Record<RemoteRight, string>,
  rightHint: {
    view: 'The screen is shown to the agent as video.',
    control: 'The agent can move the mouse, click and type, and end processes.',
    shell: 'The agent can run commands in a terminal on this computer.',
    diagnostics: 'The agent can read system information, processes, disks and logs.',
    files: 'The agent can send files to Downloads and fetch files from this computer.',
    chat: 'You and the agent can write to each other.',
  } satisfies Record<RemoteRight, string>,

  // ——— console ———
  start: 'Remote session',
  startOn: (device: string) => `Remote session on ${device}`,
  requestHeading: (device: string) => `Ask for a remote session on ${device}`,
  requestIntro: 'Choose what you need. The person at the computer is asked and can refuse or grant less; an unattended device answers by its policy.',
  rightsLegend: 'Rights to ask for',
  notOffered: 'The device’s policy does not allow this.',
  deviceCannot: (why: string) => `The device cannot offer this: ${why}`,
  controlNeedsView: 'Control needs “See the screen” as well.',
  pickOne: 'Choose at least one right.',
  ask: 'Ask for the session',
  asking: 'Asking…',
  cancel: 'Cancel',
  noDevices: 'The requester has no enrolled device, so there is nothing to connect to.',
  chooseDevice: 'Device',
  offline: 'offline',
  online: 'online',
  deviceOffline: 'This device is offline. It must be connected to start a session.',

  sessionHeading: (device: string) => `Remote session · ${device}`,
  connecting: 'Connecting to the server…',
  waiting: 'Waiting for the person at the computer to accept',
  waitingSeconds: (s: number) => (s === 1 ? '1 second left' : `${s} seconds left`),
  negotiating: 'Accepted. Connecting to the device…',
  reconnecting: 'The connection dropped. Reconnecting…',
  connected: 'Connected',
  unattended: 'Started without a prompt (unattended policy); the device shows that a session runs.',
  outcome: {
    refused: 'The session was refused',
    timed_out: 'No answer in 30 seconds',
    ended: 'The session has ended',
    failed: 'The session could not start',
  },
  endedBy: { agent: 'You ended it.', device: 'The person at the computer ended it.', server: 'The server ended it.' },
  tryAgain: 'Try again',
  backToTicket: 'Back to the ticket',
  end: 'End session',
  endHint: 'Esc twice or Ctrl+Shift+E ends the session.',
  granted: 'Granted',
  socketRefused: 'The server will not let you follow this session. It may not be yours, or you were signed out.',
  socketLost: 'Lost the connection to the server. Trying again…',
  tabs: 'Session tools',
  tab: { screen: 'Screen', shell: 'Shell', diagnostics: 'Diagnostics', files: 'Files', chat: 'Chat' },

  screen: 'Remote screen',
  screenLabel: (device: string) => `Screen of ${device}. Turn on control, then click here and type to use it.`,
  noVideo: 'Waiting for the screen…',
  control: 'Control',
  controlOn: 'Control is on: clicks and keys go to the remote computer.',
  controlOff: 'View only',
  noControlRight: 'You have view only: the person at the computer did not grant control.',
  monitor: 'Monitor',
  quality: 'Quality',
  qualities: { low: 'Low (10 fps, 1280 px)', medium: 'Medium (20 fps, 1920 px)', high: 'High (30 fps, full size)' },
  sendCtrlAltDel: 'Send Ctrl+Alt+Del',
  received: (width: number, height: number, fps: number) => `${width}×${height}, ${fps} fps`,
  fittedToConnection: 'lowered to fit the connection',

  newShell: 'New terminal',
  shellTab: (n: number) => `Terminal ${n}`,
  closeShell: (name: string) => `Close ${name}`,
  shellExited: (code: number) => `\r\n[process exited with code ${code}]\r\n`,
  terminal: (name: string) => `${name} on the remote computer`,

  diag: {
    snapshot: 'System',
    processes: 'Processes',
    services: 'Services',
    disks: 'Disks',
    network: 'Network',
    logs: 'Log tail',
    refresh: 'Refresh',
    kill: 'End process',
    killNeedsControl: 'Ending a process needs the control right.',
    killed: (pid: number) => `Asked process ${pid} to end.`,
    host: 'Check a host (optional)',
    check: 'Check',
    lines: 'Lines',
    loading: 'Asking the device…',
    pick: 'Choose what to look at.',
    filter: 'Filter processes',
  },

  files: {
    sendHeading: 'Send a file to the computer',
    choose: 'Choose a file',
    send: 'Send',
    limit: (size: string) => `Up to ${size}. It lands in the user’s Downloads folder.`,
    tooBig: (size: string) => `This file is bigger than the device accepts (${size}).`,
    browseHeading: 'Fetch a file from the computer',
    path: 'Folder on the device',
    list: 'List',
    up: 'Up one folder',
    fetch: (name: string) => `Fetch ${name}`,
    transfers: 'Transfers',
    hashing: 'Computing checksum…',
    sending: 'Sending',
    receiving: 'Receiving',
    verified: 'Done, checksum verified',
    savedAt: (path: string) => `Saved at ${path}`,
    download: 'Save',
    cancel: 'Cancel',
    cancelled: 'Cancelled',
    failed: (why: string) => `Failed: ${why}`,
    mismatch: 'The file arrived damaged (checksum differs). Fetch it again.',
    empty: 'Empty folder.',
  },

  chat: {
    heading: 'Chat with the person at the computer',
    message: 'Message',
    send: 'Send',
    you: 'You',
    them: 'User',
    empty: 'No messages yet.',
    typing: 'The user is typing…',
  },

  devices: {
    heading: 'Devices',
    caption: 'Enrolled computers, most recently seen first',
    name: 'Name',
    host: 'Host',
    os: 'System',
    owner: 'Owner',
    state: 'State',
    lastSeen: 'Last seen',
    never: 'never',
    revoked: 'revoked',
    empty: 'No devices are enrolled yet. Enroll one with the tray app or the headless agent.',
    back: 'Back to devices',
    notHere: 'This device is not on this console. It may have been removed.',
    sessions: 'Remote sessions',
    noSessions: 'No remote sessions on this device yet.',
    when: 'Requested',
    agent: 'Agent',
    status: 'Status',
    rights: 'Rights granted',
    open: 'Open',
  },
  status: { pending: 'Waiting', active: 'Active', refused: 'Refused', timed_out: 'No answer', ended: 'Ended', failed: 'Failed' },

  // ——— tray ———
  consentHeading: 'Remote assistance request',
  consentWho: (name: string, email: string) => `${name} (${email}) from IT asks to connect to this computer.`,
  consentTicket: (number: string, subject: string) => `About your request ${number}: ${subject}`,
  consentAllow: 'Allow',
  consentAccept: 'Accept',
  consentRefuse: 'Refuse',
  consentCountdown: (s: number) => (s === 1 ? 'Refused automatically in 1 second' : `Refused automatically in ${s} seconds`),
  consentNoneChosen: 'Allow at least one thing, or refuse.',
  consentControlNeedsView: 'Control needs the screen as well.',
  barRunning: (name: string) => `${name} is connected to this computer`,
  barUnattended: (name: string) => `${name} is connected to this computer (allowed by your organisation’s policy)`,
  barRights: 'Allowed',
  viewOnly: 'View only',
  viewOnlyHint: 'Take back mouse and keyboard; the agent keeps watching.',
  endSession: 'End session',
  sessionEnded: 'The remote session has ended.',
} as const;

/** A byte count for people: 1.2 MB, 340 kB, 12 B. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
