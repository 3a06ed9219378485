import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from './config';
import type { Store } from './store/database';
import type { AccessTokens } from './auth/tokens';

/** A source of the current time; tests pass a fake clock. */
export type Clock = () => Date;

/** What every route and service of the server is built from. */
export interface ServerContext {
  store: Store;
  config: ServerConfig;
  clock: Clock;
  log: FastifyBaseLogger;
  tokens: AccessTokens;
  /** URL people reach this server at: TANDEM_PUBLIC_URL, or the address it listens on. */
  baseUrl: string;
  /** Folder for attachments (under the data folder). */
  attachmentsDir: string;
}
