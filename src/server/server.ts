import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { buildApp } from './app';
import { AccessTokens } from './auth/tokens';
import { bootstrapAdmin } from './auth/setup';
import type { ServerConfig } from './config';
import type { Clock, ServerContext } from './context';
import type { App } from './http/types';
import { openStore, type Store } from './store/database';

export interface RunningServer {
  app: App;
  ctx: ServerContext;
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  /** One-time token for /setup when no admin exists yet and none was configured. */
  setupToken: string | null;
  /** Stops accepting, finishes requests in flight, closes the store. Safe to call twice. */
  close(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  /** Use an already open store (tests share one per file). */
  store?: Store;
  /** PostgreSQL schema (tests isolate themselves). */
  schema?: string;
  /** pino options, or false for silence (tests). */
  logger?: pino.LoggerOptions | false;
}

/** Opens the store, runs migrations, creates the first admin or a setup token, and listens. */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const clock = options.clock ?? (() => new Date());
  const dataDir = resolve(config.dataDir);
  if (!config.databaseUrl) await mkdir(dataDir, { recursive: true });
  const store =
    options.store ?? (await openStore({ databaseUrl: config.databaseUrl, dataDir, schema: options.schema }));
  const ownsStore = !options.store;
  const attachmentsDir = join(dataDir, 'attachments');
  await mkdir(attachmentsDir, { recursive: true });

  const loggerOptions = options.logger ?? { level: config.logLevel };
  const log = pino(loggerOptions === false ? { level: 'silent' } : loggerOptions);
  const secret = config.jwtSecret ?? (await signingSecret(store));
  const ctx: ServerContext = { store, config, clock, log, tokens: new AccessTokens(secret, clock), attachmentsDir, baseUrl: config.publicUrl ?? '' };
  const { setupToken } = await bootstrapAdmin(ctx);
  const app = await buildApp(ctx, log);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  ctx.baseUrl = config.publicUrl?.replace(/\/$/, '') ?? url;

  // While shutting down, answers in flight tell the client to drop its keep-alive connection, so
  // the server is not left waiting for idle sockets to time out.
  let shuttingDown = false;
  app.server.on('request', (_req, res) => {
    // Fastify's own listener runs first and answers a request that arrives while closing with a
    // 503 at once; setting a header on that sent answer threw out of the listener (uncaught).
    if (shuttingDown && !res.headersSent) res.setHeader('connection', 'close');
  });
  let closing: Promise<void> | null = null;
  return {
    app,
    ctx,
    url,
    setupToken,
    close: () =>
      (closing ??= (async () => {
        shuttingDown = true;
        const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
        // A request that never finishes (a client that stopped reading a streamed snapshot, a
        // half-open connection) must not hold the shutdown for ever: past the grace, cut them.
        const deadline = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
        try {
          await app.close();
        } finally {
          clearInterval(sweep);
          clearTimeout(deadline);
        }
        if (ownsStore) await store.close();
      })()),
  };
}

/** How long requests in flight may take to finish once the server is told to stop. */
const SHUTDOWN_GRACE_MS = 10_000;

/** The token-signing secret: generated on first start and kept in the store, so restarts keep sessions. */
async function signingSecret(store: Store): Promise<string> {
  const fresh = randomBytes(48).toString('base64url');
  await store.db
    .insertInto('settings')
    .values({ key: 'jwt_secret', value: JSON.stringify(fresh) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await store.db.selectFrom('settings').select('value').where('key', '=', 'jwt_secret').executeTakeFirstOrThrow();
  return row.value as string;
}
