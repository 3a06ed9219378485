import type { IpcHandlers } from '../shared/ipc';

export interface AppHandlerDeps {
  version: string;
  serverUrl: string;
  showNotification(title: string, body: string): void;
  openExternal(url: string): Promise<void>;
}

/** The `app:` channels; Electron objects come in as plain functions so tests can pass fakes. */
export function appHandlers(deps: AppHandlerDeps): IpcHandlers {
  return {
    'app:getVersion': () => deps.version,
    'app:getServerUrl': () => deps.serverUrl,
    'app:notify': ({ title, body }) => deps.showNotification(title, body),
    'app:openExternal': ({ url }) => deps.openExternal(url),
  };
}
