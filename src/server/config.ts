import { parseArgs } from 'node:util';
import { z } from 'zod';
import { IceServer } from '../shared/api/remote-sessions';

const ConfigSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    host: z.string().min(1).default('127.0.0.1'),
    dataDir: z.string().min(1).default('./data'),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// or postgresql://')
      .optional(),
    adminEmail: z.email('TANDEM_ADMIN_EMAIL must be an email address').optional(),
    adminPassword: z.string().min(10, 'TANDEM_ADMIN_PASSWORD needs at least 10 characters').optional(),
    publicUrl: z.url('TANDEM_PUBLIC_URL must be a URL').optional(),
    jwtSecret: z.string().min(32, 'TANDEM_JWT_SECRET needs at least 32 characters').optional(),
    maxAttachmentBytes: z.coerce.number().int().positive().default(25 * 1024 * 1024),
    /** Origins besides the Electron apps' (app://tandem) allowed to call the API from a browser. */
    corsOrigins: z
      .array(z.url('TANDEM_CORS_ORIGINS lists origins such as https://portal.example.com').transform((u) => new URL(u).origin))
      .optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** STUN/TURN servers handed to both peers of a remote session; none on a LAN-only deployment. */
    iceServers: z
      .array(
        IceServer.refine(
          (server) => [server.urls].flat().every((url) => /^(stuns?|turns?):/.test(url)),
          'TANDEM_ICE_SERVERS: every url starts with stun:, stuns:, turn: or turns:',
        ),
        'TANDEM_ICE_SERVERS must be a JSON array of {"urls", "username"?, "credential"?}',
      )
      .max(20)
      .optional(),
    /** How long a device has to answer a session offer (tests shorten it; not read from the environment). */
    remoteConsentTimeoutMs: z.number().int().positive().optional(),
    /** How long a session outlives its device's link before it ends (tests shorten it; not read from the environment). */
    remoteDisconnectGraceMs: z.number().int().nonnegative().optional(),
    /** How often an instance looks for sessions left open by an instance that died (tests shorten it; not read from the environment). */
    remoteSweepIntervalMs: z.number().int().positive().optional(),
  })
  .refine((c) => (c.adminEmail === undefined) === (c.adminPassword === undefined), {
    message: 'Set both TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD, or neither.',
    path: ['adminPassword'],
  });

export type ServerConfig = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const USAGE = `Usage: tandem-server [options]

Options (each also read from the environment):
  --port N            PORT                   port to listen on (default 8080; 0 picks a free one)
  --host ADDR         HOST                   address to bind (default 127.0.0.1)
  --data-dir DIR      TANDEM_DATA_DIR        data folder: embedded database, attachments (default ./data)
  --database-url URL  DATABASE_URL           use PostgreSQL instead of the embedded database
  --public-url URL    TANDEM_PUBLIC_URL      URL people reach the server at (links in emails, setup link)
  --log-level LEVEL   TANDEM_LOG_LEVEL       fatal|error|warn|info|debug|trace|silent (default info)
                      TANDEM_ADMIN_EMAIL     first-run admin account (with TANDEM_ADMIN_PASSWORD)
                      TANDEM_ADMIN_PASSWORD
                      TANDEM_JWT_SECRET      signing secret for access tokens (default: generated, kept in the store)
                      TANDEM_MAX_ATTACHMENT_BYTES  largest attachment accepted (default 25 MiB)
                      TANDEM_CORS_ORIGINS    comma-separated extra origins allowed to call the API
                                             from a browser (app://tandem always is)
                      TANDEM_ICE_SERVERS     STUN/TURN servers for remote sessions, a JSON array such as
                                             [{"urls":"turn:turn.example.org:3478","username":"u","credential":"p"}]
  --help                                     show this help`;

/** Reads configuration from command-line flags (which win) and the environment, and validates it. */
export function loadConfig(argv: string[], env: NodeJS.ProcessEnv): ServerConfig | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'database-url': { type: 'string' },
        'public-url': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new ConfigError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return 'help';
  let iceServers: unknown;
  if (env.TANDEM_ICE_SERVERS) {
    try {
      iceServers = JSON.parse(env.TANDEM_ICE_SERVERS);
    } catch {
      throw new ConfigError('Invalid configuration:\n  iceServers: TANDEM_ICE_SERVERS is not JSON; give an array such as [{"urls":"stun:stun.example.org:3478"}]');
    }
  }
  const pick = (flag: string, name: string) => (values[flag] as string | undefined) ?? (env[name] || undefined);
  const parsed = ConfigSchema.safeParse({
    port: pick('port', 'PORT'),
    host: pick('host', 'HOST'),
    dataDir: pick('data-dir', 'TANDEM_DATA_DIR'),
    databaseUrl: pick('database-url', 'DATABASE_URL'),
    publicUrl: pick('public-url', 'TANDEM_PUBLIC_URL'),
    logLevel: pick('log-level', 'TANDEM_LOG_LEVEL'),
    adminEmail: env.TANDEM_ADMIN_EMAIL || undefined,
    adminPassword: env.TANDEM_ADMIN_PASSWORD || undefined,
    jwtSecret: env.TANDEM_JWT_SECRET || undefined,
    maxAttachmentBytes: env.TANDEM_MAX_ATTACHMENT_BYTES || undefined,
    iceServers,
    corsOrigins: env.TANDEM_CORS_ORIGINS ? env.TANDEM_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : undefined,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || 'config'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
