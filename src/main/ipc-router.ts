import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CONTRACT, dispatchIpc, type IpcChannel, type PartialIpcHandlers } from '../shared/ipc';
import type { AppOrigin } from './app-origin';

/**
 * Serves the handler map over Electron IPC. Every call is checked twice: the sending frame must be
 * the app's own page, and the payload must match the channel's schema (dispatchIpc, shared with the
 * local WebSocket bridge). A refusal rejects the renderer's promise with a sentence; nothing runs.
 */
export class IpcRouter {
  constructor(
    private readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
    private readonly origin: AppOrigin,
    private readonly log: (message: string) => void,
  ) {}

  serve(handlers: PartialIpcHandlers): void {
    for (const channel of Object.keys(IPC_CONTRACT) as IpcChannel[]) {
      this.ipcMain.handle(channel, (event, payload: unknown) => this.dispatch(channel, handlers, event, payload));
    }
  }

  stop(): void {
    for (const channel of Object.keys(IPC_CONTRACT)) this.ipcMain.removeHandler(channel);
  }

  private async dispatch(channel: IpcChannel, handlers: PartialIpcHandlers, event: Pick<IpcMainInvokeEvent, 'senderFrame'>, payload: unknown): Promise<unknown> {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!this.origin.includes(frameUrl)) {
      this.log(`refused ${channel} from ${frameUrl || 'an unknown frame'}`);
      throw new Error('This page may not use the app.');
    }
    return dispatchIpc(handlers, channel, payload);
  }
}
