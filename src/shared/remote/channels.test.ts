import { describe, expect, it } from 'vitest';
import { fileChunk, parseChannelMessage, readFileChunk } from './channels';

describe('remote-session channel messages', () => {
  it('accepts a well-formed shell input when the shell right is granted', () => {
    const parsed = parseChannelMessage('shell', JSON.stringify({ t: 'input', tab: 't1', data: 'ls\r' }), ['shell']);
    expect(parsed).toEqual({ ok: true, message: { t: 'input', tab: 't1', data: 'ls\r' } });
  });

  it('drops a control message when the session has only the view right', () => {
    const parsed = parseChannelMessage('control', JSON.stringify({ t: 'move', x: 0.5, y: 0.5 }), ['view']);
    expect(parsed).toEqual({ ok: false, reason: 'the control channel needs the control right' });
  });

  it.each([
    ['not JSON', 'shell', '{oops'],
    ['unknown message type', 'shell', JSON.stringify({ t: 'exec', tab: 't1', cmd: 'rm -rf /' })],
    ['unknown field', 'shell', JSON.stringify({ t: 'close', tab: 't1', extra: true })],
    ['pointer off the screen', 'control', JSON.stringify({ t: 'move', x: 1.5, y: 0 })],
    ['a path as a file name', 'files', JSON.stringify({ t: 'offer', id: 'f', n: 1, name: '../../etc/passwd', size: 1, sha256: 'a'.repeat(64) })],
    ['an empty chat message', 'chat', JSON.stringify({ t: 'message', id: 'm', text: '   ', at: 1 })],
  ] as const)('refuses %s', (_what, channel, text) => {
    const parsed = parseChannelMessage(channel, text, ['view', 'control', 'shell', 'files', 'chat']);
    expect(parsed.ok).toBe(false);
  });

  it('fills default modifiers on a key message', () => {
    const parsed = parseChannelMessage('control', JSON.stringify({ t: 'key', code: 'KeyA', action: 'press' }), ['view', 'control']);
    expect(parsed).toEqual({ ok: true, message: { t: 'key', code: 'KeyA', action: 'press', modifiers: [] } });
  });

  it('round-trips a binary file chunk with its transfer number', () => {
    const chunk = fileChunk(0x01020304, new Uint8Array([9, 8, 7]));
    expect([...chunk]).toEqual([1, 2, 3, 4, 9, 8, 7]);
    const read = readFileChunk(chunk.subarray(0));
    expect(read?.n).toBe(0x01020304);
    expect([...(read?.bytes ?? [])]).toEqual([9, 8, 7]);
    expect(readFileChunk(new Uint8Array([1, 2]))).toBeNull();
  });
});
