import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TandemClient } from '../../shared/api/client';
import { localRefreshTokens, serverBaseUrl } from '../common/session';
import '../common/theme.css';
import './tray.css';
import { TrayApp } from './TrayApp';

async function start(): Promise<void> {
  const client = new TandemClient({ baseUrl: await serverBaseUrl(), refreshTokens: localRefreshTokens('tandem.tray.refresh') });
  await client.resume().catch(() => null);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <TrayApp client={client} />
    </StrictMode>,
  );
}

void start();
