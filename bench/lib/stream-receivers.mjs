import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

// Plain JavaScript: Node 20 does not run tsx's loader in worker threads.
/**
 * A worker thread holding many raw live-stream connections (the real /api/sync/stream protocol:
 * auth, ready, changes), each a signed-in user's, recording when each watched document arrived on
 * each connection. Times are absolute (timeOrigin + now) so the main thread can compare them.
 */
/** @type {{ url: string, tokens: string[], collection: string }} */
const { url, tokens, collection } = workerData;
const now = () => performance.timeOrigin + performance.now();
/** docId → arrival time per connection index. */
/** @type {Map<string, number[]>} */
const arrivals = new Map();
/** @type {WebSocket[]} */
const sockets = [];
let unexpected = 0;

/** @param {string} token @param {number} index @returns {Promise<void>} */
function open(token, index) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/sync/stream`);
    sockets.push(ws);
    ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', accessToken: token })));
    ws.on('message', (data) => {
      const at = now();
      const m = JSON.parse(String(data));
      if (m.type === 'ready') resolve();
      else if (m.type === 'changes' && m.collection === collection) {
        for (const d of m.documents) {
          let list = arrivals.get(d.id);
          if (!list) arrivals.set(d.id, (list = []));
          list[index] ??= at;
        }
      } else if (m.type === 'error' || m.type === 'resync') unexpected += 1;
    });
    ws.on('error', reject);
    ws.on('close', (code) => code !== 1000 && code !== 1005 && (unexpected += 1));
  });
}

await Promise.all(tokens.map((t, i) => open(t, i)));
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (c) => {
  if (c.type === 'arrivals') {
    parentPort.postMessage({ type: 'arrivals', arrivals: [...arrivals], unexpected });
    arrivals.clear();
  } else {
    for (const ws of sockets) ws.close(1000);
    setTimeout(() => process.exit(0), 200);
  }
});
