import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import { parseRememberedSignIn, type IpcHandler, type RememberedSignIn as Remembered } from '../shared/ipc';
import type { User } from '../shared/domain/user';

/**
 * The tray's remembered sign-in: the refresh token (and the user it belongs to, so the tray can
 * start offline on that user's local data) encrypted with Electron's safeStorage (the OS
 * keychain: Keychain, DPAPI, libsecret/kwallet) in a file under the user-data folder. Where the OS
 * offers no real encryption (safeStorage falls back to a hard-coded key on Linux without a secret
 * store, "basic_text"), nothing is written: the user signs in again next time rather than leaving a
 * usable token on disk.
 */
export class RememberedSignIn {
  constructor(
    private readonly safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
      getSelectedStorageBackend?: () => string;
    },
    private readonly file: string,
    private readonly log: (message: string) => void,
  ) {}

  private canEncrypt(): boolean {
    if (!this.safeStorage.isEncryptionAvailable()) return false;
    return this.safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  }

  async save(refreshToken: string | null, user: User | null = null): Promise<void> {
    if (refreshToken === null || !this.canEncrypt()) {
      if (refreshToken !== null) this.log('not remembering the sign-in: this system offers no encrypted storage');
      await rm(this.file, { force: true });
      return;
    }
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(this.file, this.safeStorage.encryptString(JSON.stringify({ refreshToken, user })), { mode: 0o600 });
  }

  async load(): Promise<Remembered> {
    const nobody = { refreshToken: null, user: null };
    if (!this.canEncrypt()) return nobody;
    let sealed: Buffer;
    try {
      sealed = await readFile(this.file);
    } catch {
      return nobody;
    }
    try {
      return parseRememberedSignIn(this.safeStorage.decryptString(sealed));
    } catch (err) {
      // Another user's or machine's file, or a changed keychain: forget it, ask to sign in.
      this.log(`forgetting an unreadable remembered sign-in: ${(err as Error).message}`);
      await rm(this.file, { force: true });
      return nobody;
    }
  }

  /** The `auth:` channels over this store. */
  handlers(): { 'auth:save': IpcHandler<'auth:save'>; 'auth:load': IpcHandler<'auth:load'> } {
    return {
      'auth:save': ({ refreshToken, user }) => this.save(refreshToken, user),
      'auth:load': () => this.load(),
    };
  }
}
