import pino from 'pino';
import { DEFAULT_CONFIG_PATH } from './config';
import { AgentSetupError, loadOrEnroll, startDeviceLink } from './agent';
import { EnrollmentError } from './enroll';
import { AGENT_USAGE, parseAgentFlags, type AgentFlags } from './flags';
import { UnattendedOnlyConsent } from '../remote/consent';
import { hostSessions } from '../remote/start';
import { installCrashGuards } from './crash-guards';
import { watchStalls } from './stall-watch';

/** The headless device agent: `npm run agent -- --server URL --enroll TOKEN`, then just `npm run agent`. */
async function main(argv: string[]): Promise<number> {
  let flags: AgentFlags;
  try {
    flags = parseAgentFlags(argv);
  } catch (err) {
    process.stderr.write(`tandem-agent: ${(err as Error).message}\n\n${AGENT_USAGE}\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(`${AGENT_USAGE}\n`);
    return 0;
  }
  const log = pino({ name: 'tandem-agent', level: flags.logLevel });
  installCrashGuards(log);
  let config;
  try {
    config = await loadOrEnroll({
      configPath: flags.config ?? DEFAULT_CONFIG_PATH,
      server: flags.server,
      enrollToken: flags.enroll,
      name: flags.name,
      log,
    });
  } catch (err) {
    if (err instanceof AgentSetupError) {
      process.stderr.write(`tandem-agent: ${err.message}\n`);
      return 2;
    }
    log.fatal({ err: err instanceof EnrollmentError ? err.message : err }, 'could not enroll');
    return 1;
  }
  return new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number) => {
      if (done) return;
      done = true;
      stopWatch();
      void sessions
        .stop()
        .then(() => link.stop())
        .then(() => {
          log.info({ code }, 'agent stopped');
          resolve(code);
        });
    };
    const link = startDeviceLink(config, log, () => finish(3));
    // No one to ask here: sessions run only when the device's group allows them unattended.
    const sessions = hostSessions({
      link,
      config,
      log,
      consent: new UnattendedOnlyConsent(),
      downloads: flags.downloads,
      maxFileBytes: flags.maxFileMb === undefined ? undefined : flags.maxFileMb * 1024 * 1024,
      ...(process.env.TANDEM_REMOTE_RECONNECT_WINDOW_MS
        ? { reconnect: { windowMs: Number(process.env.TANDEM_REMOTE_RECONNECT_WINDOW_MS) } }
        : {}),
    });
    const stopWatch = watchStalls(log);
    log.info({ deviceId: config.deviceId, server: config.server }, 'agent started');
    process.once('SIGTERM', () => finish(0));
    process.once('SIGINT', () => finish(0));
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Pino writes synchronously to stdout; nothing else should keep the process up after this.
  },
  (err: unknown) => {
    process.stderr.write(`tandem-agent: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
