import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { BridgeCall, dispatchIpc, type BridgeAnswer, type PartialIpcHandlers } from '../../shared/ipc';

export interface IpcBridgeOptions {
  handlers: PartialIpcHandlers;
  /** 0 picks a free port. */
  port?: number;
  /** Page origins allowed to connect (the tray page's); a connection from any other is refused. */
  allowedOrigins: readonly string[];
  /** Told about every refused connection and failed call. */
  log?: (message: string) => void;
}

export interface IpcBridge {
  /** ws://127.0.0.1:PORT/?token=… — hand it to the tray page as `?bridge=`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves an IPC handler map over a local WebSocket, so the tray renderer runs in a plain browser
 * against the real device services (tests, development). It listens on 127.0.0.1 only, and a
 * connection must present the random token from `url` and come from an allowed page origin: any
 * web page could otherwise open a socket to localhost and read the device's diagnostics. Every call
 * goes through `dispatchIpc`, the same validation Electron's IPC router uses.
 */
export async function startIpcBridge(options: IpcBridgeOptions): Promise<IpcBridge> {
  const token = randomBytes(24).toString('base64url');
  const log = options.log ?? (() => {});
  const allowed = new Set(options.allowedOrigins);
  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxPayload: 1024 * 1024,
    verifyClient: ({ req }: { req: IncomingMessage }) => {
      const given = Buffer.from(new URL(req.url ?? '/', 'ws://bridge').searchParams.get('token') ?? '');
      const ok = given.length === token.length && timingSafeEqual(given, Buffer.from(token));
      const origin = req.headers.origin ?? '';
      if (!ok || !allowed.has(origin)) log(`refused a bridge connection from ${origin || 'no origin'}${ok ? '' : ' (wrong token)'}`);
      return ok && allowed.has(origin);
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.on('connection', (socket) => serve(socket, options.handlers, log));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `ws://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

function serve(socket: WebSocket, handlers: PartialIpcHandlers, log: (message: string) => void): void {
  socket.on('message', (data) => {
    let call: BridgeCall;
    try {
      const parsed = BridgeCall.safeParse(JSON.parse(String(data)));
      if (!parsed.success) return void log('dropped a malformed bridge frame');
      call = parsed.data;
    } catch {
      return void log('dropped a bridge frame that is not JSON');
    }
    const answer = (a: BridgeAnswer) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(a));
    dispatchIpc(handlers, call.channel, call.request).then(
      (response) => answer({ id: call.id, ok: true, response }),
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        log(`${call.channel} failed: ${message}`);
        answer({ id: call.id, ok: false, error: message });
      },
    );
  });
}
