import type { IpcHandler } from '../shared/ipc';

export interface AppHandlerDeps {
  version: string;
  serverUrl: string;
  showNotification(title: string, body: string): void;
  openExternal(url: string): Promise<void>;
}

/** The `app:` channels both apps share; Electron objects come in as plain functions so tests can pass fakes. */
export function appHandlers(deps: AppHandlerDeps): {
  'app:getVersion': IpcHandler<'app:getVersion'>;
  'app:getServerUrl': IpcHandler<'app:getServerUrl'>;
  'app:notify': IpcHandler<'app:notify'>;
  'app:openExternal': IpcHandler<'app:openExternal'>;
} {
  return {
    'app:getVersion': () => deps.version,
    'app:getServerUrl': () => deps.serverUrl,
    'app:notify': ({ title, body }) => deps.showNotification(title, body),
    'app:openExternal': ({ url }) => deps.openExternal(url),
  };
}
