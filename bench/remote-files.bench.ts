import { createHash, randomFillSync } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, log, scaled, selected } from './lib/report';
import { fetchOverFilesChannel, hostedFiles, sendOverFilesChannel } from './lib/tandem-files';
import { withTeardown } from './lib/teardown';
import { connectBarePair, rawTransfer } from './lib/wrtc-pair';

/**
 * remote.files.throughput: a 64 MB file over the files channel of a real device session host,
 * both ways — fetched from the device (device hashes, offers, sends 16 KiB binary chunks at the
 * pace its outbox drains; the console hashes and checks) and sent to it (the device writes, hashes
 * and renames it only when the SHA-256 matches) — beside the same bytes pushed raw over a bare
 * wrtc data channel with the same chunk size and high/low marks, receiver hashing too.
 * Alternated round by round; the median of the rounds is reported, the best beside it.
 */
export const BENCHES = ['remote.files.throughput'] as const;

const MB = 1024 * 1024;
const SIZE = scaled(64) * MB;
const ROUNDS = 3;

await withTeardown(async (t) => {
  if (!selected('remote.files.throughput')) return;
  const dir = t.add('temp folder', await mkdtemp(join(tmpdir(), 'tandem-bench-files-')), (d) => rm(d, { recursive: true, force: true }));
  const data = randomFillSync(Buffer.allocUnsafe(SIZE));
  const sha = createHash('sha256').update(data).digest('hex');
  const file = join(dir, 'payload.bin');
  await writeFile(file, data);

  const tandem = t.add('tandem files', await hostedFiles(), (p) => p.close());
  const pair = t.add('bare pair', await connectBarePair(), (p) => p.close());

  const fetched: number[] = [];
  const sent: number[] = [];
  const raw: number[] = [];
  let verified = true;
  for (let r = 0; r < ROUNDS; r++) {
    const a = await fetchOverFilesChannel(tandem.console, file);
    verified &&= a.verified && a.bytes === SIZE;
    fetched.push(SIZE / MB / a.seconds);
    const b = await rawTransfer(pair, data);
    verified &&= b.verified;
    raw.push(SIZE / MB / b.seconds);
    const c = await sendOverFilesChannel(tandem.console, `payload-${r}.bin`, data);
    // The device said it matched; check what it kept, too.
    const kept = c.path ? createHash('sha256').update(await readFile(c.path)).digest('hex') : null;
    verified &&= c.verified && kept === sha;
    if (c.path) await rm(c.path, { force: true });
    sent.push(SIZE / MB / c.seconds);
    log(`round ${r + 1}/${ROUNDS}: fetch ${fetched.at(-1)!.toFixed(1)} MB/s, raw ${raw.at(-1)!.toFixed(1)} MB/s, send ${sent.at(-1)!.toFixed(1)} MB/s`);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const env = { load_avg_1m: Number(loadavg()[0]!.toFixed(1)), path: tandem.path, rounds: ROUNDS, chunk_bytes: 16 * 1024, floor: 'bare wrtc data channel, 16 KiB chunks, 1 MiB/256 KiB marks polled every ms, receiver hashes' };
  for (const [direction, xs, timed] of [
    ['from_device', fetched, 'fetch sent → console checked the SHA-256 of the last byte (the device hashes the file before offering)'],
    ['to_device', sent, 'offer sent → device verified the SHA-256 and kept the file (console hashes before offering)'],
  ] as const) {
    emit({
      bench: 'remote.files.throughput',
      metric: 'throughput',
      value: median(xs),
      unit: 'MB/s',
      peer: 'wrtc-datachannel-raw',
      peer_value: median(raw),
      ratio: median(xs) / median(raw),
      best: Math.max(...xs),
      peer_best: Math.max(...raw),
      verified,
      n: SIZE,
      env: { ...env, direction, timed },
    });
  }
});
