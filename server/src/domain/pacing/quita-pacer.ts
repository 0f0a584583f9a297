import { DEFAULT_ESTIMATOR, PacingEstimator, type EstimatorOptions } from './estimator';
import { normalCdf } from './normal';
import { OverflowModel } from './overflow';
import type { AgentView, DayCounters, LineOutcome, Pacer, PacingDecision, PacingParams, PacingSnapshot } from './types';

/** Seconds an answered person may wait for an agent before the call counts as abandoned. */
export const ABANDON_WINDOW_SECONDS = 2;
export interface QuitaPacerTuning {
  /** The pacer aims below the cap so that day-to-day variance stays under it (19 of 20 days). */
  aimShareOfCap: number;
  /** Integral feedback: each answer raises log(gain) by 1/N, each abandon lowers it by 1/(aim × N). */
  feedbackAnswers: number;
  /** Pseudo-answers at the aim that damp the day's own rate early in the day (for `dailyGuard`). */
  feedbackPrior: number;
  /** While the day's rate is above this many times the aim, the gain does not rise. */
  dailyGuard: number;
  /** Seconds an answered person may wait: agents free within it still take the call. */
  horizonExtraSeconds: number;
  /** While the attempt budget caps dialing, the allowed overflow is at most this share of the aim. */
  budgetCarefulShare: number;
  /** Ringing lines are cancelled only when the expected overflow is this many times what the dialing rule allows. */
  cancelAbove: number;
  /** Pools up to this many agents cancel the excess the instant a person answers (`cancelOnAnswer`). */
  firstAnswerPool: number;
}

export const DEFAULT_TUNING: QuitaPacerTuning = {
  aimShareOfCap: 0.8,
  feedbackAnswers: 100,
  feedbackPrior: 60,
  dailyGuard: 1.2,
  horizonExtraSeconds: ABANDON_WINDOW_SECONDS,
  budgetCarefulShare: 0.05,
  cancelAbove: 3,
  firstAnswerPool: 10,
};

const FEEDBACK_EVERY_SECONDS = 30;
/** Pools larger than this keep their estimates over proportionally more outcomes (the same span of time). */
const HALF_LIFE_POOL = 20;
/** Expected people answered with no agent before ringing lines are cancelled. */
const CANCEL_ABOVE_PEOPLE = 1;
/** The gain on the aim: up to 3× while abandons stay rare, down to 0.002× (the overflow model is optimistic, most of all in large pools). */
const GAIN_MAX = 3;
const GAIN_MIN = 0.002;
/** Seconds ahead at which answers and free agents are compared. */
const CHECKPOINTS = [2, 4, 6, 8, 10, 12, 15, 18, 22, 26];

/**
 * Quita's pooled predictive pacer. Every decision looks one "time to answer" ahead: how many agents will be
 * free by then (idle ones, and those whose wrap-up is about to end), how many of the lines already ringing
 * will reach a person, and it dials the most new lines for which the expected overflow (people answered
 * with no agent) stays under an allowed share. That share follows the day's real abandon rate (feedback),
 * and attempts are spread over the day when the short-call rule is at risk.
 */
export class QuitaPacer implements Pacer {
  readonly name = 'Quita';
  private readonly estimator: PacingEstimator;
  private gain = 1;
  private lastFeedback = -Infinity;
  private seen = { human: 0, abandoned: 0 };
  /** Decisions since the last feedback step, and how many of them the attempt budget capped. */
  private ticks = 0;
  private budgetBoundTicks = 0;

  private readonly tuning: QuitaPacerTuning;
  private readonly halfLife: number;

