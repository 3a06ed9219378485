import { contextBridge, ipcRenderer } from 'electron';
import type { IpcChannel, IpcRequest, IpcResponse, TandemBridge } from '../shared/ipc';

/**
 * The renderer's only door to main: the channels of src/shared/ipc.ts, each through
 * ipcRenderer.invoke. ipcRenderer itself is never exposed, and there is no sendSync.
 */
const invoke = <C extends IpcChannel>(channel: C, request?: IpcRequest<C>): Promise<IpcResponse<C>> =>
  ipcRenderer.invoke(channel, request) as Promise<IpcResponse<C>>;

const api = {
  app: {
    getVersion: () => invoke('app:getVersion'),
    getServerUrl: () => invoke('app:getServerUrl'),
    notify: (request) => invoke('app:notify', request),
    openExternal: (request) => invoke('app:openExternal', request),
  },
} satisfies TandemBridge;

contextBridge.exposeInMainWorld('tandem', api);
