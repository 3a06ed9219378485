/**
 * PouchDB's server (express-pouchdb over in-memory PouchDB) in a process of its own, holding the
 * documents of the NDJSON file `BENCH_DOCS`: the peer of sync.initial, set up like ours (see
 * sync-server-child.ts). Prints one JSON line `{ url }` and runs until killed.
 */
import { readFile } from 'node:fs/promises';
import type { SyncDoc } from '../../src/shared/sync/protocol';
import { startPouchServer } from './pouch';

const docs = (await readFile(process.env.BENCH_DOCS!, 'utf8'))
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as SyncDoc);
const peer = await startPouchServer(docs);
process.stdout.write(`${JSON.stringify({ url: peer.url })}\n`);
const stop = () => void peer.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
