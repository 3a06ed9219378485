import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseRememberedSignIn, type IpcHandler } from '../../shared/ipc';

/**
 * The remembered sign-in for bridge (test and development) mode: a plain JSON file (refresh token
 * and user) readable only by its owner, under a folder the bridge is given (a temp folder in
 * tests). The Electron tray keeps it encrypted with safeStorage instead; this is never used by a
 * packaged app.
 */
export function fileSignInHandlers(file: string): { 'auth:save': IpcHandler<'auth:save'>; 'auth:load': IpcHandler<'auth:load'> } {
  return {
    'auth:save': async ({ refreshToken, user }) => {
      if (refreshToken === null) return void (await rm(file, { force: true }));
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFile(file, JSON.stringify({ refreshToken, user }), { mode: 0o600 });
    },
    'auth:load': async () => {
      try {
        return parseRememberedSignIn(await readFile(file, 'utf8'));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { refreshToken: null, user: null };
        throw err;
      }
    },
  };
}
