import { useState } from 'react';
import type { RemotePeer } from '../../../shared/remote/peer';
import { remoteStrings as s } from '../../common/remoteStrings';
import { ChatPanel } from './ChatPanel';
import { DiagnosticsPanel } from './DiagnosticsPanel';
import { FilesPanel } from './FilesPanel';
import { ScreenView } from './ScreenView';
import type { SessionView } from './sessionModel';
import { ShellTabs } from './ShellTabs';

type Tool = 'screen' | 'shell' | 'diagnostics' | 'files' | 'chat';
const RIGHT_OF: Record<Tool, 'view' | 'shell' | 'diagnostics' | 'files' | 'chat'> = { screen: 'view', shell: 'shell', diagnostics: 'diagnostics', files: 'files', chat: 'chat' };

interface SessionToolsProps {
  view: Extract<SessionView, { phase: 'active' }>;
  peer: RemotePeer | null;
  stream: MediaStream | null;
  deviceName: string;
  onMonitor(id: string): void;
  onQuality(q: { maxFps: number; maxWidth: number }): void;
}

/**
 * The tools of an active session, one tab each for what the device granted. Panels stay mounted
 * while hidden so terminals, transfers and the chat survive switching tabs.
 */
export function SessionTools({ view, peer, stream, deviceName, onMonitor, onQuality }: SessionToolsProps) {
  const tools = (Object.keys(RIGHT_OF) as Tool[]).filter((t) => view.rights.includes(RIGHT_OF[t]));
  const [picked, setPicked] = useState<Tool | null>(null);
  const current = picked && tools.includes(picked) ? picked : tools[0];
  const [unread, setUnread] = useState(false);
  if (!tools.length) return null;

  return (
    <div className="remote-tools">
      <div role="tablist" aria-label={s.tabs} className="remote-tablist">
        {tools.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            id={`tool-tab-${t}`}
            aria-selected={t === current}
            aria-controls={`tool-panel-${t}`}
            onClick={() => {
              setPicked(t);
              if (t === 'chat') setUnread(false);
            }}
          >
            {s.tab[t]}
            {t === 'chat' && unread ? <span className="badge accent">•</span> : null}
          </button>
        ))}
      </div>
      {tools.map((t) => (
        <div key={t} role="tabpanel" id={`tool-panel-${t}`} aria-labelledby={`tool-tab-${t}`} hidden={t !== current} className="remote-panel">
          {t === 'screen' ? (
            <ScreenView
              peer={peer}
              stream={stream}
              rights={view.rights}
              deviceName={deviceName}
              monitors={view.hello?.monitors ?? []}
              monitor={view.hello?.monitor ?? null}
              onMonitor={onMonitor}
              onQuality={onQuality}
            />
          ) : t === 'shell' ? (
            <ShellTabs peer={peer} visible={t === current} />
          ) : t === 'diagnostics' ? (
            <DiagnosticsPanel peer={peer} rights={view.rights} />
          ) : t === 'files' ? (
            <FilesPanel peer={peer} maxFileBytes={view.hello?.maxFileBytes ?? 0} />
          ) : (
            <ChatPanel peer={peer} onUnread={() => current !== 'chat' && setUnread(true)} />
          )}
        </div>
      ))}
    </div>
  );
}
