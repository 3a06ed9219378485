import { z } from 'zod';
import { RemoteRight } from '../domain/remote-session';
import { hotShellMessage } from './shell-fast-path';

/**
 * The data channels of a remote session and the typed messages each carries. One file, used by the
 * device (sender of screen, shell output, files) and the console alike. Every text message is JSON
 * checked against its channel's schema; one that does not parse, or that needs a right the session
 * lacks, is dropped and logged, never acted on (see {@link parseChannelMessage}).
 *
 * Channels are created on both sides as *negotiated* RTCDataChannels with the fixed ids below (so
 * simple-peer's own `ondatachannel` handling is not involved); simple-peer's default channel
 * carries the `session` messages. Shell and control are ordered and reliable; files use binary
 * chunks with flow control on `bufferedAmount`.
 */
export const CHANNELS = {
  control: { id: 1, right: 'control' },
  shell: { id: 2, right: 'shell' },
  diagnostics: { id: 3, right: 'diagnostics' },
  files: { id: 4, right: 'files' },
  chat: { id: 5, right: 'chat' },
} as const satisfies Record<string, { id: number; right: RemoteRight }>;
export type ChannelName = keyof typeof CHANNELS | 'session';

const Text = (max: number) => z.string().max(max);
const Tab = z.string().min(1).max(40);
const Cols = z.number().int().min(1).max(1000);
const Rows = z.number().int().min(1).max(1000);
const Fraction = z.number().min(0).max(1);
const TransferId = z.string().min(1).max(40);

// ——— session (simple-peer's channel) ———

export const Monitor = z.strictObject({ id: z.string().max(60), name: z.string().max(120), width: z.number().int().positive(), height: z.number().int().positive(), primary: z.boolean() });
export type Monitor = z.infer<typeof Monitor>;

export const SessionMessage = z.discriminatedUnion('t', [
  /** Device → console, once connected: what was granted, the monitors, the limits. */
  z.strictObject({
    t: z.literal('hello'),
    rights: z.array(RemoteRight),
    deviceName: Text(120),
    monitors: z.array(Monitor).max(16),
    monitor: z.string().max(60).nullable(),
    maxFileBytes: z.number().int().nonnegative(),
  }),
  /** Device → console: the person at the device changed the rights (e.g. took control back: view only). */
  z.strictObject({ t: z.literal('rights'), rights: z.array(RemoteRight) }),
  /** Console → device: show another monitor. */
  z.strictObject({ t: z.literal('monitor'), id: z.string().max(60) }),
  /** Console → device: cap the stream (the device also adapts to bandwidth on its own). */
  z.strictObject({ t: z.literal('quality'), maxFps: z.number().int().min(1).max(60), maxWidth: z.number().int().min(320).max(7680) }),
  z.strictObject({ t: z.literal('ping'), n: z.number().int(), at: z.number() }),
  z.strictObject({ t: z.literal('pong'), n: z.number().int(), at: z.number() }),
  /** Either side: the session ends now. */
  z.strictObject({ t: z.literal('end'), reason: Text(500) }),
]);
export type SessionMessage = z.infer<typeof SessionMessage>;

// ——— control ———