  constructor(tuning: Partial<QuitaPacerTuning> = {}, estimatorOptions: EstimatorOptions = DEFAULT_ESTIMATOR) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning };
    this.estimator = new PacingEstimator(estimatorOptions);
    this.halfLife = estimatorOptions.halfLife;
  }

  observe(event: LineOutcome): void {
    this.estimator.observe(event);
  }

  decide(s: PacingSnapshot): PacingDecision {
    const { agents, lines, today, params } = s;
    if (agents.length === 0) return { dial: 0, cancel: lines.length };
    this.feedback(today, params);
    const { ringing, models, excessModels, last, modelsWithout, worst, answers, aim, allowed } = this.outlook(s);
    const overflow = (n: number) => worst(models, n);

    // the largest n whose expected overflow stays within `share` of the answers it brings
    const most = Math.max(0, Math.floor(params.maxLinesPerAgent * agents.length) - lines.length);
    // A small pool cancels the excess at each answer, so its risk is only a person answering while no agent is
    // free: many lines would be safe, but every line cancelled rang someone's phone for nothing (a short call).
    // Its lines may bring at most `params.smallTeamAnswersPerFreeAgent` people per agent expected free (the
    // campaign's choice of occupancy against cancels).
    // Never fewer lines than the expected-excess rule (`excessModels`) would ring: at a high answer rate the cap
    // alone left a lone idle agent one line where that rule rang two.
    const small = this.firstAnswer(agents.length);
    const linesCap = (n: number) => !small || answers(n) <= params.smallTeamAnswersPerFreeAgent * last.expectedFree();
    const fitsFirst = (n: number, share: number) => overflow(n) <= share * Math.max(answers(n), 1) && linesCap(n);
    const fitsExcess = (n: number, share: number) => worst(excessModels, n) <= share * Math.max(answers(n), 1);
    const largestBy = (fits: (n: number, share: number) => boolean, share: number) => {
      // exponential then binary search: the answer is usually a handful of lines
      if (most === 0 || !fits(1, share)) return 0;
      let lo = 1;
      let hi = 2;
      while (hi <= most && fits(hi, share)) {
        lo = hi;
        hi *= 2;
      }
      hi = Math.min(hi - 1, most);
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (fits(mid, share)) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    };
    const largest = (share: number) => (small ? Math.max(largestBy(fitsFirst, share), largestBy(fitsExcess, share)) : largestBy(fitsExcess, share));
    let dial = largest(allowed);
    const budget = this.attemptBudget(today, params);
    // The attempt budget (short-call rule) binds: agents are under-used anyway, so no abandon is worth risking.
    // The few attempts left go where they are safest, and the feedback must not wind up meanwhile.
    const budgetBound = dial > budget;
    if (budgetBound) {
      this.budgetBoundTicks++;
      dial = Math.min(budget, largest(Math.min(allowed, aim * this.tuning.budgetCarefulShare)));
    }
    this.ticks++;

    // Too many lines for the agents left (a pause, a logout, a wave of answers): cancel the longest-ringing,
    // but only real excess: at least one whole person expected to be left waiting and, in a large pool,
    // `cancelAbove` times the overflow the dialing rule allows; then only down to half that, far above where
    // the dialing rule would dial again. Cancelling on every small excess churns lines (each cancel is a short
    // call) and, in a large pool, oscillates with the dialing rule. A small pool's risk is a probability (at most
    // one person, see `firstAnswerOnly`): no whole-person floor there, `cancelAbove` times the allowed share.
    let cancel = 0;
    const floor = this.firstAnswer(agents.length) ? 0 : budgetBound ? CANCEL_ABOVE_PEOPLE / 2 : CANCEL_ABOVE_PEOPLE;
    const threshold = Math.max(floor, this.tuning.cancelAbove * Math.max(allowed, aim) * Math.max(answers(0), this.firstAnswer(agents.length) ? 1 : 0));
    if (dial === 0 && ringing.length > 0 && overflow(0) >= threshold) {
      // the fewest cancels that bring the expected overflow under half the threshold (binary search)
      let lo = 1;
      let hi = ringing.length;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (worst(modelsWithout(mid), 0) < threshold / 2) hi = mid;
        else lo = mid + 1;
      }
      cancel = lo;
    }
    return { dial, cancel };
  }

  /**
   * Called the instant a person answers (after the call got its agent, or started waiting for one): the lines
   * to cancel at once, the longest-ringing first. In a small pool a second answer rarely finds another agent
   * free, so the lines dialed for "the next free agent" become excess as soon as one of them has taken it;
   * a CANCEL crosses the network in milliseconds, before most of them would answer. The rule is the dialing
   * rule's, seen right after the answer: the fewest cancels that bring the risk back within the allowed share.
   * Large pools do not: one answer barely changes their outlook, and cancelling on answers churned lines there
   * (20 agents: 212 k cancels in 20 days, occupancy 79.3%).
   */
  cancelOnAnswer(s: PacingSnapshot): number {
    if (s.lines.length === 0) return 0;
    if (s.agents.length === 0) return s.lines.length;
    if (!this.firstAnswer(s.agents.length)) return 0;
    const { ringing, modelsWithout, worst, answers, allowed } = this.outlook(s);
    const limit = allowed * Math.max(answers(0), 1);
    if (worst(modelsWithout(0), 0) <= limit) return 0;
    let lo = 1;
    let hi = ringing.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (worst(modelsWithout(mid), 0) <= limit) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The overflow models at every checkpoint for this snapshot, and the share of answers allowed to overflow. */
  private outlook(s: PacingSnapshot) {
    const { agents, lines, params } = s;
    const est = this.estimator;
    est.setHalfLife(this.halfLife * Math.max(1, agents.length / HALF_LIFE_POOL));
    const window = this.tuning.horizonExtraSeconds;
    // Lines in the order they would be cancelled: the longest-ringing (least likely to reach a person) first.
    const ringing = lines.map((l) => l.elapsed).sort((a, b) => b - a);
    const free = CHECKPOINTS.map((k) => agents.map((a) => this.freeProbability(a, k + window)));
    // At each checkpoint k seconds ahead: people expected to answer by k, agents expected free by k + window.
    // `from`: the first `from` lines (the oldest) cancelled.
    const modelsWithout = (from: number, firstAnswerOnly = this.firstAnswer(agents.length)) => CHECKPOINTS.map((k, i) => new OverflowModel(
      ringing.slice(from).map((e) => est.humanWithin(e, k)),
      free[i]!,
      est.humanWithin(0, k),
      firstAnswerOnly,
    ));
    const models = modelsWithout(0);
    // the expected excess, whatever the pool (a small pool's floor on the lines it rings)
    const excessModels = this.firstAnswer(agents.length) ? modelsWithout(0, false) : models;
    const last = models[models.length - 1]!;
    /** Expected people left without an agent if n lines are added now: the worst checkpoint. */
    const worst = (ms: OverflowModel[], n: number) => {
      let w = 0;
      for (const m of ms) w = Math.max(w, m.overflow(n));
      return w;
    };
    const answers = (n: number) => last.expectedAnswers(n);
    const aim = params.abandonTarget * this.tuning.aimShareOfCap;
    const allowed = Math.min(0.25, Math.max(0.0002, aim * this.gain));
    return { ringing, models, excessModels, last, modelsWithout, worst, answers, aim, allowed };
  }

  /** A small pool: every answer is followed by cancels, so only the first answer can find no agent. */
  private firstAnswer(agents: number): boolean {
    return agents <= this.tuning.firstAnswerPool;
  }

  /** Probability an agent is free within `horizon` seconds. */
  private freeProbability(agent: AgentView, horizon: number): number {
    const wrap = this.estimator.wrap;
    switch (agent.state) {
      case 'idle':
        return 1;
      case 'wrap': {
        const before = normalCdf((agent.elapsed - wrap.mean) / wrap.sd);
        if (before > 1 - 1e-6) return 1;
        return (normalCdf((agent.elapsed + horizon - wrap.mean) / wrap.sd) - before) / (1 - before);
      }
      case 'talk':
        // the call must end, and its wrap-up too, within the horizon
        return this.estimator.talkEndsWithin(agent.elapsed, horizon - wrap.mean);
    }
  }

  /**
   * Follows the real abandon rate, by integral control on counts: every answer raises log(gain) by 1/N,
   * every abandon lowers it by 1/(aim × N), so the gain settles where abandons ÷ answers = the aim whatever
   * the pool. The cap is per day: while the day's own rate is above `dailyGuard` × the aim, it does not rise.
   */
  private feedback(today: DayCounters, params: PacingParams): void {
    // a new day: the counters start again from zero (and the clock too: without this the feedback stopped
    // after the first day, its clock never again 30 s past the last step)
    if (today.clock < this.lastFeedback || today.humanAnswered < this.seen.human || today.abandoned < this.seen.abandoned) {
      this.seen = { human: 0, abandoned: 0 };
      this.lastFeedback = -Infinity;
    }
    if (today.clock - this.lastFeedback < FEEDBACK_EVERY_SECONDS) return;
    this.lastFeedback = today.clock;
    const { aimShareOfCap, feedbackPrior, feedbackAnswers, dailyGuard } = this.tuning;
    const aim = params.abandonTarget * aimShareOfCap;
    const newHuman = today.humanAnswered - this.seen.human;
    const newAbandoned = today.abandoned - this.seen.abandoned;
    this.seen = { human: today.humanAnswered, abandoned: today.abandoned };
    let step = (aim * newHuman - newAbandoned) / (aim * feedbackAnswers);
    // pseudo-answers at the aim damp the first calls of a day
    const daily = (today.abandoned + feedbackPrior * aim) / (today.humanAnswered + feedbackPrior);
    if (step > 0 && daily > aim * dailyGuard) step = 0;
    // anti-windup: while the attempt budget, not the overflow, limits dialing, the gain may fall but not rise
    if (step > 0 && this.budgetBoundTicks > this.ticks / 2) step = 0;
    this.ticks = 0;
    this.budgetBoundTicks = 0;
    this.gain = Math.min(GAIN_MAX, Math.max(GAIN_MIN, this.gain * Math.exp(step)));
  }

  /**
   * Anatel's short-call rule: when the day's short-call ratio nears the limit, attempts are spread over
   * what is left of the day so the total stays under 97% of the daily limit.
   */
  private attemptBudget(today: DayCounters, params: PacingParams): number {
    const { ratio, dailyAttempts } = params.shortCalls;
    const shortRatio = today.attempts >= 100 ? today.shortCalls / today.attempts : 0;
    if (shortRatio < ratio - 0.03) return Number.MAX_SAFE_INTEGER;
    const budget = 0.97 * dailyAttempts;
    const byNow = budget * Math.min(1, (today.clock + 60) / params.dayLengthSeconds);
    return Math.max(0, Math.floor(byNow - today.attempts));
  }
}
