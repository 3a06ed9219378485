import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from '../shared/app-scheme';

/**
 * The privileges of app:// — standard (real origin, relative URLs), secure (like https, so
 * IndexedDB, crypto.subtle and notifications work), fetch and CORS enabled. Must be registered
 * before the app is ready.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true },
} as const;

/**
 * The bundled file an app:// URL names, or null when it names anything outside the renderer
 * folder (another host, `..`, an encoded separator): only the app's own pages are ever served.
 */
export function appFileFor(rendererDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path.endsWith('/') ? `${path}index.html` : path}`);
  const inside = relative(root, file);
  if (!inside || inside.startsWith('..') || inside.startsWith(sep) || resolve(root, inside) !== file) return null;
  return file;
}

/** Serves app://tandem/… from the renderer folder through `fetchFile` (Electron's net.fetch). */
export class AppProtocol {
  constructor(
    private readonly protocol: Pick<Protocol, 'handle' | 'unhandle'>,
    private readonly rendererDir: string,
    private readonly fetchFile: (fileUrl: string) => Promise<Response>,
  ) {}

  start(): void {
    this.protocol.handle(APP_SCHEME, (request) => this.answer(request.url));
  }

  stop(): void {
    this.protocol.unhandle(APP_SCHEME);
  }

  /** The response for one app:// request (a 404 for anything outside the renderer folder). */
  async answer(url: string): Promise<Response> {
    const file = appFileFor(this.rendererDir, url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await this.fetchFile(pathToFileURL(file).href).catch(() => null);
    return response ?? new Response('Not found', { status: 404 });
  }
}

/** The URL of a bundled page, e.g. appUrl('tray/index.html'). */
export const appUrl = (page: string): string => `${APP_SCHEME}://${APP_HOST}/${page}`;
