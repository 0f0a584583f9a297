/**
 * The pacer's view of a campaign at one instant: a pure value. The server builds it from live state,
 * the simulator from simulated state; the same pacer code decides in both.
 */
export type AgentView =
  | { state: 'idle' }
  /** elapsed: seconds since the call was connected. */
  | { state: 'talk'; elapsed: number }
  /** elapsed: seconds since wrap-up began. */
  | { state: 'wrap'; elapsed: number };

export interface LineView {
  /** Seconds since the line was dialed (still ringing, not yet answered). */
  elapsed: number;
}

export interface PacingParams {
  /** Abandoned ÷ human-answered, per campaign per day (and per 30 days): the cap to stay under. */
  abandonTarget: number;
  maxLinesPerAgent: number;
  /** Short-call guard (Anatel): above `dailyAttempts` attempts a day with a short ratio ≥ `ratio`, carriers block. */
  shortCalls: { ratio: number; dailyAttempts: number };
  /** Seconds in the working day (to spread the attempt budget over what is left of it). */
  dayLengthSeconds: number;
  /**
   * Pools up to 10 agents: the people the ringing lines are expected to bring, at most this many per agent
   * expected free (bounds the lines cancelled at answer; 0: only the expected-excess rule's lines).
   */
  smallTeamAnswersPerFreeAgent: number;
}

export const DEFAULT_PACING: PacingParams = {
  abandonTarget: 0.03,
  maxLinesPerAgent: 12,
  shortCalls: { ratio: 0.85, dailyAttempts: 100_000 },
  dayLengthSeconds: 8 * 3600,
  smallTeamAnswersPerFreeAgent: 0.4,
};

export interface DayCounters {
  /** Seconds since the start of the working day. */
  clock: number;
  attempts: number;
  shortCalls: number;
  humanAnswered: number;
  abandoned: number;
}

export interface PacingSnapshot {
  agents: AgentView[];
  lines: LineView[];
  today: DayCounters;
  params: PacingParams;
}

export interface PacingDecision {
  /** Lines to start now. */
  dial: number;
  /** Ringing lines to cancel now (the longest-ringing first). */
  cancel: number;
}

/** A dialing policy: may keep state between decisions (the server keeps one per campaign). */
export interface Pacer {
  readonly name: string;
  decide(snapshot: PacingSnapshot): PacingDecision;
  /**
   * Asked the instant a person answers, once the call has its agent (or waits for one): ringing lines to
   * cancel at once, the longest-ringing first. Policies without it only act on their regular decisions.
   */
  cancelOnAnswer?(snapshot: PacingSnapshot): number;
  /** Outcomes feed the online estimates. */
  observe(event: LineOutcome): void;
}

export type LineOutcome =
  | { type: 'human'; ringSeconds: number }
  | { type: 'not_human'; ringSeconds: number }
  | { type: 'call_ended'; talkSeconds: number }
  | { type: 'wrap_ended'; wrapSeconds: number };
