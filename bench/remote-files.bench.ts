import { randomFillSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit, log, scaled, selected } from './lib/report';
import { directFilesPair, fetchOverFilesChannel } from './lib/tandem-files';
import { withTeardown } from './lib/teardown';
import { connectBarePair, rawTransfer } from './lib/wrtc-pair';

/**
 * remote.files.throughput: a 64 MB file fetched from the device over the files channel (offer,
 * accept, 16 KiB binary chunks through RemotePeer's outbox, done, SHA-256 checked by the
 * receiver), beside the same bytes pushed raw over a bare wrtc data channel with the same chunk
 * size and high-water mark, receiver hashing too. Alternated, best of each kept as well as the median.
 */
export const BENCHES = ['remote.files.throughput'] as const;

const MB = 1024 * 1024;
const SIZE = scaled(64) * MB;
const ROUNDS = 3;

await withTeardown(async (t) => {
  if (!selected('remote.files.throughput')) return;
  const dir = t.add('temp folder', await mkdtemp(join(tmpdir(), 'tandem-bench-files-')), (d) => rm(d, { recursive: true, force: true }));
  const data = randomFillSync(Buffer.allocUnsafe(SIZE));
  const file = join(dir, 'payload.bin');
  await writeFile(file, data);

  const tandem = t.add('tandem files', await directFilesPair(), (p) => p.close());
  const pair = t.add('bare pair', await connectBarePair(), (p) => p.close());

  const ours: number[] = [];
  const raw: number[] = [];
  let allVerified = true;
  for (let r = 0; r < ROUNDS; r++) {
    const a = await fetchOverFilesChannel(tandem.console, file);
    allVerified &&= a.verified && a.bytes === SIZE;
    ours.push(SIZE / MB / a.seconds);
    const b = await rawTransfer(pair, data);
    allVerified &&= b.verified;
    raw.push(SIZE / MB / b.seconds);
    log(`round ${r + 1}/${ROUNDS}: files channel ${ours.at(-1)!.toFixed(1)} MB/s (verified ${a.verified}), raw ${raw.at(-1)!.toFixed(1)} MB/s`);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  emit({
    bench: 'remote.files.throughput',
    metric: 'throughput',
    value: median(ours),
    unit: 'MB/s',
    peer: 'wrtc-datachannel-raw',
    peer_value: median(raw),
    ratio: median(ours) / median(raw),
    best: Math.max(...ours),
    peer_best: Math.max(...raw),
    verified: allVerified,
    n: SIZE,
    env: { path: tandem.path, rounds: ROUNDS, chunk_bytes: 16 * 1024, timed: 'fetch sent → receiver verified SHA-256 (device hashes the file before offering)' },
  });
});
