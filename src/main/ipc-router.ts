import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CONTRACT, isIpcChannel, type IpcChannel, type IpcHandlers } from '../shared/ipc';
import type { AppOrigin } from './app-origin';

/**
 * Serves the handler map over Electron IPC. Every call is checked twice: the sending frame must be
 * the app's own page, and the payload must match the channel's schema. A refusal rejects the
 * renderer's promise with a sentence; nothing runs.
 */
export class IpcRouter {
  constructor(
    private readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
    private readonly origin: AppOrigin,
    private readonly log: (message: string) => void,
  ) {}

  serve(handlers: IpcHandlers): void {
    for (const channel of Object.keys(IPC_CONTRACT)) {
      if (!isIpcChannel(channel)) continue;
      this.ipcMain.handle(channel, (event, payload: unknown) => this.dispatch(channel, handlers, event, payload));
    }
  }

  stop(): void {
    for (const channel of Object.keys(IPC_CONTRACT)) this.ipcMain.removeHandler(channel);
  }

  private async dispatch(channel: IpcChannel, handlers: IpcHandlers, event: IpcMainInvokeEvent, payload: unknown): Promise<unknown> {
    const frameUrl = event.senderFrame?.url ?? '';
    if (!this.origin.includes(frameUrl)) {
      this.log(`refused ${channel} from ${frameUrl || 'an unknown frame'}`);
      throw new Error('This page may not use the app.');
    }
    const request = IPC_CONTRACT[channel].request.safeParse(payload);
    if (!request.success) throw new Error(request.error.issues[0]?.message ?? 'The request is invalid.');
    const handler = handlers[channel] as (request: unknown) => unknown;
    return handler(request.data);
  }
}
