import type { PeerStatsEntry } from '../../shared/remote/peer';
import type { LinkLogger } from '../agent/link';

/**
 * The screen adapts to the connection. WebRTC's congestion control (GCC in libwebrtc) already
 * estimates what the path carries and gives the encoder that much bitrate; but a 1080p, 30 fps
 * screen squeezed into a few hundred kbit/s comes out as smeared blocks a second late. So the device
 * steps down a ladder — fewer pixels captured, fewer frames, so the encoder spends its bits on
 * fewer of both — while the path is narrow, and climbs back when it widens. The decision reads the
 * sender's own standard statistics once a second: the congestion controller's estimate
 * (`candidate-pair.availableOutgoingBitrate`), what the video really sent (`outbound-rtp.bytesSent`),
 * the encoder's own limitation (`qualityLimitationReason`), and the receiver's loss reports
 * (`remote-inbound-rtp.fractionLost`).
 *
 * The encoder's ceilings are not set through `RTCRtpSender.setParameters`: in @roamhq/wrtc 0.10
 * (libwebrtc M106) it always rejects with InvalidStateError, since libwebrtc forgets the
 * `getParameters` transaction in a task posted right after it and wrtc runs each call as its own
 * task on the signaling thread. The bitrate follows the capture and the congestion controller.
 * A growing round trip is not used either: under CPU load (an encoder, a grab) it grows on a free
 * path too, and the congestion controller already turns a filling queue into a lower estimate.
 */

/** One rung of the ladder: what is captured, and what it needs to look right. */
export interface QualityStep {
  maxWidth: number;
  maxFps: number;
  /** Below this estimate (with the sender using what it gets) the step is too big for the path. */
  needBps: number;
}

/** Top first; the top rung caps nothing (the console's own pick rules there). */
export const QUALITY_LADDER: readonly QualityStep[] = [
  { maxWidth: 7680, maxFps: 30, needBps: 1_800_000 },
  { maxWidth: 1600, maxFps: 20, needBps: 1_000_000 },
  { maxWidth: 1280, maxFps: 15, needBps: 550_000 },
  { maxWidth: 960, maxFps: 10, needBps: 250_000 },
  { maxWidth: 640, maxFps: 5, needBps: 0 },
];

/** What one look at the statistics found, over the interval since the previous look. */
export interface LinkSample {
  /** Fraction of video packets the receiver reported lost (0..1); null before its first report. */
  lost: number | null;
  /** Round-trip time (ms); null when unknown. For the log: see above why it decides nothing. */
  rttMs: number | null;
  /** The congestion controller's estimate of the path (bit/s); null when unknown. */
  availableBps: number | null;
  /** What the video sent over the interval (bit/s). */
  sentBps: number;
  /** The encoder reports that bandwidth limits it. */
  bandwidthLimited: boolean;
}

export interface QualityPolicy {
  /** Congested looks in a row before stepping down. */
  downAfter: number;
  /** Looks in a row with room for the next rung up before stepping up. */
  upAfter: number;
  /** Clean looks in a row after which the next rung is tried even without the estimate showing room (a still screen sends little, so the estimate stays low). */
  probeAfter: number;
  /** A rung up that was congested again soon: the next probe waits this many times longer (up to `maxProbeAfter`). */
  probeBackoff: number;
  maxProbeAfter: number;
  /** Looks ignored after a (re)connection while the estimate ramps up. */
  warmup: number;
}

export const DEFAULT_QUALITY_POLICY: QualityPolicy = { downAfter: 2, upAfter: 3, probeAfter: 15, probeBackoff: 2, maxProbeAfter: 120, warmup: 3 };

export interface GovernorState {
  level: number;
  congested: number;
  roomy: number;
  clean: number;
  probeAfter: number;
  /** Looks since the last step up (a quick fall back lengthens the probe wait). */
  sinceUp: number;
  warmup: number;
}