export const ControlMessage = z.discriminatedUnion('t', [
  /** Pointer position as a fraction of the shown monitor (0..1), so neither side cares about scale. */
  z.strictObject({ t: z.literal('move'), x: Fraction, y: Fraction }),
  z.strictObject({ t: z.literal('button'), button: z.enum(['left', 'right', 'middle']), action: z.enum(['down', 'up', 'click', 'double']), x: Fraction, y: Fraction }),
  z.strictObject({ t: z.literal('wheel'), dx: z.number().int().min(-100).max(100), dy: z.number().int().min(-100).max(100) }),
  /** A key by its `KeyboardEvent.code` (layout-independent), with modifiers held. */
  z.strictObject({
    t: z.literal('key'),
    code: z.string().min(1).max(40),
    action: z.enum(['down', 'up', 'press']),
    modifiers: z.array(z.enum(['Shift', 'Control', 'Alt', 'Meta'])).max(4).default([]),
  }),
  /** Text typed as is (paste as keystrokes). */
  z.strictObject({ t: z.literal('type'), text: Text(4096) }),
  /**
   * Clipboard text, either way: console → device puts it on the device's clipboard; device →
   * console is its clipboard, sent when asked (`clipboard_get`) or when it changed during the session.
   */
  z.strictObject({ t: z.literal('clipboard'), text: Text(1024 * 1024) }),
  /** Console → device: send your clipboard now (answered with `clipboard` or `clipboard_status`). */
  z.strictObject({ t: z.literal('clipboard_get') }),
  /** Device → console: a clipboard write was done (`set`, ok), or a write or read could not be done and why. */
  z.strictObject({ t: z.literal('clipboard_status'), op: z.enum(['set', 'get']), ok: z.boolean(), message: Text(500).optional() }),
]);
export type ControlMessage = z.infer<typeof ControlMessage>;

// ——— shell ———

export const ShellMessage = z.discriminatedUnion('t', [
  /** Console → device: open a terminal tab (or re-attach to an open one after a reconnect). */
  z.strictObject({ t: z.literal('open'), tab: Tab, cols: Cols, rows: Rows }),
  z.strictObject({ t: z.literal('input'), tab: Tab, data: Text(64 * 1024) }),
  z.strictObject({ t: z.literal('resize'), tab: Tab, cols: Cols, rows: Rows }),
  z.strictObject({ t: z.literal('close'), tab: Tab }),
  /** Device → console: the tab is ready; `replay` is the recent screen when re-attaching. */
  z.strictObject({ t: z.literal('opened'), tab: Tab, replay: Text(1024 * 1024) }),
  z.strictObject({ t: z.literal('output'), tab: Tab, data: Text(256 * 1024) }),
  z.strictObject({ t: z.literal('exit'), tab: Tab, code: z.number().int(), signal: z.number().int() }),
  z.strictObject({ t: z.literal('error'), tab: Tab, message: Text(500) }),
]);
export type ShellMessage = z.infer<typeof ShellMessage>;

// ——— diagnostics ———

const RequestId = z.string().min(1).max(40);
export const DiagnosticsWhat = z.enum(['snapshot', 'processes', 'services', 'disks', 'network', 'logs']);
export type DiagnosticsWhat = z.infer<typeof DiagnosticsWhat>;

export const DiagnosticsMessage = z.discriminatedUnion('t', [
  /** Console → device. `network`: connectivity checks (optionally to `host`); `logs`: the last `lines`. */
  z.strictObject({ t: z.literal('get'), id: RequestId, what: DiagnosticsWhat, host: z.string().max(255).optional(), lines: z.number().int().min(1).max(2000).optional() }),
  /** Console → device: end a process (needs the control right as well). */
  z.strictObject({ t: z.literal('kill'), id: RequestId, pid: z.number().int().positive(), signal: z.enum(['SIGTERM', 'SIGKILL']).default('SIGTERM') }),
  /** Device → console: the answer (shape by `what`, see `domain/diagnostics.ts`), or an error. */
  z.strictObject({ t: z.literal('result'), id: RequestId, result: z.unknown() }),
  z.strictObject({ t: z.literal('error'), id: RequestId, message: Text(500) }),
]);
export type DiagnosticsMessage = z.infer<typeof DiagnosticsMessage>;

// ——— files ———

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);
const FileName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[/\\\0]/.test(n) && n !== '.' && n !== '..', 'A file name, not a path.');

/**
 * File transfers either way. Content travels as binary messages: a 4-byte big-endian transfer
 * number (from `offer`/`accept`) then the bytes ({@link fileChunk}, {@link readFileChunk}). The
 * receiver verifies the SHA-256 before it keeps the file; a mismatch is `failed`.
 */
