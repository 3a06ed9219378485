import type { Session, WebContents } from 'electron';
import type { AppOrigin } from './app-origin';

/** The CSP for app pages: scripts only from the app itself, network only to the Tandem server. */
export function contentSecurityPolicy(serverOrigin: string): string {
  const ws = serverOrigin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${serverOrigin} ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Adds the CSP header to every response the app's session loads. */
export function enforceCsp(session: Session, policy: string): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
}

/** No new windows, no navigation away from the app, no permission prompts from web content. */
export function guardContents(contents: WebContents, origin: AppOrigin, onExternalLink: (url: string) => void): void {
  contents.setWindowOpenHandler(({ url }) => {
    // Links meant for the browser (docs, a ticket's web link) go there; nothing opens in-app.
    if (url.startsWith('https://')) onExternalLink(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!origin.includes(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permission === 'notifications');
  });
}
