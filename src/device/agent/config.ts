import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { DevicePublicKey } from '../../shared/device-protocol';

/** Where the agent keeps its identity unless told otherwise. */
export const DEFAULT_CONFIG_PATH = join(homedir(), '.config', 'tandem-agent', 'config.json');

/** What an enrolled agent remembers: its server, its identity, and the server key it pinned. */
export const AgentConfig = z.object({
  version: z.literal(1),
  server: z.url(),
  deviceId: z.uuid(),
  name: z.string().min(1),
  privateKeyPem: z.string().startsWith('-----BEGIN PRIVATE KEY-----'),
  publicKey: DevicePublicKey,
  serverPublicKey: DevicePublicKey,
  enrolledAt: z.iso.datetime({ offset: true }),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

/** Reads the config; null when there is none yet; throws with a sentence when it is unreadable. */
export async function readAgentConfig(path: string): Promise<AgentConfig | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`Cannot read the agent config ${path}: ${(err as Error).message}`);
  }
  const parsed = AgentConfig.safeParse(safeJson(text));
  if (!parsed.success) throw new Error(`The agent config ${path} is damaged. Remove it and enroll again with a new token.`);
  return parsed.data;
}

/**
 * Writes the config readable by its owner only (it holds the private key), atomically: written
 * beside the old one with mode 0600, then renamed over it.
 */
export async function writeAgentConfig(path: string, config: AgentConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, path);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
