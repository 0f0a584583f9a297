import type { LineOutcome } from './types';

/**
 * Online estimates for pacing, with exponential forgetting so they follow an answer rate that doubles or
 * halves mid-shift. Starts from a cautious prior (a high answer rate means few lines): a new campaign
 * warms up slowly instead of flooding the agents.
 */
export const MAX_RING_SECONDS = 40;
const TALK_BIN_SECONDS = 5;
const TALK_BINS = 361; // up to 30 minutes

export interface EstimatorOptions {
  /** Outcomes after which an old observation weighs half. */
  halfLife: number;
  /** Prior: answer probability, mean seconds to a human answer, pseudo-observations behind it. */
  prior: { humanRate: number; ringSeconds: number; weight: number };
  priorTalkSeconds: number;
  priorWrapSeconds: number;
}

export const DEFAULT_ESTIMATOR: EstimatorOptions = {
  halfLife: 250,
  prior: { humanRate: 0.3, ringSeconds: 8, weight: 40 },
  priorTalkSeconds: 180,
  priorWrapSeconds: 20,
};

export class PacingEstimator {
  /** survived[r]: weight of lines still ringing r seconds after dialing; human[r]: of those, later answered by a person. */
  private readonly survived = new Float64Array(MAX_RING_SECONDS + 1);
  private readonly human = new Float64Array(MAX_RING_SECONDS + 1);
  private decay: number;
  /** Talk durations in 5-second bins (the last bin holds everything longer), with the same forgetting. */
  private readonly talkBins = new Float64Array(TALK_BINS);
  /** tail[b]: weight of talk durations in bins b and above (rebuilt lazily after a call ends). */
  private tail: Float64Array | null = null;
  private ringMean: number;
  private wrapMean: number;
  private wrapVar: number;

  constructor(private readonly options: EstimatorOptions = DEFAULT_ESTIMATOR) {
    this.decay = 0.5 ** (1 / options.halfLife);
    const { humanRate, ringSeconds, weight } = options.prior;
    // prior: human answers spread uniformly over [0, 2 × mean ring time]; other lines ring up to 25 s
    const spread = Math.max(1, Math.round(2 * ringSeconds));
    for (let r = 0; r <= MAX_RING_SECONDS; r++) {
      const humansLeft = humanRate * weight * Math.max(0, 1 - r / spread);
      const othersLeft = (1 - humanRate) * weight * Math.max(0, 1 - r / 25);
      this.survived[r] = humansLeft + othersLeft;
      this.human[r] = humansLeft;
    }
    this.ringMean = ringSeconds;
    // prior talk durations: exponential with the prior mean, worth `weight` calls
    for (let b = 0; b < TALK_BINS; b++) {
      const from = b * TALK_BIN_SECONDS;
      const to = b === TALK_BINS - 1 ? Infinity : from + TALK_BIN_SECONDS;
      this.talkBins[b] = weight * (Math.exp(-from / options.priorTalkSeconds) - Math.exp(-to / options.priorTalkSeconds));
    }
    this.wrapMean = options.priorWrapSeconds;
    this.wrapVar = (options.priorWrapSeconds * 0.25) ** 2;
  }

  /**
   * Outcomes after which an old observation weighs half. A large pool produces outcomes many times faster:
   * the pacer lengthens the half-life with the pool so the estimates keep the same span of minutes instead of
   * a few seconds of noisy data (measured: noisy estimates made a 200-agent pool dial, then cancel).
   */
  setHalfLife(outcomes: number): void {
    this.decay = 0.5 ** (1 / Math.max(1, outcomes));
  }

  observe(event: LineOutcome): void {
    const alpha = 1 - this.decay;
    switch (event.type) {
      case 'human':
      case 'not_human': {
        const last = Math.min(MAX_RING_SECONDS, Math.floor(event.ringSeconds));
        for (let r = 0; r <= MAX_RING_SECONDS; r++) {
          this.survived[r]! *= this.decay;
          this.human[r]! *= this.decay;
        }
        for (let r = 0; r <= last; r++) {
          this.survived[r]! += 1;
          if (event.type === 'human') this.human[r]! += 1;
        }
        if (event.type === 'human') this.ringMean += 4 * alpha * (event.ringSeconds - this.ringMean);
        break;
      }
      case 'call_ended': {
        for (let b = 0; b < TALK_BINS; b++) this.talkBins[b]! *= this.decay;
        this.talkBins[Math.min(TALK_BINS - 1, Math.floor(event.talkSeconds / TALK_BIN_SECONDS))]! += 1;
        this.tail = null;
        break;
      }
      case 'wrap_ended': {
        const d = event.wrapSeconds - this.wrapMean;
        this.wrapMean += 4 * alpha * d;
        this.wrapVar += 4 * alpha * (d * d - this.wrapVar);
        break;
      }
    }
  }

  /** Probability that a line still ringing after `elapsed` seconds ends answered by a person. */
  humanProbability(elapsed: number): number {
    const r = Math.min(MAX_RING_SECONDS, Math.max(0, Math.floor(elapsed)));
    const s = this.survived[r]!;
    return s > 1e-9 ? this.human[r]! / s : 0;
  }

  /** Probability that a line ringing for `elapsed` seconds is answered by a person within the next `within` seconds. */
  humanWithin(elapsed: number, within: number): number {
    const r = Math.min(MAX_RING_SECONDS, Math.max(0, Math.floor(elapsed)));
    const end = Math.min(MAX_RING_SECONDS, r + Math.max(0, Math.floor(within)));
    const s = this.survived[r]!;
    return s > 1e-9 ? (this.human[r]! - this.human[end]!) / s : 0;
  }

  /** Probability that a call already `elapsed` seconds long ends within the next `within` seconds (from the observed durations). */
  talkEndsWithin(elapsed: number, within: number): number {
    if (within <= 0) return 0;
    const from = Math.min(TALK_BINS - 1, Math.floor(elapsed / TALK_BIN_SECONDS));
    const to = Math.min(TALK_BINS - 1, Math.floor((elapsed + within) / TALK_BIN_SECONDS));
    if (!this.tail) {
      this.tail = new Float64Array(TALK_BINS + 1);
      for (let b = TALK_BINS - 1; b >= 0; b--) this.tail[b] = this.tail[b + 1]! + this.talkBins[b]!;
    }
    const remaining = this.tail[from]!;
    const ending = remaining - this.tail[Math.max(from, to)]!;
    return remaining > 1e-9 ? ending / remaining : 1;
  }

  /** Mean seconds from dialing to a human answer. */
  get ringSeconds(): number {
    return this.ringMean;
  }

  get wrap(): { mean: number; sd: number } {
    return { mean: this.wrapMean, sd: Math.max(1, Math.sqrt(this.wrapVar)) };
  }
}
