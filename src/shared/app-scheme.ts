/**
 * The Electron apps load their bundled pages from `app://tandem/…` (a privileged, standard, secure
 * custom scheme) rather than `file://`, so the pages have one stable origin that the server can
 * allow for cross-origin API calls and that main can recognise as the app's own.
 */
export const APP_SCHEME = 'app';
/** The host part of every bundled page's URL. */
export const APP_HOST = 'tandem';
/** The origin of the bundled pages, as browsers send it in the Origin header. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
