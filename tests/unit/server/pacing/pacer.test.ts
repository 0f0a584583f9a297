import { describe, expect, it } from 'vitest';
import { FixedRatioPacer, ProgressivePacer, VicidialAdaptivePacer } from '../../../../server/src/domain/pacing/baseline-pacers';
import { PacingEstimator } from '../../../../server/src/domain/pacing/estimator';
import { expectedPositivePart, normalCdf } from '../../../../server/src/domain/pacing/normal';
import { OverflowModel } from '../../../../server/src/domain/pacing/overflow';
import { QuitaPacer, type QuitaPacerTuning } from '../../../../server/src/domain/pacing/quita-pacer';
import { DEFAULT_SCENARIO, simulateDay } from '../../../../server/src/domain/pacing/simulation';
import { DEFAULT_PACING, type AgentView, type Pacer, type PacingSnapshot } from '../../../../server/src/domain/pacing/types';

const today = { clock: 3600, attempts: 1000, shortCalls: 850, humanAnswered: 150, abandoned: 2 };
const snap = (agents: AgentView[], lines: number[] = [], over: Partial<PacingSnapshot> = {}): PacingSnapshot => ({
  agents, lines: lines.map((elapsed) => ({ elapsed })), today, params: DEFAULT_PACING, ...over,
});
const idle = (n: number): AgentView[] => Array.from({ length: n }, () => ({ state: 'idle' }));
const talking = (n: number, elapsed = 30): AgentView[] => Array.from({ length: n }, () => ({ state: 'talk', elapsed }));

/** A pacer that has learned a 15% human answer rate, 9 s to answer. */
function trainedPacer(rate = 0.15, tuning: Partial<QuitaPacerTuning> = {}): QuitaPacer {
  const pacer = new QuitaPacer(tuning);
  for (let i = 0; i < 2000; i++) {
    const every = Math.round(1 / rate);
    pacer.observe(i % every === 0 ? { type: 'human', ringSeconds: 4 + ((i / every) % 10) } : { type: 'not_human', ringSeconds: i % 3 === 0 ? 25 : 3 });
  }
  return pacer;
}

describe('normal helpers', () => {
  it('match known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3);
    expect(expectedPositivePart(0, 1)).toBeCloseTo(0.3989, 3);
    expect(expectedPositivePart(5, 0)).toBe(5);
    expect(expectedPositivePart(-10, 1)).toBeLessThan(1e-6);
  });
});

describe('PacingEstimator', () => {
  it('learns the answer rate and follows it when it doubles', () => {
    const est = new PacingEstimator();
    expect(est.humanProbability(0)).toBeCloseTo(0.3, 1); // cautious prior
    for (let i = 0; i < 3000; i++) est.observe(i % 10 === 0 ? { type: 'human', ringSeconds: 8 } : { type: 'not_human', ringSeconds: 20 });
    expect(est.humanProbability(0)).toBeCloseTo(0.1, 2);
    for (let i = 0; i < 1500; i++) est.observe(i % 5 === 0 ? { type: 'human', ringSeconds: 8 } : { type: 'not_human', ringSeconds: 20 });
    expect(est.humanProbability(0)).toBeGreaterThan(0.18);
    // a line that has rung past the usual answer time is unlikely to reach a person
    expect(est.humanProbability(12)).toBeLessThan(0.01);
    expect(est.humanWithin(0, 9)).toBeGreaterThan(0.18);
  });
  it('predicts the end of calls from the durations it has seen', () => {
    const est = new PacingEstimator();
    for (let i = 0; i < 2000; i++) est.observe({ type: 'call_ended', talkSeconds: 100 + (i % 20) });
    expect(est.talkEndsWithin(90, 40)).toBeGreaterThan(0.95);
    expect(est.talkEndsWithin(10, 30)).toBeLessThan(0.05);
  });
});

