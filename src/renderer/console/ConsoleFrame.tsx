import { Suspense, useEffect, useRef } from 'react';
import type { TandemClient } from '../../shared/api/client';
import type { User } from '../../shared/domain/user';
import { Brand } from '../common/Brand';
import { followLink, hrefOf, navigate } from '../common/router';
import { roleName, strings } from '../common/strings';
import { AccountPage } from './AccountPage';
import { NotFound } from './NotFound';
import { KnowledgePage } from './kb/KnowledgePage';
import { AdminPage, DevicePage, DevicesPage, PageLoadBoundary, preloadPage, RemoteSessionPage, ReportsPage } from './lazyPages';
import { QueuePage } from './queue/QueuePage';
import { CommandsProvider } from './commands';
import { ConsoleTools } from './ConsoleTools';
import { MacrosPage } from './macros/MacrosPage';
import { SECTIONS } from './sections';
import { SyncIndicator, SyncNotices } from './SyncStatusBar';
import { TicketPage } from './ticket/TicketPage';
import { useLocalData } from './local/LocalDataContext';

/** The signed-in console: top bar, side navigation and the current section. */
export function ConsoleFrame({ client, user, path }: { client: TandemClient; user: User; path: string }) {
  const sections = SECTIONS.filter((s) => s.visibleTo(user.role));
  const home = sections[0]?.path ?? '/account';
  const mainRef = useRef<HTMLElement>(null);
  const local = useLocalData();

  useEffect(() => {
    if (path === '/' || path === '') navigate(home, { replace: true });
    // The console app's deep links (tandem://ticket/T-1042) arrive as /tickets/T-1042.
    else if (path.startsWith('/tickets/')) navigate(`/queue/${path.slice('/tickets/'.length)}`, { replace: true });
  }, [path, home]);

  // After navigating, focus lands on the new page's heading region (as a page load would).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [path]);

  const section = sections.find((s) => path === s.path || path.startsWith(`${s.path}/`));
  let page;
  if (path === '/account') page = <AccountPage client={client} user={user} />;
  else if (section?.path === '/queue' && path.startsWith('/queue/')) page = <TicketPage reference={decodeURIComponent(path.slice('/queue/'.length))} user={user} client={client} />;
  else if (section?.path === '/queue') page = <QueuePage user={user} client={client} />;
  else if (section?.path === '/macros') page = <MacrosPage user={user} />;
  else if (section?.path === '/admin') page = <AdminPage path={path} client={client} user={user} />;
  else if (section?.path === '/knowledge') page = <KnowledgePage path={path} client={client} user={user} />;
  else if (section?.path === '/devices' && path.startsWith('/devices/')) page = <DevicePage client={client} deviceId={decodeURIComponent(path.slice('/devices/'.length))} />;
  else if (section?.path === '/devices') page = <DevicesPage client={client} />;
  else if (path.startsWith('/remote/')) page = <RemoteSessionPage client={client} sessionId={decodeURIComponent(path.slice('/remote/'.length))} />;
  // Also for roles without the section, so a typed or shared link says why it shows nothing.
  else if (path === '/reports') page = <ReportsPage client={client} user={user} />;
  else if (path === '/' || path === '') page = null;
  else page = <NotFound home={home} />;

  return (
    <CommandsProvider>
    <div className="frame">
      <a className="skip-link" href="#main">
        {strings.frame.skipToContent}
      </a>
      <header className="topbar">
        <Brand />
        <SyncIndicator />
        <div className="topbar-user">
          <a href={hrefOf('/account')} onClick={(e) => followLink(e, '/account')} className="user-chip"
            title={strings.frame.accountSettings}
            aria-current={path === '/account' ? 'page' : undefined}>
            <span className="user-name">{user.name}</span>
            <span className="badge accent">{roleName(user.role)}</span>
            <span className="visually-hidden">{strings.frame.accountSettings}</span>
          </a>
          <button type="button" onClick={() => void client.signOut()}>
            {strings.frame.signOut}
          </button>
          <button type="button" onClick={() => void local.signOutEverywhere()}>
            {strings.frame.signOutEverywhere}
          </button>
        </div>
      </header>
      <nav className="sidenav" aria-label={strings.frame.mainNav}>
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <a
                href={hrefOf(s.path)}
                onClick={(e) => followLink(e, s.path)}
                onPointerEnter={() => preloadPage(s.path)}
                onFocus={() => preloadPage(s.path)}
                aria-current={s === section ? 'page' : undefined}
              >
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="main" tabIndex={-1} ref={mainRef}>
        <SyncNotices />
        <PageLoadBoundary path={path}>
          <Suspense fallback={<p role="status">{strings.loading}</p>}>{page}</Suspense>
        </PageLoadBoundary>
      </main>
      <ConsoleTools client={client} user={user} />
    </div>
    </CommandsProvider>
  );
}
