import type { Logger } from 'pino';
import { AGENT_ID, detectCapabilities } from '../capabilities';
import { takeDiagnosticsSnapshot } from '../diagnostics/snapshot';
import { readAgentConfig, writeAgentConfig, type AgentConfig } from './config';
import { enroll } from './enroll';
import { DeviceLinkClient } from './link';

/** The agent cannot start as asked (not enrolled, config for another server); exit code 2. */
export class AgentSetupError extends Error {
  override name = 'AgentSetupError';
}

export interface AgentOptions {
  configPath: string;
  server?: string | undefined;
  enrollToken?: string | undefined;
  name?: string | undefined;
  log: Logger;
}

/**
 * The identity to run with: the saved config, or a fresh enrollment when a token is given and
 * none is saved yet. A token given to an already enrolled agent is ignored (and said so), so a
 * service unit that keeps `--enroll` in its command line still restarts cleanly.
 */
export async function loadOrEnroll(options: AgentOptions): Promise<AgentConfig> {
  const { configPath, server, enrollToken, log } = options;
  const saved = await readAgentConfig(configPath);
  if (saved) {
    if (server && server !== saved.server) {
      throw new AgentSetupError(`This agent is enrolled with ${saved.server}, not ${server}. Remove ${configPath} to enroll with another server.`);
    }
    if (enrollToken) log.warn({ deviceId: saved.deviceId }, 'already enrolled; --enroll ignored');
    return saved;
  }
  if (!enrollToken) throw new AgentSetupError(`Not enrolled yet (no ${configPath}). Run with --server URL --enroll TOKEN (a token from an admin).`);
  if (!server) throw new AgentSetupError('To enroll, say which server: --server URL.');
  const config = await enroll(server, enrollToken, options.name);
  await writeAgentConfig(configPath, config);
  log.info({ deviceId: config.deviceId, name: config.name, configPath }, 'enrolled');
  return config;
}

/** Starts the device link with this device's request handlers. */
export function startDeviceLink(config: AgentConfig, log: Logger, onRefused: (message: string) => void): DeviceLinkClient {
  const link = new DeviceLinkClient({
    server: config.server,
    deviceId: config.deviceId,
    privateKeyPem: config.privateKeyPem,
    log,
    onRefused,
    agent: AGENT_ID,
    capabilities: memo(detectCapabilities),
    handlers: {
      // Connectivity is checked against our own server only; a device probes no one else.
      'diagnostics.request': singleFlight(() => takeDiagnosticsSnapshot({ checkUrls: [`${config.server}/api/health`] })),
    },
  });
  link.start();
  return link;
}

/** Runs `fn` once and keeps its answer (capabilities do not change while the agent runs). */
function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => (value ??= fn());
}

/** Calls made while one is running share its answer: several agents asking at once cost one snapshot. */
function singleFlight<T>(fn: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  return () =>
    (running ??= fn().finally(() => {
      running = null;
    }));
}