describe('QuitaPacer (fixed snapshots)', () => {
  it('dials for idle agents, more for more agents, within the lines-per-agent cap', () => {
    const pacer = trainedPacer();
    const two = pacer.decide(snap(idle(2)));
    const ten = trainedPacer().decide(snap(idle(10)));
    expect(two.dial).toBeGreaterThan(2);
    expect(ten.dial).toBeGreaterThan(two.dial);
    expect(ten.dial).toBeLessThanOrEqual(DEFAULT_PACING.maxLinesPerAgent * 10);
  });
  it('does not dial when every agent just started a call', () => {
    expect(trainedPacer().decide(snap(talking(10, 5))).dial).toBe(0);
  });
  it('starts dialing before the wrap-up ends', () => {
    const early = trainedPacer().decide(snap([{ state: 'wrap', elapsed: 2 }, ...talking(3, 5)]));
    const late = trainedPacer().decide(snap([{ state: 'wrap', elapsed: 16 }, ...talking(3, 5)]));
    expect(early.dial).toBe(0);
    expect(late.dial).toBeGreaterThan(0);
  });
  it('counts lines already ringing', () => {
    const fresh = trainedPacer().decide(snap(idle(3)));
    const withLines = trainedPacer().decide(snap(idle(3), [1, 1, 2, 2, 3, 3, 3, 4]));
    expect(withLines.dial).toBeLessThan(fresh.dial);
  });
  it('cancels ringing lines when the agents are gone', () => {
    expect(trainedPacer().decide(snap([], [2, 3]))).toEqual({ dial: 0, cancel: 2 });
    const d = trainedPacer().decide(snap(talking(1, 5), Array.from({ length: 40 }, () => 2)));
    expect(d.dial).toBe(0);
    expect(d.cancel).toBeGreaterThan(0);
  });
  it('dials fewer lines the more people answer', () => {
    expect(trainedPacer(0.3).decide(snap(idle(5))).dial).toBeLessThan(trainedPacer(0.1).decide(snap(idle(5))).dial);
  });
  it('spreads attempts over the day when the short-call rule is near', () => {
    const params = { ...DEFAULT_PACING, shortCalls: { ratio: 0.85, dailyAttempts: 2000 } };
    const atLimit = { clock: 4 * 3600, attempts: 1100, shortCalls: 950, humanAnswered: 100, abandoned: 0 };
    expect(trainedPacer().decide(snap(idle(10), [], { params, today: atLimit })).dial).toBe(0); // 1,100 > 97% × 2,000 × half a day
    const early = { ...atLimit, attempts: 900, shortCalls: 780 };
    expect(trainedPacer().decide(snap(idle(10), [], { params, today: early })).dial).toBeLessThanOrEqual(Math.floor(0.97 * 2000 * (4 * 3600 + 60) / (8 * 3600)) - 900);
  });
});

describe('baseline pacers', () => {
  it('progressive dials one line per idle agent not yet covered', () => {
    expect(new ProgressivePacer().decide(snap(idle(3), [1]))).toEqual({ dial: 2, cancel: 0 });
  });
  it('fixed ratio dials ratio × idle agents', () => {
    expect(new FixedRatioPacer(2.5).decide(snap(idle(4), [1, 2]))).toEqual({ dial: 8, cancel: 0 });
  });
  it("VICIdial's level rises with idle agents every 15 s, stays within 1–3, drops to 1 above the drop target", () => {
    const vici = new VicidialAdaptivePacer(() => 0);
    const at = (clock: number, abandoned = 0) => ({ ...today, clock, abandoned, humanAnswered: 100 });
    expect(vici.decide(snap(idle(2).concat(talking(2)), [], { today: at(0) })).dial).toBe(3); // level 1.5 × 2 idle
    expect(vici.decide(snap(idle(4), [], { today: at(15) })).dial).toBe(12); // level capped at 3
    expect(vici.decide(snap(idle(4), [], { today: at(30, 5) })).dial).toBe(4); // 5% drops > 3%: level 1
  });
});

describe('simulation', () => {
  const short = { ...DEFAULT_SCENARIO, agents: 5, dayLengthSeconds: 3600, lunchSeconds: 0 };
  it('is deterministic for a seed', () => {
    const a = simulateDay(short, new QuitaPacer(), { ...DEFAULT_PACING, dayLengthSeconds: 3600 }, 7);
    const b = simulateDay(short, new QuitaPacer(), { ...DEFAULT_PACING, dayLengthSeconds: 3600 }, 7);
    expect(a).toEqual(b);
    expect(a.attempts).toBeGreaterThan(100);
  });
  it('progressive never abandons and keeps agents busy about half the time', () => {
    const r = simulateDay({ ...DEFAULT_SCENARIO, agents: 10, dayLengthSeconds: 4 * 3600, lunchSeconds: 0 }, new ProgressivePacer(), DEFAULT_PACING, 3);
    expect(r.abandoned).toBe(0);
    const occupancy = r.talkSeconds / r.loggedInSeconds;
    expect(occupancy).toBeGreaterThan(0.45);
    expect(occupancy).toBeLessThan(0.65);
  });
});

