import { contextBridge, ipcRenderer } from 'electron';
import { bridgeOver, type TandemBridge } from '../shared/ipc';

/**
 * The renderer's only door to main: the channels of src/shared/ipc.ts, each through
 * ipcRenderer.invoke, built from the contract itself so a channel cannot be forgotten or invented.
 * ipcRenderer itself is never exposed, and there is no sendSync.
 */
const api: TandemBridge = bridgeOver((channel, request) => ipcRenderer.invoke(channel, request));

contextBridge.exposeInMainWorld('tandem', api);
