// The diagnostics thread: systeminformation's readers, run here for the agent (plain JS so it loads
// the same under node, tsx, vitest and the Electron build). Many of them run programs with
// execSync: on the agent's own thread a process list on a loaded machine stopped every timer,
// socket and remote session for seconds, and no probe's time limit could fire. Here they block
// this thread only. Calls run side by side; each answers with its id.
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort } from 'node:worker_threads';
import si from 'systeminformation';

const CALLS = new Set(['osInfo', 'system', 'cpu', 'mem', 'currentLoad', 'fsSize', 'networkInterfaces', 'processes', 'services']);
/** currentLoad is the CPU use since the previous call; alone it could span minutes (or since boot). */
const SAMPLE_MS = 250;

parentPort.on('message', async ({ id, fn, args }) => {
  try {
    if (!CALLS.has(fn)) throw new Error(`not a diagnostics call: ${String(fn)}`);
    if (fn === 'currentLoad') {
      await si.currentLoad();
      await sleep(SAMPLE_MS);
    }
    parentPort.postMessage({ id, ok: true, value: await si[fn](...(Array.isArray(args) ? args : [])) });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: err instanceof Error ? err.message : String(err) });
  }
});