export const FilesMessage = z.discriminatedUnion('t', [
  /** Sender → receiver: about to send a file. To the device it lands in the user's Downloads folder. */
  z.strictObject({ t: z.literal('offer'), id: TransferId, n: z.number().int().min(0).max(0xffffffff), name: FileName, size: z.number().int().nonnegative(), sha256: Sha256 }),
  /** Console → device: send me this file (absolute path on the device). */
  z.strictObject({ t: z.literal('fetch'), id: TransferId, path: Text(4096) }),
  /** Console → device: list a folder, to pick a file to fetch. */
  z.strictObject({ t: z.literal('list'), id: TransferId, path: Text(4096) }),
  z.strictObject({
    t: z.literal('listing'),
    id: TransferId,
    path: Text(4096),
    entries: z.array(z.strictObject({ name: Text(255), dir: z.boolean(), size: z.number().int().nonnegative() })).max(5000),
  }),
  z.strictObject({ t: z.literal('accept'), id: TransferId }),
  /** Receiver → sender: bytes received so far (at most a few per second). */
  z.strictObject({ t: z.literal('progress'), id: TransferId, bytes: z.number().int().nonnegative() }),
  z.strictObject({ t: z.literal('done'), id: TransferId }),
  /** Receiver → sender: checksum matched, kept at `path` (on the device) or delivered. */
  z.strictObject({ t: z.literal('verified'), id: TransferId, path: Text(4096).optional() }),
  z.strictObject({ t: z.literal('cancel'), id: TransferId, reason: Text(500) }),
  z.strictObject({ t: z.literal('failed'), id: TransferId, message: Text(500) }),
]);
export type FilesMessage = z.infer<typeof FilesMessage>;

/** One binary chunk: transfer number then bytes. */
export function fileChunk(n: number, bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.byteLength);
  new DataView(out.buffer).setUint32(0, n);
  out.set(bytes, 4);
  return out;
}

/** Splits a binary message into its transfer number and bytes; null when too short. */
export function readFileChunk(data: Uint8Array): { n: number; bytes: Uint8Array } | null {
  if (data.byteLength < 4) return null;
  return { n: new DataView(data.buffer, data.byteOffset, 4).getUint32(0), bytes: data.subarray(4) };
}

/** Bytes per file chunk: under SCTP's comfortable message size in every browser. */
export const FILE_CHUNK_BYTES = 16 * 1024;

// ——— chat ———

export const ChatMessage = z.discriminatedUnion('t', [
  z.strictObject({ t: z.literal('message'), id: z.string().min(1).max(40), text: z.string().trim().min(1).max(4000), at: z.number() }),
  z.strictObject({ t: z.literal('typing') }),
]);
export type ChatMessage = z.infer<typeof ChatMessage>;

export const CHANNEL_SCHEMAS = {
  session: SessionMessage,
  control: ControlMessage,
  shell: ShellMessage,
  diagnostics: DiagnosticsMessage,
  files: FilesMessage,
  chat: ChatMessage,
} as const;
export type ChannelMessage<C extends ChannelName> = z.infer<(typeof CHANNEL_SCHEMAS)[C]>;

export type ParsedMessage<C extends ChannelName> = { ok: true; message: ChannelMessage<C> } | { ok: false; reason: string };

/**
 * Parses one text message on a channel. Answers why not when the text is not JSON, does not match
 * the channel's schema, or the channel needs a right the session does not hold; the caller logs
 * and drops it.
 */
export function parseChannelMessage<C extends ChannelName>(channel: C, text: string, rights: readonly RemoteRight[]): ParsedMessage<C> {
  if (channel !== 'session') {
    const needed = CHANNELS[channel as keyof typeof CHANNELS].right;
    if (!rights.includes(needed)) return { ok: false, reason: `the ${channel} channel needs the ${needed} right` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  if (channel === 'shell') {
    // Keystrokes and their echo: a strict hand check first (see shell-fast-path.ts); anything it
    // does not accept outright still gets the schema's verdict and reason below.
    const hot = hotShellMessage(value);
    if (hot) return { ok: true, message: hot as ChannelMessage<C> };
  }
  const parsed = CHANNEL_SCHEMAS[channel].safeParse(value);
  if (!parsed.success) return { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ').slice(0, 300) };
  return { ok: true, message: parsed.data as ChannelMessage<C> };
}
