import { createHash, randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/shared/domain/attachment';
import { createUser, type ApiClient, type ApiResponse } from '../fixtures/api';
import { startTestServer, type TestServer } from '../fixtures/server';
import { STORE_KINDS } from '../fixtures/stores';

/** A real 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
/** The start of a Linux executable. */
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120, 0x01)]);
/** The start of a Windows executable (DOS header, then the PE signature at 0x80). */
const EXE = (() => {
  const b = Buffer.alloc(256, 0);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
})();
const HTML = Buffer.from('<!doctype html><html><body><script>fetch("/api/users")</script></body></html>');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(STORE_KINDS)('attachments on %s', (kind) => {
  let ts: TestServer;
  let agent: ApiClient;
  let otherAgent: ApiClient;
  let requester: ApiClient;
  let stranger: ApiClient;
  const LIMIT = 1024 * 1024;

  beforeAll(async () => {
    ts = await startTestServer(kind, { config: { maxAttachmentBytes: LIMIT } });
    agent = await createUser(ts.admin, 'agent');
    otherAgent = await createUser(ts.admin, 'agent');
    requester = await createUser(ts.admin, 'end_user');
    stranger = await createUser(ts.admin, 'end_user');
  });
  afterAll(async () => {
    await ts?.close();
  });

  const upload = (client: ApiClient, bytes: Uint8Array, filename: string, type: string, field = 'file'): Promise<ApiResponse<Attachment & { error: { code: string; message: string } }>> => {
    const form = new FormData();
    form.append(field, new Blob([bytes], { type }), filename);
    return client.request('POST', '/api/attachments', undefined, { raw: form });
  };
  const uploaded = async (client: ApiClient, bytes: Uint8Array, filename: string, type: string): Promise<Attachment> => {
    const res = await upload(client, bytes, filename, type);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  /** The raw bytes of a download (the API client reads text). */
  const download = async (client: ApiClient, id: string) => {
    const res = await fetch(new URL(`/api/attachments/${id}/content`, ts.url), { headers: { authorization: `Bearer ${client.accessToken}` } });
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  /** A ticket opened by the admin on the requester's behalf, optionally routed to a group. */
  const openTicket = async (requesterId: string, groupId: string | null = null): Promise<string> => {
    const res = await ts.admin.post('/api/tickets', { subject: 'Printer jams', description: 'It jams on page two.', requesterId, groupId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  };
  /** Links an upload to a ticket the way the console does: a reply or note naming it. */
  const postWithFile = async (client: ApiClient, ticketId: string, kind: 'reply' | 'note', attachmentId: string) => {
    const res = await client.post(`/api/tickets/${ticketId}/events`, { kind, body: 'See the file.', attachmentIds: [attachmentId] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  /** Every file in the attachments folder belongs to a row: nothing partial is left behind. */
  const expectNoStrayFiles = async () => {
    const files = await readdir(ts.server.ctx.attachmentsDir);
    const rows = await ts.store.db.selectFrom('attachments').select('storage_key').execute();
    expect(files.sort()).toEqual(rows.map((r) => r.storage_key).sort());
  };

  it('uploads a PNG and downloads the identical bytes', async () => {
    const meta = await uploaded(requester, PNG, 'screenshot.png', 'image/png');
    expect(meta).toMatchObject({ ticketId: null, uploaderId: requester.user!.id, filename: 'screenshot.png', mime: 'image/png', size: PNG.length, sha256: sha256(PNG) });
    const again = await requester.get<Attachment>(`/api/attachments/${meta.id}`);
    expect(again.body).toEqual(meta);
    const file = await download(requester, meta.id);
    expect(file.status).toBe(200);
    expect(sha256(file.bytes)).toBe(meta.sha256);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('content-length')).toBe(String(PNG.length));
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="screenshot.png"; filename*=UTF-8''screenshot.png`);
  });

  it('stores the file under its id, never under the client name', async () => {
    const meta = await uploaded(requester, PDF, 'report.pdf', 'application/pdf');
    expect(meta.mime).toBe('application/pdf');
    const row = await ts.store.db.selectFrom('attachments').select('storage_key').where('id', '=', meta.id).executeTakeFirstOrThrow();
    expect(row.storage_key).toBe(meta.id);
    expect(await readdir(ts.server.ctx.attachmentsDir)).toContain(meta.id);
  });

  it('sanitises the name it shows and sends back', async () => {
    const meta = await uploaded(requester, Buffer.from('hello\n'), '..\\..\\Ré:sumé\u202Etxt.exe.txt', 'text/plain');
    expect(meta.filename).toBe('Ré_sumé_txt.exe.txt');
    const file = await download(requester, meta.id);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="R__sum__txt.exe.txt"; filename*=UTF-8''R%C3%A9_sum%C3%A9_txt.exe.txt`);
    expect(file.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('trusts the bytes over the declared type', async () => {
    const meta = await uploaded(requester, PNG, 'photo.jpg', 'image/jpeg');
    expect(meta.mime).toBe('image/png');
  });

  it('accepts text types only when the name or declared type says so', async () => {
    expect((await uploaded(requester, Buffer.from('a,b\n1,2\n'), 'export.csv', 'application/octet-stream')).mime).toBe('text/csv');
    expect((await uploaded(requester, Buffer.from('{"ok":true}'), 'blob', 'application/json')).mime).toBe('application/json');
    expect((await uploaded(requester, Buffer.from('log line'), 'notes', 'text/plain')).mime).toBe('text/plain');
    const unnamed = await upload(requester, Buffer.from('just words'), 'notes', 'application/octet-stream');
    expect(unnamed.status).toBe(415);
  });

  it.each([
    ['an ELF executable declared as a PNG', ELF, 'cat.png', 'image/png'],
    ['a Windows executable declared as a PNG', EXE, 'cat.png', 'image/png'],
    ['HTML declared as a PNG', HTML, 'cat.png', 'image/png'],
    ['HTML declared as HTML', HTML, 'page.html', 'text/html'],
    ['text with NUL bytes declared as text', Buffer.from('abc\0def'), 'x.txt', 'text/plain'],
    ['bytes that are not UTF-8 declared as text', Buffer.from([0x61, 0xc3, 0x28, 0x62]), 'x.txt', 'text/plain'],
  ])('refuses %s with 415 and keeps nothing', async (_label, bytes, name, type) => {
    const res = await upload(requester, bytes, name, type);
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
    expect(res.body.error.message).toMatch(/Attach images/);
    await expectNoStrayFiles();
  });

  it('names the detected type when it refuses a recognised one', async () => {
    const res = await upload(requester, ELF, 'cat.png', 'image/png');
    expect(res.body.error.message).toMatch(/^This file is application\/x-elf/);
  });

  it('takes a file of exactly the limit and refuses one byte more with 413', async () => {
    expect((await uploaded(requester, Buffer.alloc(LIMIT, 0x61), 'big.txt', 'text/plain')).size).toBe(LIMIT);
    const res = await upload(requester, Buffer.alloc(LIMIT + 1, 0x61), 'bigger.txt', 'text/plain');
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(res.body.error.message).toBe('This file is larger than the 1 MB (1048576 bytes) limit. Attach a smaller file or compress it.');
    await expectNoStrayFiles();
  });

  it('streams to disk as bytes arrive, and an upload cut off midway leaves nothing behind', async () => {
    const boundary = 'tandem-cut-off';
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.txt"\r\nContent-Type: text/plain\r\n\r\n`);
    const { port } = new URL(ts.url);
    const req = httpRequest({
      host: '127.0.0.1',
      port: Number(port),
      path: '/api/attachments',
      method: 'POST',
      headers: { authorization: `Bearer ${requester.accessToken}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + 800_000) },
    });
    req.on('error', () => {});
    req.write(head);
    req.write(Buffer.alloc(300_000, 0x61));
    const partials = async () => (await readdir(ts.server.ctx.attachmentsDir)).filter((f) => f.endsWith('.part'));
    const until = async (ok: () => Promise<boolean>) => {
      for (let i = 0; i < 250 && !(await ok()); i += 1) await new Promise((r) => setTimeout(r, 20));
      return ok();
    };
    // Half the body is on disk before the rest is sent: nothing waits for the whole file in memory.
    expect(await until(async () => (await partials()).length === 1)).toBe(true);
    req.destroy();
    expect(await until(async () => (await partials()).length === 0)).toBe(true);
    await expectNoStrayFiles();
  });

  it('refuses malformed uploads with a sentence', async () => {
    const wrongField = await upload(requester, PNG, 'a.png', 'image/png', 'upload');
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.error.message).toMatch(/field named "file"/);
    const empty = await upload(requester, Buffer.alloc(0), 'empty.txt', 'text/plain');
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toMatch(/empty/);
    const json = await requester.post('/api/attachments', { file: 'aGVsbG8=' });
    expect(json.status).toBe(415);
    expect(json.body.error.message).toMatch(/multipart\/form-data/);
    const noFile = new FormData();
    noFile.append('note', 'no file here');
    const none = await requester.request('POST', '/api/attachments', undefined, { raw: noFile });
    expect(none.status).toBe(400);
    expect((await upload(ts.anon, PNG, 'a.png', 'image/png')).status).toBe(401);
    await expectNoStrayFiles();
  });

  it('a file missing from disk is a 404 that says so, not a 500', async () => {
    const meta = await uploaded(requester, PNG, 'lost.png', 'image/png');
    await rm(join(ts.server.ctx.attachmentsDir, meta.id));
    const res = await requester.get(`/api/attachments/${meta.id}/content`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toMatch(/missing on the server/);
    await ts.store.db.deleteFrom('attachments').where('id', '=', meta.id).execute();
  });

  it('an unlinked upload is readable by its uploader only', async () => {
    const meta = await uploaded(requester, PNG, 'mine.png', 'image/png');
    for (const client of [stranger, agent, ts.admin]) {
      expect((await client.get(`/api/attachments/${meta.id}`)).status).toBe(404);
      expect((await download(client, meta.id)).status).toBe(404);
    }
    expect((await requester.get(`/api/attachments/${meta.id}`)).status).toBe(200);
    expect((await requester.get(`/api/attachments/${randomUUID()}`)).status).toBe(404);
  });

  it('a file on an internal note is not readable by the requester', async () => {
    const ticket = await openTicket(requester.user!.id);
    const meta = await uploaded(agent, PDF, 'internal.pdf', 'application/pdf');
    await postWithFile(agent, ticket, 'note', meta.id);
    expect((await requester.get(`/api/attachments/${meta.id}`)).status).toBe(404);
    expect((await download(requester, meta.id)).status).toBe(404);
    // Agents who can see the (unrouted) ticket read it, the uploader included.
    expect((await agent.get<Attachment>(`/api/attachments/${meta.id}`)).body.ticketId).toBe(ticket);
    expect(sha256((await download(otherAgent, meta.id)).bytes)).toBe(sha256(PDF));
  });

  it('a file on a public reply is readable by the requester, not by other end users', async () => {
    const ticket = await openTicket(requester.user!.id);
    const meta = await uploaded(agent, PNG, 'fix.png', 'image/png');
    await postWithFile(agent, ticket, 'reply', meta.id);
    const file = await download(requester, meta.id);
    expect(file.status).toBe(200);
    expect(sha256(file.bytes)).toBe(meta.sha256);
    expect((await stranger.get(`/api/attachments/${meta.id}`)).status).toBe(404);
  });

  it('once linked, it follows the ticket: an agent outside its group gets 404', async () => {
    const group = await ts.admin.post('/api/groups', { name: `Servers ${randomUUID()}` });
    const inGroup = await createUser(ts.admin, 'agent', { groupIds: [group.body.id] });
    const ticket = await openTicket(requester.user!.id, group.body.id);
    const meta = await uploaded(requester, PNG, 'error.png', 'image/png');
    await postWithFile(requester, ticket, 'reply', meta.id);
    expect((await inGroup.get(`/api/attachments/${meta.id}`)).status).toBe(200);
    expect((await agent.get(`/api/attachments/${meta.id}`)).status).toBe(404);
    expect((await ts.admin.get(`/api/attachments/${meta.id}`)).status).toBe(200);
    expect((await requester.get(`/api/attachments/${meta.id}`)).status).toBe(200);
  });

  it('a deleted ticket hides its files from all but those who may delete tickets', async () => {
    const ticket = await openTicket(requester.user!.id);
    const meta = await uploaded(requester, PNG, 'gone.png', 'image/png');
    await postWithFile(requester, ticket, 'reply', meta.id);
    expect((await ts.admin.delete(`/api/tickets/${ticket}`)).status).toBe(200);
    expect((await requester.get(`/api/attachments/${meta.id}`)).status).toBe(404);
    expect((await agent.get(`/api/attachments/${meta.id}`)).status).toBe(404);
    expect((await ts.admin.get(`/api/attachments/${meta.id}`)).status).toBe(200);
  });
});
