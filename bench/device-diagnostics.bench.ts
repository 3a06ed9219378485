import { monitorEventLoopDelay } from 'node:perf_hooks';
import si from 'systeminformation';
import { takeDiagnosticsSnapshot } from '../src/device/diagnostics/snapshot';
import { emit, log, percentile, scaled, selected } from './lib/report';

/**
 * A diagnostics snapshot on the device agent: how long it takes, and how long it stops the agent's
 * own thread (the one carrying its remote sessions' shell and control channels), measured as the
 * longest event-loop stall while it runs. The floor: the same systeminformation readers called
 * side by side on the agent's thread, as the snapshot did before they moved to a thread of their own.
 */
export const BENCHES = ['device.diagnostics'] as const;

if (!selected('device.diagnostics')) process.exit(0);

const RUNS = scaled(5);

async function measure(run: () => Promise<unknown>) {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  lag.disable();
  return { ms, stallMs: lag.max / 1e6 };
}

const ours: Array<{ ms: number; stallMs: number }> = [];
const floor: Array<{ ms: number; stallMs: number }> = [];
await takeDiagnosticsSnapshot(); // the thread started and warm, as on an agent that has answered once
for (let i = 0; i < RUNS; i++) {
  ours.push(await measure(() => takeDiagnosticsSnapshot()));
  floor.push(await measure(() => Promise.all([si.osInfo(), si.system(), si.cpu(), si.mem(), si.currentLoad(), si.fsSize(), si.networkInterfaces(), si.processes(), si.services('*')])));
  log(`run ${i + 1}: snapshot ${Math.round(ours[i]!.ms)} ms (stall ${Math.round(ours[i]!.stallMs)} ms); in-thread readers ${Math.round(floor[i]!.ms)} ms (stall ${Math.round(floor[i]!.stallMs)} ms)`);
}
const p50 = (xs: number[]) => percentile(xs, 50);
const stall = p50(ours.map((r) => r.stallMs));
const stallFloor = p50(floor.map((r) => r.stallMs));
emit({ bench: 'device.diagnostics', metric: 'snapshot_ms', value: p50(ours.map((r) => r.ms)), unit: 'ms', peer: 'systeminformation in-thread', peer_value: p50(floor.map((r) => r.ms)), ratio: p50(floor.map((r) => r.ms)) / p50(ours.map((r) => r.ms)), n: RUNS });
emit({ bench: 'device.diagnostics', metric: 'event_loop_stall_max_ms', value: stall, unit: 'ms', peer: 'systeminformation in-thread', peer_value: stallFloor, ratio: stallFloor / stall, n: RUNS });
process.exit(0);
