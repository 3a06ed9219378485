import { describe, expect, it } from 'vitest';
import { chunkRanges, IncomingFile, isRunning, nextTransfers, sha256Hex, type Transfer } from './transfers';

const text = (s: string) => new TextEncoder().encode(s);

describe('checksums', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  ])('sha256(%j)', async (input, hex) => {
    expect(await sha256Hex(text(input))).toBe(hex);
  });
});

describe('chunks', () => {
  it.each([
    [0, 4, []],
    [3, 4, [[0, 3]]],
    [8, 4, [[0, 4], [4, 8]]],
    [9, 4, [[0, 4], [4, 8], [8, 9]]],
  ])('%i bytes by %i', (size, chunk, ranges) => expect(chunkRanges(size, chunk)).toEqual(ranges));
});

describe('the transfer list', () => {
  it('a send: hashing → moving → progress → done with where it was saved', () => {
    let list: Transfer[] = [];
    list = nextTransfers(list, { type: 'start', transfer: { id: 'f1', direction: 'send', name: 'a.txt', size: 100, n: 7 } });
    expect(list[0]).toMatchObject({ state: 'hashing', n: 7, bytes: 0 });
    list = nextTransfers(list, { type: 'accepted', id: 'f1' });
    list = nextTransfers(list, { type: 'progress', id: 'f1', bytes: 60 });
    // Progress never goes back or past the size.
    list = nextTransfers(list, { type: 'progress', id: 'f1', bytes: 40 });
    expect(list[0]).toMatchObject({ state: 'moving', bytes: 60 });
    list = nextTransfers(list, { type: 'progress', id: 'f1', bytes: 1000 });
    expect(list[0]!.bytes).toBe(100);
    list = nextTransfers(list, { type: 'verified', id: 'f1', path: '/home/u/Downloads/a.txt' });
    expect(list[0]).toMatchObject({ state: 'done', message: '/home/u/Downloads/a.txt' });
    expect(isRunning(list[0]!)).toBe(false);
    // After the end nothing changes it.
    expect(nextTransfers(list, { type: 'failed', id: 'f1', message: 'late' })[0]!.state).toBe('done');
  });

  it('a fetch: waiting → offered (name, size, number from the device) → cancelled', () => {
    let list = nextTransfers([], { type: 'start', transfer: { id: 'g', direction: 'fetch', name: '/var/log/x', size: 0 } });
    expect(list[0]).toMatchObject({ state: 'waiting', n: null });
    expect(isRunning(list[0]!)).toBe(true);
    list = nextTransfers(list, { type: 'offered', id: 'g', n: 3, name: 'x', size: 10 });
    expect(list[0]).toMatchObject({ state: 'moving', n: 3, name: 'x', size: 10 });
    list = nextTransfers(list, { type: 'cancelled', id: 'g', message: 'Cancelled' });
    expect(list[0]).toMatchObject({ state: 'cancelled', message: 'Cancelled' });
  });

  it('other transfers are left alone', () => {
    let list = nextTransfers([], { type: 'start', transfer: { id: 'a', direction: 'send', name: 'a', size: 1 } });
    list = nextTransfers(list, { type: 'start', transfer: { id: 'b', direction: 'send', name: 'b', size: 1 } });
    list = nextTransfers(list, { type: 'failed', id: 'b', message: 'no' });
    expect(list.map((t) => t.state)).toEqual(['hashing', 'failed']);
  });
});

describe('an incoming file', () => {
  it('assembles chunks and verifies the checksum', async () => {
    const f = new IncomingFile(6, await sha256Hex(text('abcdef')));
    expect(f.add(text('abc'))).toBe(true);
    expect(f.complete).toBe(false);
    expect(f.add(text('def'))).toBe(true);
    expect(f.complete).toBe(true);
    expect(new TextDecoder().decode((await f.verify())!)).toBe('abcdef');
  });
  it('refuses more than offered and a wrong checksum', async () => {
    const f = new IncomingFile(3, await sha256Hex(text('abc')));
    expect(f.add(text('abcd'))).toBe(false);
    expect(f.add(text('abx'))).toBe(true);
    expect(await f.verify()).toBeNull();
  });
});
