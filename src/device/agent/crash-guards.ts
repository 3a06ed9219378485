import type { Logger } from 'pino';

/**
 * What the agent does with an error nothing caught. A promise rejected with no handler (a send on a
 * channel that closed at the end of a session, say) is logged with its stack and the agent keeps
 * running: Node's default would end the process, and with it every session and the device's link,
 * for a fault in one of them. An exception thrown out of a callback leaves state nobody can vouch
 * for: it is logged as fatal and the agent exits with 1, for its service manager to start it again.
 */
export function installCrashGuards(log: Pick<Logger, 'error' | 'fatal'>): () => void {
  const onRejection = (reason: unknown) => {
    log.error({ err: reason instanceof Error ? { message: reason.message, stack: reason.stack } : String(reason) }, 'unhandled rejection (the agent keeps running)');
  };
  const onException = (err: Error) => {
    log.fatal({ err: { message: err.message, stack: err.stack } }, 'uncaught exception: the agent stops');
    process.exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
