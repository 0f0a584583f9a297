import type { MediaStats } from './types';

/** A live call's quality over the last sampling interval, as the console shows it. */
export interface CallQuality {
  /** Share of incoming packets lost in the interval, 0–100. */
  lossPercent: number;
  jitterMs: number | null;
  roundTripMs: number | null;
  /** Poor when any figure passes its limit: the agent is warned (the debtor may not hear well). */
  poor: boolean;
}

/** Limits from ITU-T G.114 (one-way delay ≤ 150 ms, so round trip ≤ 300 ms) and common VoIP practice (loss ≤ 3 %, jitter ≤ 30 ms). */
export const QUALITY_LIMITS = { lossPercent: 3, jitterMs: 30, roundTripMs: 300 } as const;

/** Compares two samples of the same call (the previous may be null: since the call began). */
export function callQuality(previous: MediaStats | null, current: MediaStats): CallQuality {
  const received = current.packetsReceived - (previous?.packetsReceived ?? 0);
  const lost = Math.max(0, current.packetsLost - (previous?.packetsLost ?? 0));
  const lossPercent = received + lost > 0 ? Math.round((lost / (received + lost)) * 1000) / 10 : 0;
  const poor =
    lossPercent > QUALITY_LIMITS.lossPercent ||
    (current.jitterMs ?? 0) > QUALITY_LIMITS.jitterMs ||
    (current.roundTripMs ?? 0) > QUALITY_LIMITS.roundTripMs;
  return { lossPercent, jitterMs: current.jitterMs, roundTripMs: current.roundTripMs, poor };
}
