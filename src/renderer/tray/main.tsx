import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TandemClient, type RefreshTokenStore } from '../../shared/api/client';
import type { TandemBridge } from '../../shared/ipc';
import { localRefreshTokens } from '../common/session';
import '../common/theme.css';
import './tray.css';
import { connectTandem } from './bridge';
import { TrayApp } from './TrayApp';

/**
 * The remembered sign-in lives in main (safeStorage in Electron, a file for the bridge): read once
 * at start, then every new refresh token is handed back with its user. The client's store is
 * synchronous, so both are kept in memory in between. The user lets the tray start offline: the
 * client signs in as them on their local data until the server answers (TandemClient.resume).
 */
async function rememberedTokens(tandem: TandemBridge): Promise<RefreshTokenStore> {
  let remembered = await tandem.auth.load().catch(() => ({ refreshToken: null, user: null }));
  return {
    read: () => remembered.refreshToken,
    readUser: () => remembered.user,
    write: (refreshToken, user = null) => {
      remembered = { refreshToken, user: refreshToken === null ? null : user };
      void tandem.auth.save(remembered).catch(() => {});
    },
  };
}

/** Outside the app (tests, development) with no bridge, `?server=` names the Tandem server. */
function serverFromQuery(): string {
  const given = new URLSearchParams(location.search).get('server');
  return given && URL.canParse(given) && /^https?:$/.test(new URL(given).protocol) ? new URL(given).origin : '';
}

async function start(): Promise<void> {
  const tandem = await connectTandem().catch(() => null);
  const serverUrl = tandem ? await tandem.app.getServerUrl() : serverFromQuery();
  const refreshTokens = tandem ? await rememberedTokens(tandem) : localRefreshTokens('tandem.tray.refresh');
  const client = new TandemClient({ baseUrl: serverUrl, refreshTokens });
  await client.resume().catch(() => null);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <TrayApp client={client} tandem={tandem} serverUrl={serverUrl || location.origin} />
    </StrictMode>,
  );
}

void start();
