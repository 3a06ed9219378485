import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../fixtures/api';
import { buildWorld, PEOPLE, type Outcome, type Row, type Who, type World } from '../fixtures/role-world';
import { STORE_KINDS } from '../fixtures/stores';
import { CONSOLE_ROWS } from './role-matrix-console-rows';
import { READ_ROWS } from './role-matrix-read-rows';
import { DEVICE_ROWS } from './role-matrix-device-rows';
import { REMOTE_ROWS } from './role-matrix-remote-rows';
import { WRITE_ROWS } from './role-matrix-write-rows';

/**
 * Role × endpoint: for every endpoint of the OpenAPI document and every kind of person (admin,
 * supervisor, an agent in group A, an agent in group B, end users U1 and U2), what they get —
 * allowed, refused (403) or not there for them (404) — and, where allowed, that they get exactly
 * what they may see. The expected outcomes are written out by hand in the row tables (reads,
 * writes, devices), never computed from src/shared/permissions.ts.
 */

const ROWS: Row[] = [...READ_ROWS, ...WRITE_ROWS, ...DEVICE_ROWS, ...CONSOLE_ROWS, ...REMOTE_ROWS];

/** Paths that are not API operations (the document itself, its viewer, the web app). */
const NOT_OPERATIONS = (path: string) => !path.startsWith('/api/') || path === '/api/openapi.json' || path.startsWith('/api/docs');
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

/**
 * What happened, in the matrix's terms. A replication push answers 200 and says inside which rows
 * it refused, and why: a refusal there counts as the 403 or 404 the REST API would have answered.
 */
function outcomeOf(row: Row, res: ApiResponse<any>): Outcome | string {
  if (res.status < 200 || res.status >= 300) return res.status as Outcome;
  if (row.endpoint !== '/api/sync/{collection}/push') return 'ok';
  const rejection = (res.body.rejections as { code: string }[])[0];
  if (!rejection) return 'ok';
  const status: Record<string, Outcome> = { forbidden: 403, not_found: 404, validation_failed: 400, conflict: 409 };
  return status[rejection.code] ?? `rejected: ${rejection.code}`;
}

async function run(w: World, row: Row, who: Who) {
  const call = await row.call(w, who);
  const client = call.as ?? w.as[who];
  const res = call.form
    ? await client.request(row.method, call.path, undefined, { raw: call.form })
    : await client.request(row.method, call.path, call.body ?? (row.method === 'POST' ? {} : undefined));
  return { res, outcome: outcomeOf(row, res) };
}

describe.each(STORE_KINDS)('role × endpoint matrix on %s', (kind) => {
  let w: World;
  let documented: string[] = [];

  beforeAll(async () => {
    w = await buildWorld(kind);
    const spec = (await w.ts.anon.get('/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    documented = Object.entries(spec.paths)
      .filter(([path]) => !NOT_OPERATIONS(path))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => key(m, path)));
  }, 120_000);
  afterAll(async () => w?.ts.close());

  it('every documented endpoint has at least one row, and every row a documented endpoint', () => {
    expect(documented.length).toBeGreaterThanOrEqual(40);
    const covered = new Set(ROWS.map((r) => key(r.method, r.endpoint)));
    expect(documented.filter((e) => !covered.has(e)), 'endpoints without a row in the matrix').toEqual([]);
    expect([...covered].filter((e) => !documented.includes(e)), 'rows for endpoints that are not documented').toEqual([]);
  });

  // Reads come first so lists can be checked against exactly the fixture world; writes after.
  for (const row of ROWS) {
    it(`${row.method} ${row.endpoint} — ${row.what}`, async () => {
      const wrong: string[] = [];
      for (const who of PEOPLE) {
        const expected = row.expect[who];
        const { res, outcome } = await run(w, row, who);
        if (outcome !== expected) {
          wrong.push(`${who}: expected ${expected}, got ${outcome} ${JSON.stringify(res.body).slice(0, 200)}`);
          continue;
        }
        if (expected === 'ok' && row.check) {
          try {
            row.check(res.body, w, who);
          } catch (err) {
            wrong.push(`${who}: content: ${(err as Error).message.split('\n').slice(0, 12).join('\n')}`);
          }
        }
        if (expected !== 'ok' && row.unchanged) {
          try {
            await row.unchanged(w, who);
          } catch (err) {
            wrong.push(`${who}: a refused write left a trace: ${(err as Error).message.split('\n')[0]}`);
          }
        }
      }
      expect(wrong, 'people for whom the row is wrong').toEqual([]);
    });
  }
});
