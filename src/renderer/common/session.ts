import { useSyncExternalStore } from 'react';
import type { TandemClient, RefreshTokenStore } from '../../shared/api/client';
import type { User } from '../../shared/domain/user';
import type { TandemBridge } from '../../shared/ipc';

declare global {
  interface Window {
    /** Present only inside the Electron apps (see src/preload). */
    tandem?: TandemBridge;
  }
}

/** The refresh token in localStorage under a per-app key; the access token never leaves memory. */
export function localRefreshTokens(key: string): RefreshTokenStore {
  return {
    read: () => localStorage.getItem(key),
    write: (token) => (token === null ? localStorage.removeItem(key) : localStorage.setItem(key, token)),
  };
}

/** The server to talk to: the page's own origin on the web, the configured server in Electron. */
export async function serverBaseUrl(): Promise<string> {
  if (window.tandem) return window.tandem.app.getServerUrl();
  return '';
}

/** The signed-in user of a client; re-renders when it changes. */
export function useSignedInUser(client: TandemClient): User | null {
  return useSyncExternalStore(
    (listener) => client.subscribe(listener),
    () => client.user,
  );
}
