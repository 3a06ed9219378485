import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, TandemClient, type RefreshTokenStore } from '../../src/shared/api/client';
import type { User } from '../../src/shared/domain/user';
import { openTandemDatabase } from '../../src/shared/sync/database';
import { mustSignInAgain, SyncSession } from '../../src/shared/sync/session';
import { createUser, type ApiClient } from '../fixtures/api';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';
import { eventually } from '../fixtures/sync-client';
import { ClientNetwork } from '../fixtures/network';

/** A store that remembers the token and its user, as the tray's remembered sign-in does. */
function rememberingStore(refreshToken: string | null, user: User | null): RefreshTokenStore & { saved: { refreshToken: string | null; user: User | null } } {
  const saved = { refreshToken, user };
  return {
    saved,
    read: () => saved.refreshToken,
    readUser: () => saved.user,
    write: (token, who = null) => {
      saved.refreshToken = token;
      saved.user = token === null ? null : who;
    },
  };
}

describe('mustSignInAgain', () => {
  it.each([
    ['a refused refresh (ApiError unauthenticated)', new ApiError('unauthenticated', 'Sign in again.', 401), true],
    ['a plain error', new Error('refresh failed: 401'), true],
    ['no answer (ApiError network)', new ApiError('network', 'The server cannot be reached.', 0), false],
    ['a proxy error while the server is down', new ApiError('internal', 'Bad gateway', 502), false],
    ['fetch failing', new TypeError('fetch failed'), false],
  ])('%s → %s', (_what, err, expected) => {
    expect(mustSignInAgain(err)).toBe(expected);
  });
});

/**
 * Starting without the server: the client signs in offline as the remembered user, the sync
 * session keeps trying (its token refresh included) instead of giving up, and local work reaches
 * the server once it answers.
 */
describe.each(STORE_KINDS)('starting offline on %s', (kind) => {
  let ts: TestServer;
  let erin: ApiClient;

  beforeAll(async () => {
    ts = await startTestServer(kind);
    erin = await createUser(ts.admin, 'end_user', { name: 'Erin Offline' });
  }, 180_000);
  afterAll(async () => ts?.close(), 60_000);

  /** A fresh refresh token of Erin's (each works once), from a sign-in of her own. */
  const freshToken = async () => {
    const session = ts.admin.fresh();
    await session.signIn(erin.user!.email, 'user-password-123');
    return session.refreshToken!;
  };

  it('resume signs in offline as the remembered user, refreshes once the server answers, and ends on a refused token', async () => {
    const network = new ClientNetwork();
    network.cut();
    const store = rememberingStore(await freshToken(), erin.user);
    const client = new TandemClient({ baseUrl: ts.url, refreshTokens: store, fetch: network.fetch });
    expect(await client.resume()).toEqual(erin.user);
    expect(client.offline).toBe(true);
    // No answer is not a sign-out: the token is kept, and the error says the server is unreachable.
    await expect(client.refreshAccessToken()).rejects.toMatchObject({ code: 'network' });
    expect(store.saved.refreshToken).not.toBeNull();

    network.restore();
    // The first call gets a token first, rather than being answered 401 and signing the user out.
    expect((await client.reloadUser()).id).toBe(erin.user!.id);
    expect(client.offline).toBe(false);
    expect(store.saved.user?.id).toBe(erin.user!.id);

    // Without a remembered user there is nobody to be offline as.
    const anonymous = new TandemClient({ baseUrl: ts.url, refreshTokens: rememberingStore(await freshToken(), null), fetch: () => Promise.reject(new TypeError('fetch failed')) });
    expect(await anonymous.resume()).toBeNull();

    // A token the server refuses ends it, offline user or not.
    const refused = rememberingStore('not-a-real-token', erin.user);
    const ended = new TandemClient({ baseUrl: ts.url, refreshTokens: refused });
    expect(await ended.resume()).toBeNull();
    expect(refused.saved).toEqual({ refreshToken: null, user: null });
  });

  it('a session whose token refresh cannot reach the server retries with backoff, then syncs the ticket raised offline', async () => {
    const network = new ClientNetwork();
    const store = rememberingStore(await freshToken(), erin.user);
    const client = new TandemClient({ baseUrl: ts.url, refreshTokens: store, fetch: network.fetch });
    network.cut();
    expect(await client.resume()).toEqual(erin.user);

    const db = await openTandemDatabase({
      name: `offline_start_${kind}_${Date.now()}`,
      storage: getRxStorageDexie({ indexedDB, IDBKeyRange }),
      collections: ['tickets', 'ticket_events'],
    });
    // For a while after the network is back the socket gets through but the refresh does not (a
    // server still starting, a flaky link): the stream must keep trying rather than give up.
    let refreshBlockedUntil = Number.POSITIVE_INFINITY;
    let refreshFailures = 0;
    const session = new SyncSession({
      db,
      serverUrl: ts.url,
      collections: ['tickets', 'ticket_events'],
      WebSocket: network.WebSocket,
      fetch: network.fetch,
      maxBackoffMs: 300,
      retryMs: 200,
      auth: {
        accessToken: () => client.accessTokenNow,
        refresh: async () => {
          if (Date.now() < refreshBlockedUntil) {
            refreshFailures += 1;
            throw new ApiError('network', 'The Tandem server cannot be reached.', 0);
          }
          return client.refreshAccessToken();
        },
      },
    });
    try {
      await session.start();
      const id = crypto.randomUUID();
      const now = new Date().toISOString();
      await db.tickets.insert({
        id, number: 0, subject: 'Raised on the train', description: '', requesterId: erin.user!.id, cc: [], assigneeId: null, groupId: null,
        status: 'new', priority: 'P3', type: 'incident', category: null, tags: [], customFields: {}, channel: 'tray', deviceId: null,
        parentId: null, linkedIds: [], createdAt: now, updatedAt: now, resolvedAt: null, closedAt: null,
      });
      await eventually(() => expect(session.status$.value.connection).toBe('offline'));
      await new Promise((r) => setTimeout(r, 500));
      expect((await ts.admin.get(`/api/tickets/${id}`)).status).toBe(404);

      network.restore();
      refreshBlockedUntil = Date.now() + 1_500;
      await eventually(async () => expect((await ts.admin.get(`/api/tickets/${id}`)).body).toMatchObject({ subject: 'Raised on the train', requesterId: erin.user!.id }), 20_000);
      // The live stream is back too (it would stay down had the failed refreshes ended the session).
      await eventually(() => expect(session.status$.value).toMatchObject({ connection: 'online', error: null }), 20_000);
      expect(refreshFailures).toBeGreaterThanOrEqual(2);
      const t = (await ts.admin.get(`/api/tickets/${id}`)).body;
      expect((await ts.admin.post(`/api/tickets/${id}/events`, { kind: 'reply', body: 'On it.' })).status).toBe(201);
      await eventually(async () => expect((await db.ticket_events.find({ selector: { ticketId: t.id } }).exec()).map((e) => e.body)).toContain('On it.'), 20_000);
    } finally {
      await session.stop();
      await db.close();
    }
  });
});