describe('QuitaPacer: cancelling only real excess', () => {
  it('cancels the oldest lines, only as many as bring the overflow down (not every line)', () => {
    // 3 agents who just started their calls, 24 lines ringing from 1 to 12 s: far too many
    const lines = Array.from({ length: 24 }, (_, i) => 1 + (i % 12));
    const d = trainedPacer().decide(snap(talking(3, 5), lines));
    expect(d.dial).toBe(0);
    expect(d.cancel).toBeGreaterThan(0);
    expect(d.cancel).toBeLessThan(lines.length);
  });
  it('does not cancel a small excess in a large pool', () => {
    // 200 agents, most talking, a few in late wrap-up, lines at a 5% answer rate: busy but not overloaded
    const agents: AgentView[] = [...talking(185, 60), ...Array.from({ length: 15 }, (): AgentView => ({ state: 'wrap', elapsed: 12 }))];
    // enough lines that no more are dialed, not so many that people would be left waiting: nothing cancelled
    const busy = trainedPacer(0.05).decide(snap(agents, Array.from({ length: 150 }, (_, i) => i % 20)));
    expect(busy).toEqual({ dial: 0, cancel: 0 });
    // twice as many: real excess, the oldest are cancelled, not all of them
    const excess = trainedPacer(0.05).decide(snap(agents, Array.from({ length: 300 }, (_, i) => i % 20)));
    expect(excess.cancel).toBeGreaterThan(0);
    expect(excess.cancel).toBeLessThan(300);
  });
  it('a 200-agent pool at 5% answer does not dial, then cancel (no churn)', () => {
    const scenario = { ...DEFAULT_SCENARIO, agents: 200, humanRate: 0.05, dayLengthSeconds: 1800, lunchSeconds: 0 };
    const params = { ...DEFAULT_PACING, shortCalls: { ratio: 0.85, dailyAttempts: 2_000_000 }, dayLengthSeconds: 1800 };
    const r = simulateDay(scenario, new QuitaPacer(), params, 11);
    expect(r.attempts).toBeGreaterThan(10_000);
    expect(r.cancelled / r.attempts).toBeLessThan(0.15); // was ~95% before the fix (31 M cancels in 20 days)
    expect(r.abandoned / r.humanAnswered).toBeLessThan(0.06);
  });
});

describe('QuitaPacer: the attempt budget (short-call rule)', () => {
  const params = { ...DEFAULT_PACING, shortCalls: { ratio: 0.85, dailyAttempts: 2000 } };
  const exhausted = { clock: 4 * 3600, attempts: 1100, shortCalls: 950, humanAnswered: 100, abandoned: 0 };
  it('trims lines already ringing when the budget stops dialing and the agents cannot take them', () => {
    const lines = Array.from({ length: 12 }, (_, i) => 1 + (i % 6));
    const d = trainedPacer().decide(snap(talking(2, 5), lines, { params, today: exhausted }));
    expect(d.dial).toBe(0);
    expect(d.cancel).toBeGreaterThan(0);
  });
  it('while the budget binds, dials no more than the budget, and no more than the careful rule allows', () => {
    const today = { ...exhausted, attempts: 960, shortCalls: 820 };
    const budget = Math.floor(0.97 * 2000 * (4 * 3600 + 60) / (8 * 3600)) - 960;
    const d = trainedPacer().decide(snap(idle(10), [], { params, today }));
    expect(d.dial).toBeGreaterThan(0);
    expect(d.dial).toBeLessThanOrEqual(budget);
    // four agents 12 s into their wrap-up: unlimited pacing dials ahead for them; with 4 attempts left, none yet
    const wrapping = snap([...Array.from({ length: 4 }, (): AgentView => ({ state: 'wrap', elapsed: 12 })), ...talking(4, 5)], [], { params, today: { ...exhausted, attempts: 970, shortCalls: 830 } });
    expect(trainedPacer().decide({ ...wrapping, params: DEFAULT_PACING }).dial).toBeGreaterThan(4);
    expect(trainedPacer().decide(wrapping).dial).toBe(0);
  });
});

