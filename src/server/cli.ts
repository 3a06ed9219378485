import { ConfigError, USAGE, loadConfig } from './config';
import { startServer } from './server';

/** `npm start`: the Tandem server. Prints where the console is, and the setup link on first run. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.argv.slice(2), process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  if (config === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const server = await startServer(config);
  const base = config.publicUrl ?? server.url;
  const banner = [`Tandem is running. Web console: ${base}/`, `API documentation: ${base}/api/docs`];
  if (server.setupToken) {
    banner.push('No admin account yet. Open this one-time link to create it:', `  ${base}/setup?token=${server.setupToken}`);
  }
  process.stdout.write(`${banner.join('\n')}\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.ctx.log.info({ signal }, 'shutting down');
    server
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        server.ctx.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Tandem could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
