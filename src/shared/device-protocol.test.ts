import { describe, expect, it } from 'vitest';
import type { ResponseFrame} from './device-protocol';
import { DEVICE_FRAME_MAX_BYTES, DeviceClientFrame, deviceProofMessage, responseFrames } from './device-protocol';

const bytes = (s: string) => new TextEncoder().encode(s).length;

describe('device protocol', () => {
  it('signs a fixed, prefixed text of challenge, device id and timestamp', () => {
    expect(deviceProofMessage('c'.repeat(43), '0b6f1c2e-8a57-4a0e-9d1c-3f1d8e2b7a10', 1_763_900_000_000)).toBe(
      `tandem-device-proof/1\n${'c'.repeat(43)}\n0b6f1c2e-8a57-4a0e-9d1c-3f1d8e2b7a10\n1763900000000`,
    );
  });

  it('sends a small answer as one response frame', () => {
    const frames = responseFrames({ type: 'response', id: 'r1', result: { ok: true } });
    expect(frames).toEqual(['{"type":"response","id":"r1","result":{"ok":true}}']);
  });

  it.each([
    ['plain text', 'a'],
    ['quotes and backslashes, which JSON escapes again', '"\\'],
    ['non-ASCII (3 bytes each in UTF-8)', 'ü€'],
    ['astral characters, whose surrogate pairs may be split between parts', '😀'],
    ['control characters', '\u0001\n'],
  ])('splits a large answer of %s into parts that each fit in a frame and join back to it', (_, unit) => {
    const response: ResponseFrame = { type: 'response', id: 'r2', result: { text: unit.repeat(Math.ceil(200_000 / unit.length)) } };
    const frames = responseFrames(response);
    expect(frames.length).toBeGreaterThan(1);
    const parts = frames.map((f) => DeviceClientFrame.parse(JSON.parse(f)));
    for (const f of frames) expect(bytes(f)).toBeLessThanOrEqual(DEVICE_FRAME_MAX_BYTES + 1024);
    expect(parts.map((p) => (p.type === 'response_part' ? [p.index, p.count] : null))).toEqual(frames.map((_, i) => [i, frames.length]));
    const joined = parts.map((p) => (p.type === 'response_part' ? p.data : '')).join('');
    expect(JSON.parse(joined)).toEqual(response);
  });

  it('refuses frames it does not know or that carry extra fields', () => {
    expect(DeviceClientFrame.safeParse({ type: 'exec', command: 'rm -rf /' }).success).toBe(false);
    expect(DeviceClientFrame.safeParse({ type: 'heartbeat', extra: 1 }).success).toBe(false);
    expect(DeviceClientFrame.safeParse({ type: 'auth', deviceId: 'not-a-uuid', challenge: 'x', timestamp: 1, signature: 'y' }).success).toBe(false);
  });
});