describe('QuitaPacer: feedback', () => {
  /** Feeds a pacer an hour of snapshots with the given day counters, then returns what it dials for 12 idle agents. */
  const after = (pacer: QuitaPacer, humanAnswered: number, abandoned: number, params = DEFAULT_PACING) => {
    for (let t = 0; t <= 3600; t += 30) {
      const share = t / 3600;
      pacer.decide(snap([...idle(2), ...talking(4, 5)], [], { params, today: { clock: t, attempts: Math.round(7 * humanAnswered * share), shortCalls: Math.round(6 * humanAnswered * share), humanAnswered: Math.round(humanAnswered * share), abandoned: Math.round(abandoned * share) } }));
    }
    // a pool larger than the small-pool mode's (there the lines are bounded by the agents expected free, not the risk)
    return pacer.decide(snap(idle(12), [], { params, today: { clock: 3630, attempts: 7 * humanAnswered, shortCalls: 6 * humanAnswered, humanAnswered, abandoned } })).dial;
  };
  it('dials fewer lines after abandons than after none', () => {
    expect(after(trainedPacer(), 300, 15)).toBeLessThan(after(trainedPacer(), 300, 0));
  });
  it('does not wind up while the attempt budget, not the overflow, limits dialing', () => {
    const capped = { ...DEFAULT_PACING, shortCalls: { ratio: 0.85, dailyAttempts: 500 } };
    const open = trainedPacer();
    const windup = trainedPacer();
    after(open, 300, 0);
    after(windup, 300, 0, capped);
    const probe = snap([{ state: 'idle' }, ...talking(5, 5)], [2]);
    expect(windup.decide(probe).dial).toBeLessThanOrEqual(open.decide(probe).dial);
    expect((windup as unknown as { gain: number }).gain).toBeLessThan((open as unknown as { gain: number }).gain);
  });
});

describe('PacingEstimator half-life', () => {
  it('a longer half-life (a large pool) moves less on the same burst of outcomes', () => {
    const short = new PacingEstimator();
    const long = new PacingEstimator();
    long.setHalfLife(2500);
    for (const est of [short, long]) {
      for (let i = 0; i < 5000; i++) est.observe(i % 20 === 0 ? { type: 'human', ringSeconds: 8 } : { type: 'not_human', ringSeconds: 20 });
    }
    for (const est of [short, long]) for (let i = 0; i < 200; i++) est.observe(i % 5 === 0 ? { type: 'human', ringSeconds: 8 } : { type: 'not_human', ringSeconds: 20 });
    expect(short.humanProbability(0)).toBeGreaterThan(0.09);
    expect(long.humanProbability(0)).toBeLessThan(0.07);
  });
});

