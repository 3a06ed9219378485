import { useEffect, useState } from 'react';
import { ATTACHMENT_FILE_FIELD } from '../../../shared/api/attachments';
import { ApiError, type TandemClient } from '../../../shared/api/client';
import { Attachment } from '../../../shared/domain/attachment';
import { serverBaseUrl } from '../../common/session';
import { strings } from '../../common/strings';

/**
 * Files on replies and notes, through the attachments API: uploaded first (private to the
 * uploader), then named by the reply's `attachmentIds`, which links them to the ticket. The bytes
 * need the access token, so previews are fetched and shown from object URLs, not linked directly.
 */

async function authorised(client: TandemClient, path: string, init: RequestInit = {}): Promise<Response> {
  const base = (await serverBaseUrl()) || location.origin;
  const send = () => fetch(`${base}${path}`, { ...init, headers: { ...(init.headers ?? {}), authorization: `Bearer ${client.accessTokenNow ?? ''}` } });
  let response = await send();
  if (response.status === 401) {
    await client.refreshAccessToken();
    response = await send();
  }
  return response;
}

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  return new ApiError('internal', body?.error?.message ?? strings.genericError, response.status);
}

/** Uploads one file; resolves with its record (not yet on a ticket). */
export async function uploadAttachment(client: TandemClient, file: File): Promise<Attachment> {
  const form = new FormData();
  form.append(ATTACHMENT_FILE_FIELD, file, file.name);
  const response = await authorised(client, '/api/attachments', { method: 'POST', body: form });
  if (!response.ok) throw await failure(response);
  return Attachment.parse(await response.json());
}

const sizeText = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(0)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** One attachment of an event: an image preview, or a file chip that downloads it. */
function AttachmentItem({ client, id }: { client: TandemClient; id: string }) {
  const [meta, setMeta] = useState<Attachment | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    let objectUrl: string | null = null;
    void (async () => {
      try {
        const info = await authorised(client, `/api/attachments/${id}`);
        if (!info.ok) throw await failure(info);
        const a = Attachment.parse(await info.json());
        if (!live) return;
        setMeta(a);
        if (a.mime.startsWith('image/')) {
          const content = await authorised(client, `/api/attachments/${id}/content`);
          if (!content.ok) throw await failure(content);
          objectUrl = URL.createObjectURL(await content.blob());
          if (live) setUrl(objectUrl);
        }
      } catch {
        if (live) setFailed(true);
      }
    })();
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [client, id]);

  const download = async () => {
    const content = await authorised(client, `/api/attachments/${id}/content`);
    if (!content.ok) return;
    const href = URL.createObjectURL(await content.blob());
    const a = document.createElement('a');
    a.href = href;
    a.download = meta?.filename ?? 'attachment';
    a.click();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  };

  if (failed) return <li className="attachment muted">{strings.tools.composer.attachments}: {id.slice(0, 8)}…</li>;
  if (!meta) return <li className="attachment muted">{strings.loading}</li>;
  return (
    <li className="attachment">
      {url ? (
        <button type="button" className="attachment-preview" onClick={() => void download()} title={meta.filename}>
          <img src={url} alt={meta.filename} />
        </button>
      ) : null}
      <button type="button" className="link" onClick={() => void download()}>
        {meta.filename}
      </button>{' '}
      <span className="hint">{sizeText(meta.size)}</span>
    </li>
  );
}

/** The files of one reply or note. */
export function AttachmentList({ client, ids }: { client: TandemClient; ids: readonly string[] }) {
  if (ids.length === 0) return null;
  return (
    <ul className="attachments" aria-label={strings.tools.composer.attachments}>
      {ids.map((id) => (
        <AttachmentItem key={id} client={client} id={id} />
      ))}
    </ul>
  );
}
