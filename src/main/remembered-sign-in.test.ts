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

  it('keeps the refresh token sealed by safeStorage, owner-only, and reads it back', async () => {
    const file = join(dir, 'a/sign-in.bin');
    const store = new RememberedSignIn(fakeSafeStorage(), file, () => {});
    const { 'auth:save': save, 'auth:load': load } = store.handlers();
    await save({ refreshToken: 'rt-123' });
    expect((await readFile(file)).toString()).toBe('sealed:321-tr');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await load(undefined)).toEqual({ refreshToken: 'rt-123' });
    await save({ refreshToken: null });
    expect(await load(undefined)).toEqual({ refreshToken: null });
    await expect(stat(file)).rejects.toThrow();
  });

  it.each([
    ['no encryption at all', fakeSafeStorage('gnome_libsecret', false)],
    ['the hard-coded-key fallback (basic_text)', fakeSafeStorage('basic_text')],
  ])('with %s, nothing is written and nothing is read', async (_what, safeStorage) => {
    const file = join(dir, `none-${Math.random()}.bin`);
    const logged: string[] = [];
    const store = new RememberedSignIn(safeStorage, file, (m) => logged.push(m));
    await store.save('rt-secret');
    await expect(stat(file)).rejects.toThrow();
    expect(logged).toEqual(['not remembering the sign-in: this system offers no encrypted storage']);
    await writeFile(file, 'sealed:terces');
    expect(await store.load()).toBeNull();
  });

  it('an unreadable file (another keychain) is forgotten, not an error', async () => {
    const file = join(dir, 'foreign.bin');
    await writeFile(file, 'garbage from another machine');
    const logged: string[] = [];
    const store = new RememberedSignIn(fakeSafeStorage(), file, (m) => logged.push(m));
    expect(await store.load()).toBeNull();
    await expect(stat(file)).rejects.toThrow();
    expect(logged[0]).toMatch(/^forgetting an unreadable remembered sign-in/);
  });
});
