import { useEffect, useState } from 'react';
import type { TandemClient } from '../../shared/api/client';
import type { User } from '../../shared/domain/user';
import type { TandemBridge } from '../../shared/ipc';
import { Brand } from '../common/Brand';
import { ErrorNote } from '../common/Field';
import { SignInForm } from '../common/SignInForm';
import { useSignedInUser } from '../common/session';
import { strings } from '../common/strings';
import { AttachmentOutbox, flushOutbox } from './local/outbox';
import { notifyNewReplies } from './local/replyNotifier';
import { openTrayData, serially, type TrayData } from './local/trayData';
import { MyTickets } from './MyTickets';
import { RaiseTicket } from './RaiseTicket';
import { RemoteSessionLayer } from './RemoteSessionLayer';
import { SyncBadge } from './SyncBadge';

export interface TrayProps {
  client: TandemClient;
  /** The main process (Electron IPC or the test bridge); null in a plain browser. */
  tandem: TandemBridge | null;
  serverUrl: string;
}

/** The tray popover: sign in, then ask for help or follow one's own requests; remote-session consent and bar above all. */
export function TrayApp(props: TrayProps) {
  const user = useSignedInUser(props.client);
  // Remote assistance asks the device, not an account: the prompt and the session bar show whether
  // or not anyone is signed in.
  return (
    <>
      <RemoteSessionLayer tandem={props.tandem} />
      {user ? (
        <SignedIn key={user.id} user={user} {...props} />
      ) : (
        <main className="tray">
          <Brand label={strings.trayTitle} />
          <SignInForm client={props.client} />
        </main>
      )}
    </>
  );
}

interface Opened {
  data: TrayData;
  outbox: AttachmentOutbox;
}

function SignedIn({ client, tandem, serverUrl, user }: TrayProps & { user: User }) {
  const [opened, setOpened] = useState<Opened | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState<'ask' | 'tickets'>('ask');
  const [openTicket, setOpenTicket] = useState<string | null>(null);

  // Keyed by the user's id, not the object: every token refresh hands the client a fresh copy of
  // the same user, and the database must not close and reopen for that.
  const userId = user.id;
  useEffect(() => {
    let live = true;
    let mine: Opened | null = null;
    void serially(async () => {
      const data = await openTrayData(client, userId, serverUrl);
      const outbox = await AttachmentOutbox.open(userId);
      mine = { data, outbox };
      if (live) setOpened(mine);
    }).catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
      void serially(async () => {
        mine?.outbox.close();
        await mine?.data.close();
      });
    };
  }, [client, userId, serverUrl]);

  // Replies from IT become desktop notifications (through main, so they work with the popover hidden).
  useEffect(() => {
    if (!opened || !tandem) return;
    const sub = notifyNewReplies(opened.data.db, user.id, (title, body) => void tandem.app.notify({ title, body }).catch(() => {}));
    return () => sub.unsubscribe();
  }, [opened, tandem, user.id]);

  // Files wait until their ticket is on the server: try whenever tickets change and every few seconds.
  useEffect(() => {
    if (!opened) return;
    let running = false;
    const flush = () => {
      if (running) return;
      running = true;
      void flushOutbox(opened.outbox, client, opened.data.db, serverUrl)
        .catch(() => {})
        .finally(() => (running = false));
    };
    const sub = opened.data.db.tickets.$.subscribe(flush);
    const timer = setInterval(flush, 5000);
    flush();
    return () => {
      sub.unsubscribe();
      clearInterval(timer);
    };
  }, [opened, client, serverUrl]);

  const showTicket = (id: string) => {
    setOpenTicket(id);
    setTab('tickets');
  };

  return (
    <main className="tray">
      <header className="tray-header">
        <Brand label={strings.trayTitle} />
        <div className="tray-header-end">
          {opened ? <SyncBadge session={opened.data.session} /> : null}
          <button type="button" className="link" onClick={() => void client.signOut()}>
            {strings.frame.signOut}
          </button>
        </div>
      </header>
      <nav className="tray-tabs" aria-label={strings.tray.tabsLabel}>
        <button type="button" aria-current={tab === 'ask' ? 'page' : undefined} onClick={() => setTab('ask')}>
          {strings.tray.askTab}
        </button>
        <button
          type="button"
          aria-current={tab === 'tickets' ? 'page' : undefined}
          onClick={() => {
            setTab('tickets');
            setOpenTicket(null);
          }}
        >
          {strings.tray.ticketsTab}
        </button>
      </nav>
      <ErrorNote message={error} />
      {!opened ? (
        error ? null : <p role="status">{strings.loading}</p>
      ) : tab === 'ask' ? (
        <RaiseTicket client={client} tandem={tandem} user={user} data={opened.data} outbox={opened.outbox} onRaised={showTicket} />
      ) : (
        <MyTickets user={user} data={opened.data} outbox={opened.outbox} openTicket={openTicket} onOpen={setOpenTicket} />
      )}
    </main>
  );
}
