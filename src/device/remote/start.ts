import { homedir } from 'node:os';
import { join } from 'node:path';
import { detectCapabilities } from '../capabilities';
import type { AgentConfig } from '../agent/config';
import type { LinkLogger } from '../agent/link';
import type { ConsentPrompt } from './consent';
import { SessionHost, type SessionLink } from './session-host';
import type { ReconnectPolicy } from './hosted-session';

/** Where files sent to the device land unless configured. */
export const DEFAULT_DOWNLOADS = join(homedir(), 'Downloads');
/** The largest file sent or fetched unless configured. */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface HostSessionsOptions {
  link: SessionLink;
  config: Pick<AgentConfig, 'server' | 'name'>;
  log: LinkLogger;
  consent: ConsentPrompt;
  downloads?: string | undefined;
  maxFileBytes?: number | undefined;
  reconnect?: Partial<ReconnectPolicy>;
}

/** Hosts remote sessions on this device over its link (headless agent, tray bridge, tray). */
export function hostSessions(options: HostSessionsOptions): SessionHost {
  let capabilities: ReturnType<typeof detectCapabilities> | null = null;
  return new SessionHost({
    link: options.link,
    consent: options.consent,
    capabilities: () => (capabilities ??= detectCapabilities()),
    deviceName: options.config.name,
    serverUrl: options.config.server,
    log: options.log,
    files: {
      folder: options.downloads ?? DEFAULT_DOWNLOADS,
      maxBytes: options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES,
    },
    // simple-peer and wrtc load with the first session, not with the agent.
    loadPeerFactory: async () => (await import('./node-peer')).createNodePeer,
    ...(options.reconnect ? { reconnect: options.reconnect } : {}),
  });
}
