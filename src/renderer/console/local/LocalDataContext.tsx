import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { TandemClient } from '../../../shared/api/client';
import type { User } from '../../../shared/domain/user';
import { messageOf } from '../../common/Field';
import { strings } from '../../common/strings';
import { openLocalData, serially, type LocalData } from './localData';

type State = { kind: 'opening' } | { kind: 'ready'; data: LocalData } | { kind: 'failed'; message: string } | { kind: 'closing' };

interface LocalDataHandle {
  data: LocalData;
  /** Signs out every session and deletes this device's copy of the user's data first. */
  signOutEverywhere(): Promise<void>;
}

const Context = createContext<LocalDataHandle | null>(null);

/** The signed-in agent's local data; only rendered inside LocalDataProvider. */
export function useLocalData(): LocalDataHandle {
  const handle = useContext(Context);
  if (!handle) throw new Error('useLocalData outside LocalDataProvider');
  return handle;
}

/**
 * Opens the user's local database and sync for as long as they are signed in, and closes it on
 * sign-out. Children render only once the database is open, so pages read it without null checks.
 */
export function LocalDataProvider({ client, user, children }: { client: TandemClient; user: User; children: ReactNode }) {
  const [state, setState] = useState<State>({ kind: 'opening' });

  useEffect(() => {
    let live = true;
    const opening = serially(() => openLocalData(client, user));
    void opening.then(
      (data) => live && setState({ kind: 'ready', data }),
      (err: unknown) => live && setState({ kind: 'failed', message: messageOf(err, strings.sync.openFailed) }),
    );
    return () => {
      live = false;
      // Queued now, behind this open and before the next one (a remount, another user): closing
      // only once the open has finished would queue the close behind the next open, which opens
      // the same database again and so closes this one (closeDuplicates) under its running sync.
      void serially(() => opening.then((data) => data.close(), () => undefined));
    };
    // The database belongs to one user: a new user id means another database.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, user.id]);

  if (state.kind === 'opening' || state.kind === 'closing') {
    return (
      <p role="status" className="local-data-note">
        {state.kind === 'opening' ? strings.sync.opening : strings.sync.signingOut}
      </p>
    );
  }
  if (state.kind === 'failed') {
    return (
      <div className="local-data-note error-note" role="alert">
        {state.message}
      </div>
    );
  }
  const data = state.data;
  const handle: LocalDataHandle = {
    data,
    signOutEverywhere: async () => {
      setState({ kind: 'closing' });
      await serially(() => data.remove()).catch(() => undefined);
      await client.signOutEverywhere();
    },
  };
  return <Context.Provider value={handle}>{children}</Context.Provider>;
}
