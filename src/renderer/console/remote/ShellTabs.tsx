import { useState } from 'react';
import type { RemotePeer } from '../../../shared/remote/peer';
import { remoteStrings as s } from '../../common/remoteStrings';
import { ShellTerminal } from './ShellTerminal';

interface ShellTab {
  id: string;
  name: string;
}

/** Several terminals on the device, one per tab; closing a tab ends its shell there. */
export function ShellTabs({ peer, visible }: { peer: RemotePeer | null; visible: boolean }) {
  const [tabs, setTabs] = useState<ShellTab[]>([{ id: 't1', name: s.shellTab(1) }]);
  const [current, setCurrent] = useState('t1');
  const [counter, setCounter] = useState(1);

  const add = () => {
    const n = counter + 1;
    const tab = { id: `t${n}`, name: s.shellTab(n) };
    setCounter(n);
    setTabs((t) => [...t, tab]);
    setCurrent(tab.id);
  };
  const close = (id: string) => {
    peer?.send('shell', { t: 'close', tab: id });
    setTabs((t) => {
      const rest = t.filter((x) => x.id !== id);
      if (current === id) setCurrent(rest[rest.length - 1]?.id ?? '');
      return rest;
    });
  };

  const currentTab = tabs.find((t) => t.id === current);
  return (
    <div className="remote-shells">
      <div className="remote-shell-bar">
        {/* A tablist holds only tabs; closing and adding are buttons beside it. */}
        <div className="remote-shell-tabs" role="tablist" aria-label={s.tab.shell}>
          {tabs.map((t) => (
            <button key={t.id} type="button" role="tab" id={`shell-tab-${t.id}`} aria-selected={t.id === current} aria-controls={`shell-panel-${t.id}`} onClick={() => setCurrent(t.id)}>
              {t.name}
            </button>
          ))}
        </div>
        {currentTab ? (
          <button type="button" onClick={() => close(currentTab.id)}>
            {s.closeShell(currentTab.name)}
          </button>
        ) : null}
        <button type="button" onClick={add}>
          + {s.newShell}
        </button>
      </div>
      {tabs.map((t) => (
        <div key={t.id} role="tabpanel" id={`shell-panel-${t.id}`} aria-labelledby={`shell-tab-${t.id}`} hidden={t.id !== current} className="remote-shell-panel">
          <ShellTerminal peer={peer} tab={t.id} name={t.name} visible={visible && t.id === current} />
        </div>
      ))}
    </div>
  );
}
