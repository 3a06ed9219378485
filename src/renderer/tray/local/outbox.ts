import { Attachment } from '../../../shared/domain/attachment';
import { TicketEvent } from '../../../shared/domain/ticket';
import { ATTACHMENT_FILE_FIELD } from '../../../shared/api/attachments';
import { ApiError, type TandemClient } from '../../../shared/api/client';
import type { TandemDatabase } from '../../../shared/sync/database';
import { strings } from '../../common/strings';

/** Files raised with a ticket that still have to reach the server. */
export interface PendingAttachments {
  ticketId: string;
  /** The client-made id of the reply that links the files: posting it twice adds it once. */
  eventId: string;
  diagnostics: string | null;
  /** PNG data URL, or null when the user left the screenshot out (or there was none). */
  screenshot: string | null;
  /** Ids of files already uploaded, so a retry does not upload them again. */
  diagnosticsId: string | null;
  screenshotId: string | null;
}

const STORE = 'pending';

/**
 * Attachments wait here (IndexedDB, beside the user's RxDB) until their ticket exists on the
 * server: RxDB syncs the ticket itself, offline or not, but files go through the upload endpoint,
 * and the reply linking them must not arrive before the ticket it belongs to.
 */
export class AttachmentOutbox {
  private constructor(private readonly idb: IDBDatabase) {}

  static open(userId: string): Promise<AttachmentOutbox> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(`tandem_tray_outbox_${userId.replace(/-/g, '')}`, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'ticketId' });
      request.onsuccess = () => resolve(new AttachmentOutbox(request.result));
      request.onerror = () => reject(request.error ?? new Error('The outbox could not be opened.'));
    });
  }

  put(item: PendingAttachments): Promise<void> {
    return this.run('readwrite', (store) => store.put(item)).then(() => undefined);
  }

  delete(ticketId: string): Promise<void> {
    return this.run('readwrite', (store) => store.delete(ticketId)).then(() => undefined);
  }

  all(): Promise<PendingAttachments[]> {
    return this.run('readonly', (store) => store.getAll() as IDBRequest<PendingAttachments[]>);
  }

  close(): void {
    this.idb.close();
  }

  private run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    return new Promise((resolve, reject) => {
      const request = work(this.idb.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('The outbox failed.'));
    });
  }
}

/**
 * Sends every waiting item whose ticket the server has taken (it has a number): uploads the
 * diagnostics as JSON and the screenshot as PNG through POST /api/attachments, then links them with
 * one reply. Items whose ticket is still local wait for the next call; a refused ticket drops its
 * files. Network failures leave the item for the next try.
 */
export async function flushOutbox(outbox: AttachmentOutbox, client: TandemClient, db: TandemDatabase, serverUrl: string): Promise<number> {
  let sent = 0;
  for (const item of await outbox.all()) {
    const ticket = await db.tickets.findOne(item.ticketId).exec();
    if (!ticket) {
      await outbox.delete(item.ticketId);
      continue;
    }
    if (ticket.number === 0) continue;
    if (item.diagnostics !== null && item.diagnosticsId === null) {
      item.diagnosticsId = await upload(client, serverUrl, new Blob([item.diagnostics], { type: 'application/json' }), 'diagnostics.json');
      await outbox.put(item);
    }
    if (item.screenshot !== null && item.screenshotId === null) {
      item.screenshotId = await upload(client, serverUrl, pngBlob(item.screenshot), 'screenshot.png');
      await outbox.put(item);
    }
    const attachmentIds = [item.diagnosticsId, item.screenshotId].filter((id): id is string => id !== null);
    if (attachmentIds.length) {
      await client.post(
        `/api/tickets/${item.ticketId}/events`,
        { id: item.eventId, kind: 'reply', body: item.screenshotId ? strings.tray.attachmentsNoteWithScreenshot : strings.tray.attachmentsNote, attachmentIds },
        TicketEvent,
      );
    }
    await outbox.delete(item.ticketId);
    sent++;
  }
  return sent;
}

/** A data URL's bytes, decoded here (fetching a data: URL would need it in the page's CSP). */
function pngBlob(dataUrl: string): Blob {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: 'image/png' });
}

/** POST /api/attachments (multipart), with one token refresh when the access token has expired. */
async function upload(client: TandemClient, serverUrl: string, file: Blob, filename: string): Promise<string> {
  const send = async () => {
    const form = new FormData();
    form.append(ATTACHMENT_FILE_FIELD, file, filename);
    return fetch(`${serverUrl}/api/attachments`, { method: 'POST', headers: { authorization: `Bearer ${client.accessTokenNow ?? ''}` }, body: form });
  };
  let response = await send();
  if (response.status === 401) {
    await client.refreshAccessToken();
    response = await send();
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `The upload failed (HTTP ${response.status}).`;
    throw new ApiError('internal', message, response.status);
  }
  return Attachment.parse(body).id;
}
