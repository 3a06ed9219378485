import { useEffect, useId, useRef, useState } from 'react';
import { z } from 'zod';
import type { TandemClient } from '../../../shared/api/client';
import { DeviceWithPresence } from '../../../shared/api/device-enrollment';
import { RemotePolicyBody } from '../../../shared/api/remote-sessions';
import type { Device } from '../../../shared/domain/device';
import { REMOTE_RIGHTS, RemoteSession, type RemoteRight } from '../../../shared/domain/remote-session';
import { messageOf } from '../../common/Field';
import { remoteStrings as s } from '../../common/remoteStrings';
import { navigate } from '../../common/router';
import { preloadRemoteSession } from '../lazyPages';
import { offerableRights } from './offerable';

const DEFAULT_ASK: RemoteRight[] = ['view', 'control', 'shell', 'diagnostics', 'files', 'chat'];

/** Rights to keep consistent: dropping `view` drops `control`, adding `control` adds `view`. */
export function toggleRight(rights: readonly RemoteRight[], right: RemoteRight, on: boolean): RemoteRight[] {
  let next = on ? [...new Set([...rights, right])] : rights.filter((r) => r !== right);
  if (on && right === 'control' && !next.includes('view')) next = [...next, 'view'];
  if (!on && right === 'view') next = next.filter((r) => r !== 'control');
  return REMOTE_RIGHTS.filter((r) => next.includes(r));
}

/**
 * Asks for a session on a device: one checkbox per right the device's group policy allows (the
 * others shown disabled, saying why). On success it goes to the session view, which follows the
 * consent.
 */
export function RequestSessionDialog({ client, device, ticketId, onClose }: { client: TandemClient; device: Device; ticketId?: string; onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  // Right → null when it can be asked for, else why not ('policy' or the device's reason).
  const [offer, setOffer] = useState<Map<RemoteRight, string | null> | null>(null);
  const [rights, setRights] = useState<RemoteRight[]>(DEFAULT_ASK);
  const [busy, setBusy] = useState(false);
  // The session view's code, fetched while the agent chooses: it opens as soon as the server says yes.
  useEffect(() => preloadRemoteSession(), []);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current!;
    if (!dialog.open) dialog.showModal();
    return () => dialog.close();
  }, []);

  // The group's policy and what the device says it can do cap what can be asked; when either cannot
  // be read, the server's answer to the request is the judge.
  useEffect(() => {
    let live = true;
    const policy = device.groupId
      ? client.get(`/api/groups/${encodeURIComponent(device.groupId)}/remote-policy`, RemotePolicyBody).then((p) => p.allowedRights)
      : Promise.resolve([...REMOTE_RIGHTS]);
    const capabilities = client.get(`/api/devices/${encodeURIComponent(device.id)}`, DeviceWithPresence).then((d) => d.capabilities);
    void Promise.all([policy.catch(() => [...REMOTE_RIGHTS]), capabilities.catch(() => null)]).then(([allowed, caps]) => {
      if (!live) return;
      const next = offerableRights(allowed, caps);
      setOffer(next);
      setRights((r) => r.filter((x) => next.get(x) === null).filter((x) => x !== 'control' || next.get('view') === null));
    });
    return () => {
      live = false;
    };
  }, [client, device.groupId, device.id]);

  const submit = async () => {
    if (!rights.length) return setError(s.pickOne);
    setBusy(true);
    setError(null);
    try {
      const started = await client.post(
        '/api/remote-sessions',
        { deviceId: device.id, rights, ...(ticketId ? { ticketId } : {}) },
        z.object({ session: RemoteSession }).or(RemoteSession),
      );
      const session = 'session' in started ? started.session : started;
      onClose();
      navigate(`/remote/${encodeURIComponent(session.id)}`);
    } catch (err) {
      setError(messageOf(err, s.socketLost));
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="remote-dialog" aria-labelledby={headingId} onCancel={onClose}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id={headingId}>{s.requestHeading(device.name)}</h2>
        <p className="hint">{s.requestIntro}</p>
        <fieldset className="remote-rights-picker" disabled={offer === null || busy}>
          <legend>{s.rightsLegend}</legend>
          {REMOTE_RIGHTS.map((r) => {
            const why = offer?.get(r) ?? null;
            const offered = why === null;
            const hintId = `${headingId}-${r}`;
            return (
              <label key={r} className={offered ? '' : 'not-offered'}>
                <input type="checkbox" checked={rights.includes(r)} disabled={!offered} aria-describedby={hintId} onChange={(e) => setRights(toggleRight(rights, r, e.target.checked))} />
                <span>
                  {s.rights[r]}
                  <span className="hint" id={hintId}>
                    {offered ? (r === 'control' ? s.controlNeedsView : s.rightHint[r]) : why === 'policy' ? s.notOffered : s.deviceCannot(why ?? '')}
                  </span>
                </span>
              </label>
            );
          })}
        </fieldset>
        {error ? (
          <p className="error-note" role="alert">
            {error}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !rights.length}>
            {busy ? s.asking : s.ask}
          </button>
          <button type="button" onClick={onClose}>
            {s.cancel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
