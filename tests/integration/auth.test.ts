import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../src/server/auth/totp';
import { THROTTLE_POLICY } from '../../src/server/auth/throttle';
import { createUser } from '../fixtures/api';
import { FakeClock } from '../fixtures/clock';
import { ADMIN, startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

describe.each(STORE_KINDS)('sign-in and sessions on %s', (kind) => {
  const clock = new FakeClock();
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(kind, { clock: clock.now });
  });
  afterAll(async () => ts?.close());

  it('signs in with the right password and refuses a wrong one or unknown email with the same message', async () => {
    const ok = await ts.anon.fresh().post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(ok.body.expiresIn).toBe(900);

    const wrong = await ts.anon.fresh().post('/api/auth/login', { email: ADMIN.email, password: 'not-the-password' });
    const unknown = await ts.anon.fresh().post('/api/auth/login', { email: 'nobody@tandem.test', password: 'whatever-123' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    await ts.admin.post(`/api/users/${ts.admin.user!.id}/unlock`);
  });

  it('accepts emails case-insensitively', async () => {
    const res = await ts.anon.fresh().post('/api/auth/login', { email: '  Admin@Tandem.TEST ', password: ADMIN.password });
    expect(res.status).toBe(200);
  });

  it('expires access tokens after 15 minutes and refreshes them', async () => {
    const user = await createUser(ts.admin, 'agent');
    expect((await user.get('/api/auth/me')).status).toBe(200);
    clock.advance(15 * 60_000 + 1_000);
    const refreshToken = user.refreshToken;
    user.refreshToken = null; // no automatic refresh: see the expiry itself
    const expired = await user.get('/api/auth/me');
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('token_expired');
    const refreshed = await user.post('/api/auth/refresh', { refreshToken });
    expect(refreshed.status).toBe(200);
    user.useTokens(refreshed.body);
    expect((await user.get('/api/auth/me')).body.id).toBe(user.user!.id);
  });

  it('rotates refresh tokens and revokes the session when a used one comes back', async () => {
    const user = await createUser(ts.admin, 'end_user');
    const first = user.refreshToken!;
    const r1 = await user.post('/api/auth/refresh', { refreshToken: first });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(first);
    user.useTokens(r1.body);

    // The old token again: someone copied it. The session dies, for the thief and the owner.
    const replay = await user.fresh().post('/api/auth/refresh', { refreshToken: first });
    expect(replay.status).toBe(401);
    expect((await user.get('/api/auth/me')).status).toBe(401);
    expect((await user.fresh().post('/api/auth/refresh', { refreshToken: r1.body.refreshToken })).status).toBe(401);

    const audit = await ts.admin.get('/api/audit?action=auth.refresh_reuse');
    if (audit.status === 200) {
      expect(audit.body.items.some((e: any) => e.actorId === user.user!.id)).toBe(true);
    } else {
      const rows = await ts.store.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.refresh_reuse').where('actor_id', '=', user.user!.id).execute();
      expect(rows).toHaveLength(1);
    }
  });

  it('refuses malformed and unknown refresh tokens', async () => {
    expect((await ts.anon.post('/api/auth/refresh', { refreshToken: 'x'.repeat(40) })).status).toBe(401);
    expect((await ts.anon.post('/api/auth/refresh', { refreshToken: `${crypto.randomUUID()}.${'a'.repeat(43)}` })).status).toBe(401);
    expect((await ts.anon.post('/api/auth/refresh', {})).status).toBe(400);
  });

  it('signs out one session, and every session', async () => {
    const a = await createUser(ts.admin, 'agent');
    const b = a.fresh();
    await b.signIn(a.user!.email, 'user-password-123');
    const c = a.fresh();
    await c.signIn(a.user!.email, 'user-password-123');

    expect((await a.post('/api/auth/logout')).status).toBe(200);
    expect((await a.get('/api/auth/me')).status).toBe(401);
    expect((await a.post('/api/auth/refresh', { refreshToken: a.refreshToken })).status).toBe(401);
    expect((await b.get('/api/auth/me')).status).toBe(200);

    const all = await b.post('/api/auth/logout-all');
    expect(all.body.revoked).toBe(2);
    expect((await b.get('/api/auth/me')).status).toBe(401);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('changing the password signs out the other sessions but not this one', async () => {
    const a = await createUser(ts.admin, 'agent');
    const other = a.fresh();
    await other.signIn(a.user!.email, 'user-password-123');
    const wrong = await a.post('/api/auth/password', { currentPassword: 'nope-nope-nope', newPassword: 'a-new-password-1' });
    expect(wrong.status).toBe(401);
    const weak = await a.post('/api/auth/password', { currentPassword: 'user-password-123', newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.message).toMatch(/10 characters/);
    expect((await a.post('/api/auth/password', { currentPassword: 'user-password-123', newPassword: 'a-new-password-1' })).status).toBe(200);
    expect((await a.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
    await a.fresh().signIn(a.user!.email, 'a-new-password-1');
  });

  it('deactivating a user ends their sessions and refuses their sign-in', async () => {
    const u = await createUser(ts.admin, 'end_user');
    expect((await ts.admin.patch(`/api/users/${u.user!.id}`, { active: false })).status).toBe(200);
    expect((await u.get('/api/auth/me')).status).toBe(401);
    const again = await u.fresh().post('/api/auth/login', { email: u.user!.email, password: 'user-password-123' });
    expect(again.status).toBe(401);
    await ts.admin.post(`/api/users/${u.user!.id}/unlock`);
  });

  it('role changes take effect on the next request, not at the next sign-in', async () => {
    const u = await createUser(ts.admin, 'agent');
    expect((await u.get('/api/users')).status).toBe(200);
    await ts.admin.patch(`/api/users/${u.user!.id}`, { role: 'end_user' });
    expect((await u.get('/api/users')).status).toBe(403);
  });

  it('keeps at least one active admin', async () => {
    const res = await ts.admin.patch(`/api/users/${ts.admin.user!.id}`, { role: 'agent' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/last active admin/);
  });

  describe('two-factor (TOTP)', () => {
    it('enrols, then requires the code, refuses a replayed code, and accepts each recovery code once', async () => {
      const u = await createUser(ts.admin, 'agent');
      const email = u.user!.email;
      const enrol = await u.post('/api/auth/totp/enroll');
      expect(enrol.status).toBe(200);
      expect(enrol.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/Tandem:/);
      const bad = await u.post('/api/auth/totp/verify', { code: '000000' === totpCode(enrol.body.secret, clock.now()) ? '111111' : '000000' });
      expect(bad.status).toBe(400);
      const verified = await u.post('/api/auth/totp/verify', { code: totpCode(enrol.body.secret, clock.now()) });
      expect(verified.status).toBe(200);
      const codes: string[] = verified.body.recoveryCodes;
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      expect((await u.get('/api/auth/me')).body.totpEnabled).toBe(true);

      clock.advance(60_000);
      const noCode = await u.fresh().post('/api/auth/login', { email, password: 'user-password-123' });
      expect(noCode.status).toBe(401);
      expect(noCode.body.error.code).toBe('totp_required');

      const code = totpCode(enrol.body.secret, clock.now());
      expect((await u.fresh().post('/api/auth/login', { email, password: 'user-password-123', totp: code })).status).toBe(200);
      const replay = await u.fresh().post('/api/auth/login', { email, password: 'user-password-123', totp: code });
      expect(replay.status).toBe(401);

      clock.advance(30_000);
      const next = totpCode(enrol.body.secret, clock.now());
      const wrongPassword = await u.fresh().post('/api/auth/login', { email, password: 'wrong-password', totp: next });
      expect(wrongPassword.status).toBe(401);
      expect(wrongPassword.body.error.code).toBe('invalid_credentials');

      await ts.admin.post(`/api/users/${u.user!.id}/unlock`);
      clock.advance(120_000);
      expect((await u.fresh().post('/api/auth/login', { email, password: 'user-password-123', recoveryCode: codes[3] })).status).toBe(200);
      const reused = await u.fresh().post('/api/auth/login', { email, password: 'user-password-123', recoveryCode: codes[3] });
      expect(reused.status).toBe(401);

      expect((await u.post('/api/auth/totp/disable', { password: 'wrong-password' })).status).toBe(401);
      expect((await u.post('/api/auth/totp/disable', { password: 'user-password-123' })).status).toBe(200);
      await ts.admin.post(`/api/users/${u.user!.id}/unlock`);
      clock.advance(120_000);
      expect((await u.fresh().post('/api/auth/login', { email, password: 'user-password-123' })).status).toBe(200);
    });

    it('will not enrol twice while on', async () => {
      const u = await createUser(ts.admin, 'agent');
      const enrol = await u.post('/api/auth/totp/enroll');
      await u.post('/api/auth/totp/verify', { code: totpCode(enrol.body.secret, clock.now()) });
      expect((await u.post('/api/auth/totp/enroll')).status).toBe(409);
    });
  });

  describe('brute-force protection', () => {
    it('delays after a few failures, then locks the account, audits both, and an admin can unlock', async () => {
      const u = await createUser(ts.admin, 'end_user');
      const email = u.user!.email;
      const attempt = (password: string) => u.fresh().post('/api/auth/login', { email, password });
      const policy = THROTTLE_POLICY.account;

      for (let i = 1; i <= policy.freeFailures; i++) expect((await attempt('wrong-password')).status).toBe(401);
      expect((await attempt('wrong-password')).status).toBe(401); // failure 3: from now on a delay
      const early = await attempt('user-password-123');
      expect(early.status).toBe(429);
      expect(Number(early.headers.get('retry-after'))).toBe(1);

      // The delay doubles with each failure.
      clock.advance(1_000);
      expect((await attempt('wrong-password')).status).toBe(401); // failure 4
      clock.advance(1_000);
      expect((await attempt('wrong-password')).status).toBe(429);
      clock.advance(1_000);
      expect((await attempt('wrong-password')).status).toBe(401); // failure 5

      let failures = 5;
      while (failures < policy.lockAfter) {
        clock.advance(policy.maxDelayMs);
        expect((await attempt('wrong-password')).status).toBe(401);
        failures++;
      }
      clock.advance(policy.maxDelayMs);
      const locked = await attempt('user-password-123');
      expect(locked.status).toBe(423);
      expect(locked.body.error.message).toMatch(/locked/);

      const rows = await ts.store.db.selectFrom('audit_log').select(['action']).where('target', '=', email).execute();
      expect(rows.filter((r) => r.action === 'auth.login_failed')).toHaveLength(policy.lockAfter);
      expect(rows.filter((r) => r.action === 'auth.lockout')).toHaveLength(1);

      expect((await ts.admin.post(`/api/users/${u.user!.id}/unlock`)).status).toBe(200);
      expect((await attempt('user-password-123')).status).toBe(200);
    });

    it('a lock runs out by itself', async () => {
      const u = await createUser(ts.admin, 'end_user');
      const email = u.user!.email;
      const policy = THROTTLE_POLICY.account;
      for (let i = 0; i < policy.lockAfter; i++) {
        await u.fresh().post('/api/auth/login', { email, password: 'wrong-password' });
        clock.advance(policy.maxDelayMs);
      }
      expect((await u.fresh().post('/api/auth/login', { email, password: 'user-password-123' })).status).toBe(423);
      clock.advance(policy.lockMs);
      expect((await u.fresh().post('/api/auth/login', { email, password: 'user-password-123' })).status).toBe(200);
    });

    it('also counts failures per address, across accounts', async () => {
      // All test requests come from 127.0.0.1: clear what earlier tests left on it first.
      await ts.store.db.deleteFrom('login_throttle').where('kind', '=', 'address').execute();
      const policy = THROTTLE_POLICY.address;
      for (let i = 0; i <= policy.freeFailures; i++) {
        const res = await ts.anon.fresh().post('/api/auth/login', { email: `spray-${i}@tandem.test`, password: 'guess-guess' });
        expect(res.status).toBe(401);
      }
      const blocked = await ts.anon.fresh().post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password });
      expect(blocked.status).toBe(429);
      clock.advance(policy.baseDelayMs);
      expect((await ts.anon.fresh().post('/api/auth/login', { email: ADMIN.email, password: ADMIN.password })).status).toBe(200);
      await ts.store.db.deleteFrom('login_throttle').where('kind', '=', 'address').execute();
    });
  });

  describe('invitations', () => {
    it('an invited user sets a password once through the link', async () => {
      const created = await ts.admin.post('/api/users', { email: 'invitee@tandem.test', name: 'Invitee', role: 'agent' });
      expect(created.status).toBe(201);
      const link = new URL(created.body.invitationUrl);
      expect(link.origin).toBe(ts.url);
      const token = link.searchParams.get('token')!;
      const accepted = await ts.anon.post('/api/auth/accept-invite', { token, password: 'invited-password-1' });
      expect(accepted.status).toBe(200);
      expect(accepted.body.user.email).toBe('invitee@tandem.test');
      expect((await ts.anon.post('/api/auth/accept-invite', { token, password: 'another-password-1' })).status).toBe(403);
      await ts.anon.fresh().signIn('invitee@tandem.test', 'invited-password-1');
    });

    it('an invitation expires after a week', async () => {
      const created = await ts.admin.post('/api/users', { email: 'late@tandem.test', name: 'Late', role: 'end_user' });
      const token = new URL(created.body.invitationUrl).searchParams.get('token')!;
      clock.advance(7 * 24 * 3600_000 + 1);
      expect((await ts.anon.post('/api/auth/accept-invite', { token, password: 'invited-password-1' })).status).toBe(403);
      // The admin's own session outlived a week without use: refresh it.
      const refreshed = await ts.admin.post('/api/auth/refresh', { refreshToken: ts.admin.refreshToken });
      expect(refreshed.status).toBe(200);
      ts.admin.useTokens(refreshed.body);
    });
  });
});

describe.each(STORE_KINDS)('first-run setup on %s', (kind) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(kind, { withAdmin: false });
  });
  afterAll(async () => ts?.close());

  it('prints a one-time setup token and creates the first admin with it, once', async () => {
    expect(ts.server.setupToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect((await ts.anon.get('/api/setup')).body).toEqual({ needsSetup: true });
    const body = { email: 'first@tandem.test', name: 'First Admin', password: 'first-admin-password' };
    const wrong = await ts.anon.post('/api/setup', { ...body, token: 'w'.repeat(43) });
    expect(wrong.status).toBe(403);
    const ok = await ts.anon.post('/api/setup', { ...body, token: ts.server.setupToken });
    expect(ok.status).toBe(200);
    expect(ok.body.user).toMatchObject({ email: 'first@tandem.test', role: 'admin' });
    expect((await ts.anon.get('/api/setup')).body).toEqual({ needsSetup: false });
    const again = await ts.anon.post('/api/setup', { ...body, email: 'second@tandem.test', token: ts.server.setupToken });
    expect(again.status).toBe(409);
  });
});
