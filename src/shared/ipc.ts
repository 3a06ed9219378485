import { z } from 'zod';
import { DiagnosticsSnapshot } from './domain/diagnostics';
import { User } from './domain/user';
import { ConsentAnswer, ConsentRequest, RunningSessionState, SESSION_POLL_MAX_MS } from './remote/consent';

/** An https link; the only kind the app may hand to the system browser. */
export const ExternalUrl = z
  .url({ protocol: /^https$/, error: 'Only https links can be opened.' })
  .max(2048);

/** A screenshot of the device's main screen as a PNG data URL, or why there is none. */
export const Screenshot = z.union([
  z.object({
    dataUrl: z.string().startsWith('data:image/png;base64,').max(40_000_000),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  z.object({ unavailable: z.string().max(300) }),
]);
export type Screenshot = z.infer<typeof Screenshot>;

/**
 * The sign-in a tray keeps between runs: the refresh token (null: nobody is remembered) and the user
 * it belongs to, so that a tray started while the server is unreachable can open that user's local
 * database and work offline until the token can be refreshed.
 */
export const RememberedSignIn = z.object({ refreshToken: z.string().min(1).max(4096).nullable(), user: User.nullable() });
export type RememberedSignIn = z.infer<typeof RememberedSignIn>;

/** Reads a stored sign-in (JSON); a bare token, the format before the user was kept, has no user. */
export function parseRememberedSignIn(text: string): RememberedSignIn {
  const trimmed = text.trim();
  if (!trimmed) return { refreshToken: null, user: null };
  if (!trimmed.startsWith('{')) return { refreshToken: trimmed, user: null };
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch {
    return { refreshToken: null, user: null };
  }
  const parsed = RememberedSignIn.safeParse(json);
  return parsed.success ? parsed.data : { refreshToken: null, user: null };
}

/**
 * The one IPC contract between renderers and the Electron main process: namespaced channels to
 * request and response schemas. The preload exposes exactly these; main (and the test bridge)
 * validate every payload against them and refuse any other channel.
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
  /** The unread count on the app's dock or taskbar icon (0 clears it). */
  'app:setBadgeCount': { request: z.strictObject({ count: z.number().int().min(0).max(99_999) }), response: z.void() },
  /** Keeps the sign-in between runs (encrypted with the OS keychain in Electron). */
  'auth:save': { request: z.strictObject({ refreshToken: RememberedSignIn.shape.refreshToken, user: User.nullable().default(null) }), response: z.void() },
  'auth:load': { request: z.void(), response: RememberedSignIn },
  /** A diagnostics snapshot of this device, taken now. */
  'device:diagnostics': { request: z.void(), response: DiagnosticsSnapshot },
  /** The main screen now, or why it cannot be captured (no display). */
  'device:screenshot': { request: z.void(), response: Screenshot },
  /**
   * Remote sessions (tray): the next consent request, waiting up to `waitMs` for one (long-poll);
   * null when none came. Call again right away to keep listening.
   */
  'session:nextPrompt': {
    request: z.strictObject({ waitMs: z.number().int().min(0).max(SESSION_POLL_MAX_MS).default(SESSION_POLL_MAX_MS) }),
    response: ConsentRequest.nullable(),
  },
  /** The person's answer to a consent request. Refused with a sentence when it is no longer asked. */
  'session:answer': { request: ConsentAnswer, response: z.void() },
  /**
   * The running session (or null). With `afterVersion`, waits up to `waitMs` until the version
   * differs (long-poll for the session bar and chat); without, answers at once.
   */
  'session:current': {
    request: z.strictObject({ afterVersion: z.number().int().nonnegative().optional(), waitMs: z.number().int().min(0).max(SESSION_POLL_MAX_MS).default(SESSION_POLL_MAX_MS) }),
    response: RunningSessionState,
  },
  /** The person at the device ends the session. */
  'session:end': { request: z.strictObject({ sessionId: z.string().min(1).max(60) }), response: z.void() },
  /** The person at the device takes control back (view only) or gives it again (up to what was granted). */
  'session:setViewOnly': { request: z.strictObject({ sessionId: z.string().min(1).max(60), viewOnly: z.boolean() }), response: RunningSessionState },
  /** The person at the device writes to the agent. */
  'session:chat': { request: z.strictObject({ sessionId: z.string().min(1).max(60), text: z.string().trim().min(1).max(4000) }), response: z.void() },
} as const;

export type IpcChannel = keyof typeof IPC_CONTRACT;
export type IpcRequest<C extends IpcChannel> = z.input<(typeof IPC_CONTRACT)[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<(typeof IPC_CONTRACT)[C]['response']>;

/** A handler for one channel, as main implements it (also servable over a local socket). */
export type IpcHandler<C extends IpcChannel> = (
  request: z.output<(typeof IPC_CONTRACT)[C]['request']>,
) => Promise<IpcResponse<C>> | IpcResponse<C>;

/** Handlers for every channel. */
export type IpcHandlers = { [C in IpcChannel]: IpcHandler<C> };

/** The handlers one app offers; a channel it leaves out is refused with a sentence. */
export type PartialIpcHandlers = { [C in IpcChannel]?: IpcHandler<C> };

type Namespace<C extends string> = C extends `${infer N}:${string}` ? N : never;
type MethodOf<C extends string> = C extends `${string}:${infer M}` ? M : never;

/** The object the preload puts on `window.tandem`: namespace → method → invoke. */
export type TandemBridge = {
  [N in Namespace<IpcChannel>]: {
    [C in IpcChannel as C extends `${N}:${string}` ? MethodOf<C> : never]: IpcRequest<C> extends void
      ? () => Promise<IpcResponse<C>>
      : (request: IpcRequest<C>) => Promise<IpcResponse<C>>;
  };
};

/** Whether a string names a channel of the contract. */
export function isIpcChannel(channel: string): channel is IpcChannel {
  return Object.hasOwn(IPC_CONTRACT, channel);
}

/** Builds a TandemBridge whose every method calls `invoke` with its channel (preload and bridge client). */
export function bridgeOver(invoke: (channel: IpcChannel, request: unknown) => Promise<unknown>): TandemBridge {
  const bridge: Record<string, Record<string, (request?: unknown) => Promise<unknown>>> = {};
  for (const channel of Object.keys(IPC_CONTRACT) as IpcChannel[]) {
    const [namespace, method] = channel.split(':') as [string, string];
    (bridge[namespace] ??= {})[method] = (request?: unknown) => invoke(channel, request);
  }
  return bridge as TandemBridge;
}

/**
 * Validates one call against the contract and runs its handler: the single dispatch used by the
 * Electron IPC router and the local WebSocket bridge, so both refuse the same things the same way.
 */
export async function dispatchIpc(handlers: PartialIpcHandlers, channel: string, payload: unknown): Promise<unknown> {
  if (!isIpcChannel(channel)) throw new Error('This app has no such function.');
  const handler = handlers[channel] as ((request: unknown) => unknown) | undefined;
  if (!handler) throw new Error('This app does not offer that function.');
  const request = IPC_CONTRACT[channel].request.safeParse(payload);
  if (!request.success) throw new Error(request.error.issues[0]?.message ?? 'The request is invalid.');
  return handler(request.data);
}

/** The bridge protocol over a local WebSocket: one JSON request, one JSON answer, matched by id. */
export const BridgeCall = z.strictObject({ id: z.number().int(), channel: z.string().max(64), request: z.unknown().optional() });
export type BridgeCall = z.infer<typeof BridgeCall>;
export const BridgeAnswer = z.union([
  z.object({ id: z.number().int(), ok: z.literal(true), response: z.unknown().optional() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);
export type BridgeAnswer = z.infer<typeof BridgeAnswer>;