export function initialState(policy: QualityPolicy, level = 0): GovernorState {
  return { level, congested: 0, roomy: 0, clean: 0, probeAfter: policy.probeAfter, sinceUp: Number.POSITIVE_INFINITY, warmup: policy.warmup };
}

export type QualityChange = { direction: 'down' | 'up'; why: string } | null;

/**
 * The ladder's next state after one look. Pure, so it is tested with samples worked out by hand.
 * Congested: loss of 5 % or more, the encoder limited by bandwidth, or the estimate under this
 * rung's need while the sender uses most of it (not a still screen sending little). Room: the
 * estimate clears the next rung's need by a third.
 */
export function nextQuality(state: GovernorState, sample: LinkSample, policy: QualityPolicy = DEFAULT_QUALITY_POLICY, ladder: readonly QualityStep[] = QUALITY_LADDER): { state: GovernorState; change: QualityChange } {
  const s = { ...state, sinceUp: state.sinceUp + 1 };
  if (s.warmup > 0) {
    s.warmup -= 1;
    return { state: s, change: null };
  }
  const step = ladder[s.level]!;
  const usesMost = sample.availableBps !== null && sample.sentBps >= 0.6 * sample.availableBps;
  const why =
    sample.lost !== null && sample.lost >= 0.05
      ? `${Math.round(sample.lost * 100)} % of packets lost`
      : sample.bandwidthLimited
        ? 'the encoder is limited by bandwidth'
        : usesMost && sample.availableBps! < step.needBps
          ? `the path carries about ${Math.round(sample.availableBps! / 1000)} kbit/s`
          : null;
  if (why) {
    s.roomy = 0;
    s.clean = 0;
    s.congested += 1;
    if (s.congested < policy.downAfter || s.level === ladder.length - 1) return { state: s, change: null };
    // Fell back soon after a step up: that rung does not fit yet; wait longer before trying it again.
    if (s.sinceUp <= policy.probeAfter) s.probeAfter = Math.min(policy.maxProbeAfter, s.probeAfter * policy.probeBackoff);
    return { state: { ...s, level: s.level + 1, congested: 0 }, change: { direction: 'down', why } };
  }
  s.congested = 0;
  if (s.level === 0) return { state: { ...s, roomy: 0, clean: 0 }, change: null };
  const up = ladder[s.level - 1]!;
  const lossFree = sample.lost === null || sample.lost < 0.02;
  s.clean = lossFree ? s.clean + 1 : 0;
  s.roomy = lossFree && sample.availableBps !== null && sample.availableBps >= (up.needBps * 4) / 3 ? s.roomy + 1 : 0;
  const byEstimate = s.roomy >= policy.upAfter;
  if (!byEstimate && s.clean < s.probeAfter) return { state: s, change: null };
  return {
    state: { ...s, level: s.level - 1, roomy: 0, clean: 0, sinceUp: 0 },
    change: { direction: 'up', why: byEstimate ? `the path carries about ${Math.round(sample.availableBps! / 1000)} kbit/s` : `no congestion for ${s.clean} s` },
  };
}

/** Counters of the previous look, to turn totals into rates. */
export interface StatsMark {
  bytesSent: number;
  at: number;
}

