import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserList } from '../../src/shared/api/users';
import { ApiError, TandemClient, memoryRefreshTokens } from '../../src/shared/api/client';
import { User } from '../../src/shared/domain/user';
import { ACCESS_TOKEN_TTL_SECONDS } from '../../src/server/auth/tokens';
import { totpCode } from '../../src/server/auth/totp';
import { createUser } from '../fixtures/api';
import { FakeClock } from '../fixtures/clock';
import { ADMIN, startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

/**
 * The renderers' API client (src/shared/api/client.ts) against a real server. It lives here rather
 * than beside the client because src/shared may not import the server fixtures.
 */
describe.each(STORE_KINDS)('TandemClient against the real server (%s)', (kind) => {
  let ts: TestServer;
  const clock = new FakeClock(new Date());

  beforeAll(async () => {
    ts = await startTestServer(kind, { clock: clock.now });
  });
  afterAll(() => ts?.close());

  const newClient = (refresh = memoryRefreshTokens()) => ({ client: new TandemClient({ baseUrl: ts.url, refreshTokens: refresh }), refresh });

  it('signs in, keeps the refresh token in the given store, and tells subscribers', async () => {
    const { client, refresh } = newClient();
    const seen: (string | null)[] = [];
    client.subscribe((u) => seen.push(u?.email ?? null));
    const user = await client.signIn({ email: ADMIN.email, password: ADMIN.password });
    expect(user.email).toBe(ADMIN.email);
    expect(client.user?.role).toBe('admin');
    expect(refresh.read()).toMatch(/.{20,}/);
    expect(seen).toEqual([ADMIN.email]);
    const me = await client.get('/api/auth/me', User);
    expect(me.id).toBe(user.id);
  });

  it('turns a refusal into an ApiError with the server’s code, status and sentence', async () => {
    const { client, refresh } = newClient();
    const err = await client.signIn({ email: `nobody-${Date.now()}@tandem.test`, password: 'wrong-password' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'invalid_credentials', status: 401, message: 'The email or password is wrong.' });
    expect(client.user).toBeNull();
    expect(refresh.read()).toBeNull();
  });

  it('reports totp_required when two-factor is on and signs in with the code', async () => {
    const agent = await createUser(ts.admin, 'agent');
    const { secret } = (await agent.post('/api/auth/totp/enroll')).body;
    expect((await agent.post('/api/auth/totp/verify', { code: totpCode(secret, clock.now()) })).status).toBe(200);
    clock.advance(30_000); // the enrolment code's step is spent
    const { client } = newClient();
    const creds = { email: agent.user!.email, password: 'user-password-123' };
    await expect(client.signIn(creds)).rejects.toMatchObject({ code: 'totp_required', status: 401 });
    const user = await client.signIn({ ...creds, totp: totpCode(secret, clock.now()) });
    expect(user.id).toBe(agent.user!.id);
  });

  it('refreshes once on token_expired and retries the call; the rotated refresh token is stored', async () => {
    const { client, refresh } = newClient();
    await client.signIn({ email: ADMIN.email, password: ADMIN.password });
    const firstRefresh = refresh.read();
    clock.advance((ACCESS_TOKEN_TTL_SECONDS + 60) * 1000);
    const list = await client.get('/api/users?limit=5', UserList);
    expect(list.items.length).toBeGreaterThan(0);
    expect(refresh.read()).not.toBe(firstRefresh);
    expect(client.user?.email).toBe(ADMIN.email);
  });

  it('a spent refresh token ends the session: the call fails with the server’s sentence', async () => {
    const { client, refresh } = newClient();
    await client.signIn({ email: ADMIN.email, password: ADMIN.password });
    // Someone else uses the refresh token first (rotation makes it single use).
    expect((await ts.anon.post('/api/auth/refresh', { refreshToken: refresh.read() })).status).toBe(200);
    clock.advance((ACCESS_TOKEN_TTL_SECONDS + 60) * 1000);
    const err = await client.get('/api/auth/me', User).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'token_expired', status: 401 });
    expect(client.user).toBeNull();
    expect(refresh.read()).toBeNull();
  });

  it('resume() restores a session from a stored refresh token, and null without one', async () => {
    const first = newClient();
    await first.client.signIn({ email: ADMIN.email, password: ADMIN.password });
    const second = newClient(memoryRefreshTokens(first.refresh.read()));
    expect((await second.client.resume())?.email).toBe(ADMIN.email);
    expect(await newClient().client.resume()).toBeNull();
  });

  it('signOutEverywhere ends other sessions of the account too', async () => {
    const agent = await createUser(ts.admin, 'agent');
    const a = newClient();
    const b = newClient();
    await a.client.signIn({ email: agent.user!.email, password: 'user-password-123' });
    await b.client.signIn({ email: agent.user!.email, password: 'user-password-123' });
    await a.client.signOutEverywhere();
    expect(a.client.user).toBeNull();
    await expect(b.client.get('/api/auth/me', User)).rejects.toMatchObject({ code: 'unauthenticated', status: 401 });
    expect(b.client.user).toBeNull();
  });

  it('an unreachable server is a network ApiError with a sentence, not a TypeError', async () => {
    const client = new TandemClient({ baseUrl: 'http://127.0.0.1:9', refreshTokens: memoryRefreshTokens() });
    await expect(client.setupStatus()).rejects.toMatchObject({ code: 'network', status: 0, message: expect.stringContaining('cannot be reached') });
  });
});
