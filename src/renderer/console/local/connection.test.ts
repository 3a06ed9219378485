import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/sync/session';
import { shownStatus } from './connection';

const base: SyncStatus = { connection: 'online', firstSync: null, pending: 0, error: null };
const offline: SyncStatus = { ...base, connection: 'offline', pending: 2, error: { code: 'offline', message: 'You are offline…' } };

describe('shownStatus', () => {
  it('the session’s view stands while the page has no other evidence', () => {
    expect(shownStatus(base, { browserOnline: true, lastRequestOk: null })).toEqual(base);
    expect(shownStatus(offline, { browserOnline: true, lastRequestOk: null })).toEqual(offline);
  });
  it('the browser saying offline is offline at once, keeping the pending count', () => {
    expect(shownStatus(base, { browserOnline: false, lastRequestOk: true })).toMatchObject({ connection: 'offline', pending: 0, error: { code: 'offline' } });
  });
  it('a failed request is offline even while the live stream still looks up', () => {
    expect(shownStatus({ ...base, pending: 1 }, { browserOnline: true, lastRequestOk: false })).toMatchObject({ connection: 'offline', pending: 1 });
  });
  it('an answered request after an outage is back online, and the offline error goes', () => {
    expect(shownStatus(offline, { browserOnline: true, lastRequestOk: true })).toEqual({ ...offline, connection: 'online', error: null });
  });
  it('keeps an error that is not about the connection', () => {
    const refused = { ...offline, error: { code: 'forbidden', message: 'A change was not saved' } };
    expect(shownStatus(refused, { browserOnline: true, lastRequestOk: true }).error).toEqual(refused.error);
  });
  it('a session still connecting stays connecting', () => {
    const connecting = { ...base, connection: 'connecting' as const };
    expect(shownStatus(connecting, { browserOnline: true, lastRequestOk: true })).toEqual(connecting);
  });
});
