import { parseArgs } from 'node:util';
import { z } from 'zod';
import { EnrollmentTokenSecret } from '../../shared/api/device-enrollment';

export const AGENT_USAGE = `Usage: npm run agent -- [options]

  --server URL       the Tandem server (needed to enroll; afterwards read from the config)
  --enroll TOKEN     enroll this machine with a one-time token from an admin
  --config PATH      where the identity is kept (default ~/.config/tandem-agent/config.json)
  --name NAME        the device's name when enrolling (default: the hostname)
  --log-level LEVEL  fatal|error|warn|info|debug|trace|silent (default info)
  --downloads DIR    where files sent in a remote session land (default ~/Downloads)
  --max-file-mb N    largest file sent or fetched in a remote session, in MB (default 512)
  --help             show this help

Remote sessions: this agent has no one to ask, so it accepts a session only when the device's group
allows unattended sessions (and logs each one); otherwise it refuses at once, saying why.

Exit codes: 0 stopped (SIGTERM/SIGINT), 1 failed (enrollment refused, server unreachable when enrolling),
2 bad flags or not enrolled, 3 this device was refused by the server (revoked, unknown, wrong key).`;

export const AgentFlags = z.strictObject({
  server: z
    .url({ protocol: /^https?$/, error: '--server must be an http:// or https:// URL, e.g. https://help.example.org' })
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  enroll: EnrollmentTokenSecret.optional(),
  config: z.string().min(1, '--config needs a path').optional(),
  name: z.string().trim().min(1, '--name cannot be empty').max(120, '--name is at most 120 characters').optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: '--log-level must be one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  downloads: z.string().min(1, '--downloads needs a folder').optional(),
  maxFileMb: z.coerce.number({ error: '--max-file-mb must be a number of megabytes' }).int('--max-file-mb must be a whole number of megabytes').min(1, '--max-file-mb must be at least 1').max(65_536, '--max-file-mb is at most 65536').optional(),
  help: z.boolean().default(false),
});
export type AgentFlags = z.infer<typeof AgentFlags>;

/** Flags were wrong; the message says which and how. */
export class FlagError extends Error {
  override name = 'FlagError';
}

/** Parses and checks the agent's command line. Throws FlagError with a sentence when wrong. */
export function parseAgentFlags(argv: string[]): AgentFlags {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        server: { type: 'string' },
        enroll: { type: 'string' },
        config: { type: 'string' },
        name: { type: 'string' },
        'log-level': { type: 'string' },
        downloads: { type: 'string' },
        'max-file-mb': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    throw new FlagError((err as Error).message);
  }
  const { 'log-level': logLevel, 'max-file-mb': maxFileMb, ...rest } = values;
  const parsed = AgentFlags.safeParse({ ...rest, ...(logLevel !== undefined ? { logLevel } : {}), ...(maxFileMb !== undefined ? { maxFileMb } : {}) });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = issue.path[0] === 'enroll' ? '--enroll: ' : '';
    throw new FlagError(`${flag}${issue.message}`);
  }
  return parsed.data;
}