describe('QuitaPacer: small pools cancel the excess the instant a person answers', () => {
  it('the small-pool risk is a person answering while no agent is free, P(answers ≥ 1) × P(free = 0)', () => {
    // two lines at 50%, one agent free with 50%: E[(A − F)+] = 0.5 × 1 + 0.5 × 0.25; first answer only: 0.5 × 0.75
    expect(new OverflowModel([0.5, 0.5], [0.5], 0.1).overflow(0)).toBeCloseTo(0.625, 9);
    expect(new OverflowModel([0.5, 0.5], [0.5], 0.1, true).overflow(0)).toBeCloseTo(0.375, 9);
    expect(new OverflowModel([0.5, 0.5], [1], 0.1, true).overflow(3)).toBe(0); // an agent surely free: no risk
  });
  it('right after the last idle agent took a call, the lines rung for the next one are cancelled', () => {
    // 5 agents: the one who just answered and four in mid-call; six young lines still ringing
    const answered = snap([{ state: 'talk', elapsed: 0 }, ...talking(4, 40)], [3, 3, 2, 2, 1, 1]);
    const cancel = trainedPacer().cancelOnAnswer(answered);
    expect(cancel).toBeGreaterThan(0);
    expect(cancel).toBeLessThanOrEqual(6);
    // another agent still idle: the lines are its own, nothing is cancelled
    expect(trainedPacer().cancelOnAnswer(snap([{ state: 'talk', elapsed: 0 }, { state: 'idle' }, ...talking(3, 40)], [3, 2]))).toBe(0);
  });
  it('a large pool does not cancel on answers (one answer barely changes its outlook; it churned lines)', () => {
    const pool = snap([{ state: 'talk', elapsed: 0 }, ...talking(19, 40)], [3, 3, 2, 2, 1, 1]);
    expect(trainedPacer().cancelOnAnswer(pool)).toBe(0);
  });
  it('a small pool rings more lines for its idle agent than the expected-excess rule, bounded by the agents expected free', () => {
    const oneIdle = snap([{ state: 'idle' }, ...talking(4, 30)]);
    const before = new QuitaPacer({ firstAnswerPool: 0 });
    const now = trainedPacer();
    for (let i = 0; i < 2000; i++) {
      const every = Math.round(1 / 0.15);
      before.observe(i % every === 0 ? { type: 'human', ringSeconds: 4 + ((i / every) % 10) } : { type: 'not_human', ringSeconds: i % 3 === 0 ? 25 : 3 });
    }
    const old = before.decide(oneIdle).dial;
    const dial = now.decide(oneIdle).dial;
    expect(dial).toBeGreaterThan(old);
    // at ~14% reaching a person within 26 s, 0.4 people per agent expected free (~1.2 here) is a few lines, not 12 per agent
    expect(dial).toBeLessThanOrEqual(5);
  });
  it("the campaign's smallTeamAnswersPerFreeAgent bounds the extra lines: 0 rings only the expected-excess rule's, more rings more", () => {
    const at = (v: number) => snap([{ state: 'idle' }, ...talking(4, 30)], [], { params: { ...DEFAULT_PACING, smallTeamAnswersPerFreeAgent: v } });
    const excessRule = trainedPacer(0.15, { firstAnswerPool: 0 }).decide(at(0.4)).dial;
    const none = trainedPacer().decide(at(0)).dial;
    const byDefault = trainedPacer().decide(at(0.4)).dial;
    const one = trainedPacer().decide(at(1)).dial;
    expect(none).toBeLessThanOrEqual(excessRule);
    expect(byDefault).toBeGreaterThan(excessRule);
    expect(one).toBeGreaterThan(byDefault);
    expect(DEFAULT_PACING.smallTeamAnswersPerFreeAgent).toBe(0.4);
  });
  it('never rings fewer lines than the expected-excess rule: a new campaign (30% answer prior), one agent, two lines', () => {
    const params = { ...DEFAULT_PACING, abandonTarget: 0.1 };
    const lone = snap(idle(1), [], { params });
    const excessRule = new QuitaPacer({ firstAnswerPool: 0 }).decide(lone).dial;
    expect(excessRule).toBe(2);
    expect(new QuitaPacer().decide(lone).dial).toBeGreaterThanOrEqual(excessRule);
  });
});

describe('simulation: the pacer is asked again the instant a person answers', () => {
  /** Rings 3 lines a second while anyone is idle and cancels every ringing line when a person answers. */
  const greedy = (): Pacer & { asked: number } => ({
    name: 'greedy',
    asked: 0,
    decide: (s) => ({ dial: s.agents.some((a) => a.state === 'idle') ? 3 : 0, cancel: 0 }),
    cancelOnAnswer(s) {
      this.asked++;
      return s.lines.length;
    },
    observe: () => {},
  });
  it('on each answer with lines still ringing, and cancels what the pacer says', () => {
    const scenario = { ...DEFAULT_SCENARIO, agents: 3, dayLengthSeconds: 3600, lunchSeconds: 0 };
    const pacer = greedy();
    const r = simulateDay(scenario, pacer, { ...DEFAULT_PACING, dayLengthSeconds: 3600 }, 5);
    expect(pacer.asked).toBeGreaterThan(r.humanAnswered * 0.9);
    expect(pacer.asked).toBeLessThanOrEqual(r.humanAnswered);
    expect(r.cancelled).toBeGreaterThan(100);
    // the same day without answer-time cancels: many more people answered (the lines were not cut short)
    const { cancelOnAnswer: _, ...plain } = greedy();
    const without = simulateDay(scenario, { ...plain, decide: plain.decide }, { ...DEFAULT_PACING, dayLengthSeconds: 3600 }, 5);
    expect(without.cancelled).toBe(0);
    expect(without.humanAnswered).toBeGreaterThan(r.humanAnswered);
  });
});
