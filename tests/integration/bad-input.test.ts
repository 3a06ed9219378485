import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../fixtures/server';

/**
 * Every endpoint in the OpenAPI document, fed malformed, mistyped, unknown-field and oversize input:
 * the answer is always a 4xx with a message, never a 5xx, and the server stays up. New endpoints
 * are covered as soon as they are registered.
 */
interface Operation {
  method: string;
  path: string;
  hasBody: boolean;
  multipart: boolean;
  hasQuery: boolean;
  public: boolean;
}

const NEVER_PROBED = new Set(['/api/openapi.json', '/api/docs', '/api/docs/*']);
const PUBLIC = new Set(['/api/health', '/api/setup', '/api/auth/login', '/api/auth/refresh', '/api/auth/accept-invite', '/api/devices/enroll']);

let ts: TestServer;
let operations: Operation[] = [];

beforeAll(async () => {
  ts = await startTestServer('pglite');
  const spec = (await ts.anon.get('/api/openapi.json')).body as { paths: Record<string, Record<string, any>> };
  for (const [path, methods] of Object.entries(spec.paths)) {
    if (NEVER_PROBED.has(path) || !path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
    for (const [method, op] of Object.entries(methods)) {
      const content = op.requestBody?.content ?? {};
      operations.push({
        method: method.toUpperCase(),
        path,
        hasBody: Boolean(op.requestBody),
        multipart: 'multipart/form-data' in content,
        hasQuery: (op.parameters ?? []).some((p: any) => p.in === 'query'),
        public: PUBLIC.has(path),
      });
    }
  }
  operations = operations.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
});
afterAll(async () => ts?.close());

/** Fills path parameters with well-formed ids that exist nowhere. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-00000000dead');

function expectClearRefusal(label: string, res: { status: number; body: any }) {
  expect(res.status, `${label} → ${res.status} ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${label} → ${res.status} ${JSON.stringify(res.body)}`).toBeLessThan(500);
  expect(typeof res.body?.error?.message, `${label}: message`).toBe('string');
  expect(res.body.error.message.length, `${label}: message`).toBeGreaterThan(5);
}

describe('bad input on every endpoint', () => {
  it('the API documents a healthy number of endpoints', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it('refuses every non-public endpoint without a token', async () => {
    for (const op of operations.filter((o) => !o.public)) {
      const res = await ts.anon.request(op.method, concrete(op.path), op.hasBody && !op.multipart ? {} : undefined);
      // Authentication comes before validation: a stranger learns nothing about the schema.
      expect(res.status, `${op.method} ${op.path}`).toBe(401);
      expectClearRefusal(`${op.method} ${op.path}`, res);
    }
  });

  it('refuses malformed JSON', async () => {
    for (const op of operations.filter((o) => o.hasBody && !o.multipart)) {
      const res = await ts.admin.request(op.method, concrete(op.path), undefined, {
        raw: '{"subject": "unterminated',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, `${op.method} ${op.path}`).toBe(400);
      expectClearRefusal(`${op.method} ${op.path} malformed`, res);
    }
  });

  it('refuses bodies of the wrong shape and unknown fields', async () => {
    for (const op of operations.filter((o) => o.hasBody && !o.multipart)) {
      for (const body of [[], 'text', 42, null, { __unknownField: true }]) {
        const res = await ts.admin.request(op.method, concrete(op.path), undefined, {
          raw: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        expectClearRefusal(`${op.method} ${op.path} ${JSON.stringify(body)}`, res);
      }
    }
  });

  it('refuses bodies over the size limit with 413', async () => {
    const huge = JSON.stringify({ subject: 'x', description: 'y'.repeat(1_100_000) });
    for (const op of operations.filter((o) => o.hasBody && !o.multipart)) {
      const res = await ts.admin.request(op.method, concrete(op.path), undefined, {
        raw: huge,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status, `${op.method} ${op.path}`).toBe(413);
      expectClearRefusal(`${op.method} ${op.path} oversize`, res);
    }
  });

  it('refuses bodies in a content type it does not take', async () => {
    for (const op of operations.filter((o) => o.hasBody && !o.multipart)) {
      const res = await ts.admin.request(op.method, concrete(op.path), undefined, {
        raw: '<ticket/>',
        headers: { 'content-type': 'application/xml' },
      });
      expect(res.status, `${op.method} ${op.path}`).toBe(415);
      expectClearRefusal(`${op.method} ${op.path} xml`, res);
    }
  });

  it('refuses mistyped and unknown query parameters', async () => {
    for (const op of operations.filter((o) => o.hasQuery)) {
      for (const qs of ['limit=lots', '__unknown=1', 'limit=-5', 'limit=99999999']) {
        const res = await ts.admin.request(op.method, `${concrete(op.path)}?${qs}`);
        expectClearRefusal(`${op.method} ${op.path}?${qs}`, res);
      }
    }
  });

  it('refuses malformed path ids', async () => {
    for (const op of operations.filter((o) => o.path.includes('{'))) {
      const res = await ts.admin.request(op.method, op.path.replace(/\{[^}]+\}/g, "'; drop table users; --"), op.hasBody && !op.multipart ? {} : undefined);
      expectClearRefusal(`${op.method} ${op.path} bad id`, res);
    }
  });

  it('is still healthy after all of that', async () => {
    expect((await ts.anon.get('/api/health')).status).toBe(200);
    expect((await ts.admin.get('/api/auth/me')).status).toBe(200);
  });
});
