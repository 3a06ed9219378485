import { APP_HOST, APP_SCHEME } from '../shared/app-scheme';

/**
 * What counts as "the app" for a window: the bundled pages (app://tandem/…) and, when the console
 * is loaded from the Tandem server, that server's origin. Navigation and IPC from anything else
 * are refused.
 */
export class AppOrigin {
  constructor(private readonly serverOrigin: string | null) {}

  /** Whether a URL belongs to the app. */
  includes(url: string): boolean {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    // Node's URL gives custom schemes the origin "null", so the app's pages are matched by scheme
    // and host (with no port or credentials): app://tandem.evil or app://x@tandem are not ours.
    if (parsed.protocol === `${APP_SCHEME}:`) return parsed.host === APP_HOST && !parsed.username && !parsed.password;
    return this.serverOrigin !== null && parsed.origin === this.serverOrigin;
  }
}