/** One look's sample from a statistics report (and the mark for the next look). */
export function sampleOf(entries: readonly PeerStatsEntry[], previous: StatsMark | null): { sample: LinkSample; mark: StatsMark } {
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  let bytesSent = 0;
  let at = 0;
  let bandwidthLimited = false;
  let lost: number | null = null;
  let rttMs: number | null = null;
  let availableBps: number | null = null;
  const selected = new Set(entries.filter((e) => e.type === 'transport').map((e) => e.selectedCandidatePairId));
  for (const e of entries) {
    const video = e.kind === 'video' || e.mediaType === 'video';
    if (e.type === 'outbound-rtp' && video) {
      bytesSent += num(e.bytesSent) ?? 0;
      at = Math.max(at, e.timestamp);
      if (e.qualityLimitationReason === 'bandwidth') bandwidthLimited = true;
    } else if (e.type === 'remote-inbound-rtp' && video) {
      lost = Math.max(lost ?? 0, num(e.fractionLost) ?? 0);
      const rtt = num(e.roundTripTime);
      if (rtt !== null) rttMs = rtt * 1000;
    } else if (e.type === 'candidate-pair' && (selected.has(e.id) || (selected.size === 0 && e.nominated === true && e.state === 'succeeded'))) {
      availableBps = num(e.availableOutgoingBitrate) ?? availableBps;
      const rtt = num(e.currentRoundTripTime);
      if (rtt !== null && rttMs === null) rttMs = rtt * 1000;
    }
  }
  const seconds = previous && at > previous.at ? (at - previous.at) / 1000 : 0;
  const sentBps = seconds > 0 ? Math.max(0, ((bytesSent - previous!.bytesSent) * 8) / seconds) : 0;
  return { sample: { lost, rttMs, availableBps, sentBps, bandwidthLimited }, mark: { bytesSent, at } };
}

/** The connection of the moment, as the governor uses it (RemotePeer fits). */
export interface QualityLink {
  stats(): Promise<PeerStatsEntry[]>;
}

export interface GovernorOptions {
  /** Caps what is captured (the screen stream). */
  applyCapture(step: QualityStep): void;
  log: LinkLogger;
  intervalMs?: number;
  policy?: QualityPolicy;
}

/**
 * Runs the ladder for one session: looks at the current connection's statistics every interval and
 * applies a change to the capture (width, frame rate). A reconnect hands it the new connection; the
 * rung reached is kept.
 */
export class ScreenQualityGovernor {
  private state: GovernorState;
  private link: QualityLink | null = null;
  private mark: StatsMark | null = null;
  private timer: NodeJS.Timeout | null = null;
  private looking = false;
  private readonly policy: QualityPolicy;
  /** The last changes made, oldest first (each is logged too). */
  readonly changes: Array<{ at: number; direction: 'down' | 'up'; step: QualityStep; why: string }> = [];

  constructor(private readonly options: GovernorOptions) {
    this.policy = options.policy ?? DEFAULT_QUALITY_POLICY;
    this.state = initialState(this.policy);
  }

  /** The rung in force. */
  get step(): QualityStep {
    return QUALITY_LADDER[this.state.level]!;
  }

  /** A (new) connection is up: look at it from now on. */
  attach(link: QualityLink): void {
    this.link = link;
    this.mark = null;
    this.state = initialState(this.policy, this.state.level);
    this.timer ??= setInterval(() => void this.look(), this.options.intervalMs ?? 1000);
  }

  /** The connection is gone (until the next attach). */
  detach(link: QualityLink): void {
    if (this.link === link) this.link = null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.link = null;
  }

  private async look(): Promise<void> {
    const link = this.link;
    if (!link || this.looking) return;
    this.looking = true;
    try {
      const { sample, mark } = sampleOf(await link.stats(), this.mark);
      if (link !== this.link) return;
      const first = this.mark === null;
      this.mark = mark;
      if (first) return; // rates need two looks
      const { state, change } = nextQuality(this.state, sample, this.policy);
      this.state = state;
      if (!change) return;
      const step = this.step;
      this.changes.push({ at: Date.now(), direction: change.direction, step, why: change.why });
      if (this.changes.length > 50) this.changes.shift();
      this.options.applyCapture(step);
      this.options.log.info(
        { width: step.maxWidth, fps: step.maxFps, why: change.why, sample },
        change.direction === 'down' ? 'screen quality lowered' : 'screen quality raised',
      );
    } catch (err) {
      this.options.log.warn({ err: (err as Error).message }, 'screen quality: statistics not read');
    } finally {
      this.looking = false;
    }
  }
}
