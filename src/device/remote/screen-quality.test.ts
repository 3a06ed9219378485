import { describe, expect, it } from 'vitest';
import type { PeerStatsEntry } from '../../shared/remote/peer';
import { DEFAULT_QUALITY_POLICY, initialState, nextQuality, QUALITY_LADDER, sampleOf, type GovernorState, type LinkSample } from './screen-quality';

const policy = { ...DEFAULT_QUALITY_POLICY, warmup: 0 };
const clean: LinkSample = { lost: 0, rttMs: 20, availableBps: 8_000_000, sentBps: 1_000_000, bandwidthLimited: false };

/** Runs samples through the ladder; answers the levels after each and the last state. */
function feed(state: GovernorState, samples: LinkSample[], p = policy) {
  const levels: number[] = [];
  const whys: string[] = [];
  for (const sample of samples) {
    const next = nextQuality(state, sample, p);
    state = next.state;
    levels.push(state.level);
    if (next.change) whys.push(`${next.change.direction}: ${next.change.why}`);
  }
  return { state, levels, whys };
}
const times = (n: number, s: LinkSample) => Array.from({ length: n }, () => s);

describe('screen quality ladder', () => {
  it('has caps and needs that shrink rung by rung', () => {
    for (let i = 1; i < QUALITY_LADDER.length; i++) {
      const [up, here] = [QUALITY_LADDER[i - 1]!, QUALITY_LADDER[i]!];
      expect(here.maxWidth).toBeLessThan(up.maxWidth);
      expect(here.maxFps).toBeLessThan(up.maxFps);
      expect(here.needBps).toBeLessThan(up.needBps);
    }
  });

  it.each([
    ['5 % loss', { ...clean, lost: 0.05 }, '5 % of packets lost'],
    ['the encoder limited by bandwidth', { ...clean, bandwidthLimited: true }, 'the encoder is limited by bandwidth'],
    ['a narrow estimate the sender fills', { ...clean, availableBps: 500_000, sentBps: 450_000 }, 'the path carries about 500 kbit/s'],
  ])('steps down after two looks with %s', (_what, bad, why) => {
    const { levels, whys } = feed(initialState(policy), [bad, bad]);
    expect(levels).toEqual([0, 1]);
    expect(whys).toEqual([`down: ${why}`]);
  });

  it.each([
    ['4 % loss', { ...clean, lost: 0.04 }],
    // a loaded machine stretches round trips on a free path; the estimate stays high
    ['a round trip grown from 20 to 500 ms', { ...clean, rttMs: 500 }],
    // 100 of 500 kbit/s used: a still screen, not a narrow path
    ['a low estimate on a still screen', { ...clean, availableBps: 500_000, sentBps: 100_000 }],
  ])('stays with %s', (_what, sample) => {
    expect(feed(initialState(policy), [clean, ...times(5, sample)]).levels).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('a lossy look between congested ones restarts nothing, a clean one does', () => {
    const lossy = { ...clean, lost: 0.2 };
    expect(feed(initialState(policy), [lossy, clean, lossy, lossy]).levels).toEqual([0, 0, 0, 1]);
  });

  it('ignores the first looks of a connection while the estimate ramps up', () => {
    const lossy = { ...clean, lost: 0.3 };
    const { levels } = feed(initialState({ ...policy, warmup: 3 }), times(5, lossy), { ...policy, warmup: 3 });
    expect(levels).toEqual([0, 0, 0, 0, 1]);
  });

  it('never goes below the bottom rung', () => {
    const last = QUALITY_LADDER.length - 1;
    const { levels } = feed(initialState(policy, last), times(4, { ...clean, lost: 0.5 }));
    expect(levels).toEqual([last, last, last, last]);
  });

  it('steps up after three looks whose estimate clears the next rung’s need by a third', () => {
    // At 1280 px (level 2) the next rung up (level 1) needs 1 Mbit/s: 1.34 Mbit/s clears it by a third.
    const roomy = { ...clean, availableBps: 1_340_000, sentBps: 900_000 };
    const { levels, whys } = feed(initialState(policy, 2), [...times(3, roomy)]);
    expect(levels).toEqual([2, 2, 1]);
    expect(whys).toEqual(['up: the path carries about 1340 kbit/s']);
    expect(feed(initialState(policy, 2), times(3, { ...roomy, availableBps: 1_300_000 })).levels).toEqual([2, 2, 2]);
  });

  it('tries the next rung after 15 clean looks even when a still screen keeps the estimate low', () => {
    const still = { ...clean, availableBps: 300_000, sentBps: 40_000 };
    const { levels, whys } = feed(initialState(policy, 3), times(15, still));
    expect(levels.slice(0, 14).every((l) => l === 3)).toBe(true);
    expect(levels[14]).toBe(2);
    expect(whys).toEqual(['up: no congestion for 15 s']);
  });

  it('waits twice as long before trying a rung again that was congested soon after it was tried', () => {
    const still = { ...clean, availableBps: 300_000, sentBps: 40_000 };
    const lossy = { ...clean, lost: 0.1 };
    let { state } = feed(initialState(policy, 3), times(15, still)); // probe up to 2
    expect(state.level).toBe(2);
    ({ state } = feed(state, [lossy, lossy])); // back down to 3 within a few looks
    expect(state.level).toBe(3);
    expect(state.probeAfter).toBe(30);
    const again = feed(state, times(30, still));
    expect(again.levels.indexOf(2)).toBe(29);
  });
});

describe('statistics → sample', () => {
  const report = (bytesSent: number, timestamp: number): PeerStatsEntry[] => [
    { type: 'outbound-rtp', id: 'o1', timestamp, kind: 'video', bytesSent, qualityLimitationReason: 'none' },
    { type: 'remote-inbound-rtp', id: 'r1', timestamp, kind: 'video', fractionLost: 0.125, roundTripTime: 0.042 },
    { type: 'transport', id: 't1', timestamp, selectedCandidatePairId: 'p2' },
    { type: 'candidate-pair', id: 'p1', timestamp, nominated: true, state: 'succeeded', availableOutgoingBitrate: 9 },
    { type: 'candidate-pair', id: 'p2', timestamp, nominated: true, state: 'succeeded', availableOutgoingBitrate: 2_500_000, currentRoundTripTime: 0.01 },
    { type: 'outbound-rtp', id: 'a1', timestamp, kind: 'audio', bytesSent: 1_000_000 },
  ];

  it('reads loss, round trip, the selected pair’s estimate, and the video’s send rate', () => {
    const first = sampleOf(report(100_000, 10_000), null);
    expect(first.sample.sentBps).toBe(0); // no rate from one look
    // 250 000 bytes more in 2 s: 1 000 000 bit/s.
    const { sample } = sampleOf(report(350_000, 12_000), first.mark);
    expect(sample).toEqual({ lost: 0.125, rttMs: 42, availableBps: 2_500_000, sentBps: 1_000_000, bandwidthLimited: false });
  });

  it('sees the encoder limited by bandwidth, and knows nothing without reports', () => {
    const { sample } = sampleOf([{ type: 'outbound-rtp', id: 'o', timestamp: 1, kind: 'video', bytesSent: 5, qualityLimitationReason: 'bandwidth' }], null);
    expect(sample).toEqual({ lost: null, rttMs: null, availableBps: null, sentBps: 0, bandwidthLimited: true });
  });
});
