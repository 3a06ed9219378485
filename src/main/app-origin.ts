import { pathToFileURL } from 'node:url';

/**
 * What counts as "the app" for a window: the bundled renderer folder (file://) and, when the
 * console is loaded from the Tandem server, that server's origin. Navigation and IPC from anything
 * else are refused.
 */
export class AppOrigin {
  private readonly rendererPrefix: string;

  constructor(
    rendererDir: string,
    private readonly serverOrigin: string | null,
  ) {
    this.rendererPrefix = pathToFileURL(rendererDir).href.replace(/\/?$/, '/');
  }

  /** Whether a URL belongs to the app. */
  includes(url: string): boolean {
    if (url.startsWith(this.rendererPrefix)) return true;
    if (!this.serverOrigin) return false;
    try {
      return new URL(url).origin === this.serverOrigin;
    } catch {
      return false;
    }
  }
}
