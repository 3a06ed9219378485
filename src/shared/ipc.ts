import { z } from 'zod';

/** An https link; the only kind the app may hand to the system browser. */
export const ExternalUrl = z
  .url({ protocol: /^https$/, error: 'Only https links can be opened.' })
  .max(2048);

/**
 * The one IPC contract between renderers and the Electron main process: namespaced channels to
 * request and response schemas. The preload exposes exactly these; main validates every payload
 * against them and refuses any other channel.
 */
export const IPC_CONTRACT = {
  'app:getVersion': { request: z.void(), response: z.string() },
  /** The Tandem server the renderer talks to (origin, no trailing slash). */
  'app:getServerUrl': { request: z.void(), response: z.url() },
  'app:notify': {
    request: z.strictObject({ title: z.string().min(1).max(120), body: z.string().max(500) }),
    response: z.void(),
  },
  'app:openExternal': { request: z.strictObject({ url: ExternalUrl }), response: z.void() },
} as const;

export type IpcChannel = keyof typeof IPC_CONTRACT;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof IPC_CONTRACT)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof IPC_CONTRACT)[C]['response']>;

/** Handlers for every channel, as main implements them (also servable over a local socket). */
export type IpcHandlers = {
  [C in IpcChannel]: (request: z.output<(typeof IPC_CONTRACT)[C]['request']>) => Promise<IpcResponse<C>> | IpcResponse<C>;
};

/** The object the preload puts on `window.tandem`: namespace → method → invoke. */
export interface TandemBridge {
  app: {
    getVersion(): Promise<IpcResponse<'app:getVersion'>>;
    getServerUrl(): Promise<IpcResponse<'app:getServerUrl'>>;
    notify(request: IpcRequest<'app:notify'>): Promise<IpcResponse<'app:notify'>>;
    openExternal(request: IpcRequest<'app:openExternal'>): Promise<IpcResponse<'app:openExternal'>>;
  };
}

/** Whether a string names a channel of the contract. */
export function isIpcChannel(channel: string): channel is IpcChannel {
  return Object.hasOwn(IPC_CONTRACT, channel);
}
