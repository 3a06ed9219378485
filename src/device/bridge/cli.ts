import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { PartialIpcHandlers } from '../../shared/ipc';
import { deviceHandlers } from './device-handlers';
import { fileSignInHandlers } from './file-sign-in';
import { startIpcBridge } from './ipc-bridge';

const USAGE = `Usage: npm run tray:bridge -- --server URL [--origin ORIGIN]... [--port N] [--state-dir DIR]

Serves the tray app's IPC handlers (diagnostics, screenshot, remembered sign-in, notifications) over
a local WebSocket, so the tray page runs in a browser against this machine's device services.
Development and tests only; the packaged tray uses Electron IPC.

  --server URL      the Tandem server (required)
  --origin ORIGIN   a page origin allowed to connect (repeatable; default: the server's origin)
  --port N          port on 127.0.0.1 (default: a free one)
  --state-dir DIR   where the remembered sign-in is kept (default: a new temp folder)

Prints one JSON line per event on stdout: {"event":"listening","url":…}, then
{"event":"notify","title":…,"body":…} for each notification the page asks for.`;

/** One JSON line per event, so a test (or a developer) can follow what the page asked for. */
const emit = (event: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(event)}\n`);

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: {
        server: { type: 'string' },
        origin: { type: 'string', multiple: true },
        port: { type: 'string' },
        'state-dir': { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) return void process.stdout.write(`${USAGE}\n`), 0;
  if (!values.server || !URL.canParse(values.server)) {
    process.stderr.write(`--server needs the Tandem server's URL.\n\n${USAGE}\n`);
    return 2;
  }
  const serverUrl = new URL(values.server).origin;
  const stateDir = values['state-dir'] ?? (await mkdtemp(join(tmpdir(), 'tandem-tray-bridge-')));
  const handlers: PartialIpcHandlers = {
    'app:getVersion': () => process.env.npm_package_version ?? '0.0.0-dev',
    'app:getServerUrl': () => serverUrl,
    'app:notify': ({ title, body }) => emit({ event: 'notify', title, body }),
    'app:openExternal': ({ url }) => emit({ event: 'openExternal', url }),
    'app:setBadgeCount': ({ count }) => emit({ event: 'badge', count }),
    ...fileSignInHandlers(join(stateDir, 'sign-in')),
    ...deviceHandlers({ serverUrl }),
  };
  const bridge = await startIpcBridge({
    handlers,
    port: values.port ? Number(values.port) : 0,
    allowedOrigins: values.origin?.length ? values.origin : [serverUrl],
    log: (message) => process.stderr.write(`tray-bridge: ${message}\n`),
  });
  emit({ event: 'listening', url: bridge.url });
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  await bridge.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`tray-bridge: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
