import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import type { IpcHandler } from '../shared/ipc';

/**
 * The tray's remembered sign-in: the refresh token encrypted with Electron's safeStorage (the OS
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

  async save(refreshToken: string | null): Promise<void> {
    if (refreshToken === null || !this.canEncrypt()) {
      if (refreshToken !== null) this.log('not remembering the sign-in: this system offers no encrypted storage');
      await rm(this.file, { force: true });
      return;
    }
    await mkdir(dirname(this.file), { recursive: true });
    await writeFile(this.file, this.safeStorage.encryptString(refreshToken), { mode: 0o600 });
  }

  async load(): Promise<string | null> {
    if (!this.canEncrypt()) return null;
    let sealed: Buffer;
    try {
      sealed = await readFile(this.file);
    } catch {
      return null;
    }
    try {
      return this.safeStorage.decryptString(sealed) || null;
    } catch (err) {
      // Another user's or machine's file, or a changed keychain: forget it, ask to sign in.
      this.log(`forgetting an unreadable remembered sign-in: ${(err as Error).message}`);
      await rm(this.file, { force: true });
      return null;
    }
  }

  /** The `auth:` channels over this store. */
  handlers(): { 'auth:save': IpcHandler<'auth:save'>; 'auth:load': IpcHandler<'auth:load'> } {
    return {
      'auth:save': ({ refreshToken }) => this.save(refreshToken),
      'auth:load': async () => ({ refreshToken: await this.load() }),
    };
  }
}
