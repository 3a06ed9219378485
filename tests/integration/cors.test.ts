import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ORIGIN } from '../../src/shared/app-scheme';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

const EXTRA = 'https://portal.example.test';

/**
 * The Electron apps' bundled pages live at app://tandem, another origin than the server's: the
 * server answers them (and configured extra origins) with CORS headers, and nobody else.
 */
describe.each(STORE_KINDS)('CORS (%s)', (kind) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(kind, { config: { corsOrigins: [EXTRA] } });
  });
  afterAll(() => ts?.close());

  const preflight = (origin: string) =>
    fetch(`${ts.url}/api/tickets`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });

  it.each([APP_ORIGIN, EXTRA])('a preflight from %s is allowed with the methods and headers the clients use', async (origin) => {
    const res = await preflight(origin);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('an actual request from the app origin gets its origin back, with Vary: Origin', async () => {
    const res = await fetch(`${ts.url}/api/health`, { headers: { origin: APP_ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(res.headers.get('vary')).toMatch(/origin/i);
  });

  it('an error answer to the app origin also carries the header, so the app can read the sentence', async () => {
    const res = await fetch(`${ts.url}/api/tickets`, { headers: { origin: APP_ORIGIN } });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
  });

  it.each(['https://evil.example', 'app://tandem.evil', 'file://', 'null', `${APP_ORIGIN}:1`])('%s gets no CORS headers', async (origin) => {
    const pre = await preflight(origin);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-methods')).toBeNull();
    expect(pre.status).not.toBe(204);
    const res = await fetch(`${ts.url}/api/health`, { headers: { origin } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a request without an Origin (same origin, curl) gets no CORS headers', async () => {
    const res = await fetch(`${ts.url}/api/health`);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
