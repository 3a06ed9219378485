import pino from 'pino';
import { loadOrEnroll, startDeviceLink } from '../agent/agent';
import { hostSessions } from './start';
import { idleSessionHandlers, sessionHandlers, TrayConsent } from './tray-consent';

export interface DeviceSessionsOptions {
  /** Where the device identity is kept (as the headless agent keeps it). */
  configPath: string;
  server: string;
  /** A one-time enrollment token, for the first run. */
  enrollToken?: string | undefined;
  name?: string | undefined;
  downloads?: string | undefined;
  maxFileBytes?: number | undefined;
  /** A consent question arrived (the tray shows its popover). */
  onAsk?: () => void;
  onRefused?: (message: string) => void;
}

export type SessionIpcHandlers = ReturnType<typeof sessionHandlers>;

/**
 * The tray's device side of remote sessions (Electron tray and tray bridge): its own device link
 * with the enrolled identity, a session host asking the person through the tray, and the
 * `session:*` IPC handlers for it. The handlers are usable at once: until the link is up (or when
 * there is no identity) they answer that nothing is happening.
 */
export function startDeviceSessions(options: DeviceSessionsOptions): { handlers: SessionIpcHandlers; ready: Promise<{ deviceId: string } | null>; stop(): Promise<void> } {
  const log = pino({ name: 'tandem-device', level: 'info' }, pino.destination(2));
  const consent = new TrayConsent(options.onAsk);
  let current: SessionIpcHandlers = idleSessionHandlers();
  let stop = async () => {};
  const ready = (async () => {
    const config = await loadOrEnroll({ configPath: options.configPath, server: options.server, enrollToken: options.enrollToken, name: options.name, log });
    const link = startDeviceLink(config, log, (message) => options.onRefused?.(message));
    const host = hostSessions({ link, config, log, consent, downloads: options.downloads, maxFileBytes: options.maxFileBytes });
    current = sessionHandlers(host, consent);
    stop = async () => {
      await host.stop('The Tandem tray on the device is closing.');
      await link.stop();
    };
    return { deviceId: config.deviceId };
  })();
  // Each channel looks up the handlers of the moment, so the map can be registered before the link is up.
  const handlers = Object.fromEntries(
    (Object.keys(current) as Array<keyof SessionIpcHandlers>).map((channel) => [channel, (request: never) => (current[channel] as (r: never) => unknown)(request)]),
  ) as SessionIpcHandlers;
  return { handlers, ready, stop: () => stop() };
}
