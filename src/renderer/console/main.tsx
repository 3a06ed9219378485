import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { TandemClient } from '../../shared/api/client';
import { localRefreshTokens, serverBaseUrl } from '../common/session';
import '../common/theme.css';
import './console.css';
import './queue/queue.css';
import './ticket/ticket.css';
import './tools.css';
import { ConsoleApp } from './ConsoleApp';

async function start(): Promise<void> {
  const client = new TandemClient({ baseUrl: await serverBaseUrl(), refreshTokens: localRefreshTokens('tandem.console.refresh') });
  // A stored session resumes before the first paint, so a reload does not flash the sign-in page.
  await client.resume().catch(() => null);
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <ConsoleApp client={client} />
    </StrictMode>,
  );
}

void start();
