import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RememberedSignIn } from './remembered-sign-in';

/** A fake safeStorage: "encrypts" by reversing and tagging, so the test can see it was used. */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true) {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => Buffer.from(`sealed:${[...plain].reverse().join('')}`),
    decryptString: (sealed: Buffer) => {
      const text = sealed.toString();
      if (!text.startsWith('sealed:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...text.slice(7)].reverse().join('');
    },
  };
}

describe('RememberedSignIn', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-sign-in-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const user = {
    id: '00000000-0000-4000-8000-000000000001', email: 'erin@example.org', name: 'Erin', role: 'end_user' as const, groupIds: [],
    active: true, totpEnabled: false, createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z',
  };

  it('keeps the refresh token and its user sealed by safeStorage, owner-only, and reads them back', async () => {
    const file = join(dir, 'a/sign-in.bin');
    const store = new RememberedSignIn(fakeSafeStorage(), file, () => {});
    const { 'auth:save': save, 'auth:load': load } = store.handlers();
    await save({ refreshToken: 'rt-123', user });
    const sealed = (await readFile(file)).toString();
    expect(sealed.startsWith('sealed:')).toBe(true);
    expect(sealed).not.toContain('rt-123');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await load(undefined)).toEqual({ refreshToken: 'rt-123', user });
    await save({ refreshToken: null, user: null });
    expect(await load(undefined)).toEqual({ refreshToken: null, user: null });
    await expect(stat(file)).rejects.toThrow();
  });

  it('reads a file of the earlier format (the bare token) as a token without a user', async () => {
    const file = join(dir, 'old.bin');
    await writeFile(file, 'sealed:321-tr');
    expect(await new RememberedSignIn(fakeSafeStorage(), file, () => {}).load()).toEqual({ refreshToken: 'rt-123', user: null });
  });

  it.each([
    ['no encryption at all', fakeSafeStorage('gnome_libsecret', false)],
    ['the hard-coded-key fallback (basic_text)', fakeSafeStorage('basic_text')],
  ])('with %s, nothing is written and nothing is read', async (_what, safeStorage) => {
    const file = join(dir, `none-${Math.random()}.bin`);
    const logged: string[] = [];
    const store = new RememberedSignIn(safeStorage, file, (m) => logged.push(m));
    await store.save('rt-secret', user);
    await expect(stat(file)).rejects.toThrow();
    expect(logged).toEqual(['not remembering the sign-in: this system offers no encrypted storage']);
    await writeFile(file, 'sealed:terces');
    expect(await store.load()).toEqual({ refreshToken: null, user: null });
  });

  it('an unreadable file (another keychain) is forgotten, not an error', async () => {
    const file = join(dir, 'foreign.bin');
    await writeFile(file, 'garbage from another machine');
    const logged: string[] = [];
    const store = new RememberedSignIn(fakeSafeStorage(), file, (m) => logged.push(m));
    expect(await store.load()).toEqual({ refreshToken: null, user: null });
    await expect(stat(file)).rejects.toThrow();
    expect(logged[0]).toMatch(/^forgetting an unreadable remembered sign-in/);
  });
});
