import type { DiagnosticsSnapshot } from '../../shared/domain/diagnostics';
import type { Screenshot } from '../../shared/ipc';
import { strings } from '../common/strings';
import { summarise } from './diagnosticsSummary';

export type Collected<T> = { state: 'collecting' } | { state: 'ready'; value: T } | { state: 'failed'; reason: string };

interface Props {
  diagnostics: Collected<DiagnosticsSnapshot> | null;
  screenshot: Collected<Screenshot> | null;
  includeScreenshot: boolean;
  onIncludeScreenshot(include: boolean): void;
}

/**
 * What is sent with a request, shown before it is sent: the diagnostics (a summary, and the whole
 * document on request) and the screenshot, which the user can leave out.
 */
export function DeviceAttachments({ diagnostics, screenshot, includeScreenshot, onIncludeScreenshot }: Props) {
  const s = strings.tray;
  if (!diagnostics) {
    return (
      <section className="tray-attached" aria-labelledby="attached-heading">
        <h2 id="attached-heading">{s.attachedHeading}</h2>
        <p className="hint">{s.noDevice}</p>
      </section>
    );
  }
  return (
    <section className="tray-attached" aria-labelledby="attached-heading">
      <h2 id="attached-heading">{s.attachedHeading}</h2>
      <p className="hint">{s.attachedIntro}</p>
      {diagnostics.state === 'collecting' ? <p role="status">{s.collecting}</p> : null}
      {diagnostics.state === 'failed' ? <p className="hint">{s.diagnosticsUnavailable}</p> : null}
      {diagnostics.state === 'ready' ? (
        <div className="tray-diagnostics">
          <p>
            <strong>{s.diagnostics}</strong>
            <br />
            <span className="hint">{summarise(diagnostics.value)}</span>
          </p>
          <details>
            <summary>{s.showEverything}</summary>
            <pre className="tray-json" tabIndex={0}>
              {JSON.stringify(diagnostics.value, null, 2)}
            </pre>
          </details>
        </div>
      ) : null}
      {screenshot?.state === 'ready' && 'dataUrl' in screenshot.value ? (
        <div className="tray-screenshot">
          <label className="check">
            <input type="checkbox" checked={includeScreenshot} onChange={(e) => onIncludeScreenshot(e.target.checked)} />
            {s.screenshot}
          </label>
          {includeScreenshot ? <img src={screenshot.value.dataUrl} alt={s.screenshotAlt} /> : null}
        </div>
      ) : null}
      {screenshot?.state === 'ready' && 'unavailable' in screenshot.value ? <p className="hint">{s.noScreenshot(screenshot.value.unavailable)}</p> : null}
      {screenshot?.state === 'failed' ? <p className="hint">{s.noScreenshot(screenshot.reason)}</p> : null}
    </section>
  );
}
