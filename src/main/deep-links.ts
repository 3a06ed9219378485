import { parseTicketNumber } from '../shared/domain/ticket';

/** The URL scheme of the console's deep links: tandem://ticket/T-1042. */
export const DEEP_LINK_SCHEME = 'tandem';

/**
 * The console path a deep link opens, or null for anything this app does not understand (which is
 * then ignored: a link from an email or a web page must not steer the app anywhere else).
 */
export function consolePathOf(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return null;
  // tandem://ticket/T-1042 parses with host "ticket" and path "/T-1042".
  const parts = [url.host, ...url.pathname.split('/')].filter(Boolean);
  if (parts.length === 2 && parts[0] === 'ticket') {
    const number = parseTicketNumber(decodeURIComponent(parts[1]!));
    return number === null ? null : `/tickets/T-${number}`;
  }
  return null;
}

/** The first deep link among a process's arguments (Windows and Linux pass the link that way). */
export function deepLinkIn(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.startsWith(`${DEEP_LINK_SCHEME}://`)) ?? null;
}

export interface DeepLinkDeps {
  app: {
    setAsDefaultProtocolClient(protocol: string, path?: string, args?: string[]): boolean;
    on(event: 'open-url', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
    on(event: 'second-instance', listener: (event: unknown, argv: string[]) => void): unknown;
  };
  /** Shows the console window at a path (focusing it, restoring it when minimised). */
  open(path: string): void;
  /** Just brings the window forward (a second start without a link). */
  focus(): void;
  /** In development Electron runs as `electron path/to/main.js`: the link handler needs those args. */
  defaultApp: boolean;
  execPath: string;
  mainScript: string | undefined;
}

/**
 * Registers the app for tandem:// links and routes them: a link that starts the app (argv), one
 * that arrives in a second instance (Windows, Linux: argv of second-instance), and macOS's
 * open-url. The single-instance lock itself is taken by the caller before anything else.
 */
export class DeepLinks {
  private pending: string | null = null;
  private ready = false;

  constructor(private readonly deps: DeepLinkDeps) {}

  register(initialArgv: readonly string[]): void {
    const { app } = this.deps;
    if (this.deps.defaultApp && this.deps.mainScript) app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME, this.deps.execPath, [this.deps.mainScript]);
    else app.setAsDefaultProtocolClient(DEEP_LINK_SCHEME);
    app.on('open-url', (event, url) => {
      event.preventDefault();
      this.follow(url);
    });
    app.on('second-instance', (_event, argv) => {
      const link = deepLinkIn(argv);
      if (link) this.follow(link);
      else this.deps.focus();
    });
    const first = deepLinkIn(initialArgv);
    if (first) this.follow(first);
  }

  /** The window exists now: open a link that came before it did. */
  windowReady(): void {
    this.ready = true;
    if (this.pending) {
      const path = this.pending;
      this.pending = null;
      this.deps.open(path);
    }
  }

  /** The path the window should start at (a link given on the command line), else null. */
  takeInitialPath(): string | null {
    const path = this.pending;
    this.pending = null;
    return path;
  }

  private follow(link: string): void {
    const path = consolePathOf(link);
    if (!path) return this.deps.focus();
    if (this.ready) this.deps.open(path);
    else this.pending = path;
  }
}
