import { seededRng, type Rng } from '../random';
import { ABANDON_WINDOW_SECONDS } from './quita-pacer';
import type { AgentView, DayCounters, Pacer, PacingParams } from './types';

/**
 * A seeded, deterministic discrete-event simulation of one working day of a campaign, driving any Pacer
 * with the snapshots the server would build. Time is in seconds from the start of the day.
 */
export interface DayScenario {
  agents: number;
  /** Human answer probability per attempt; may change during the day. */
  humanRate: number | { before: number; after: number; atSecond: number };
  /** Shares of attempts ending as invalid number, busy, answering machine (the rest: no answer). */
  invalidShare: number;
  busyShare: number;
  machineShare: number;
  ringMeanSeconds: number;
  ringTimeoutSeconds: number;
  talkMeanSeconds: number;
  talkSdSeconds: number;
  wrapMeanSeconds: number;
  wrapSdSeconds: number;
  dayLengthSeconds: number;
  /** Agents leave for lunch (staggered from 11:00, day starting 08:00). */
  lunchSeconds: number;
  /** Share of connected calls that reach the right person. */
  rightPartyShare: number;
}

/** Seconds within which a person picking up still answers a line being cancelled (signalling delay). */
export const CANCEL_RACE_SECONDS = 0.2;

export const DEFAULT_SCENARIO: DayScenario = {
  agents: 20,
  humanRate: 0.15,
  invalidShare: 0.03,
  busyShare: 0.07,
  machineShare: 0.1,
  ringMeanSeconds: 9,
  ringTimeoutSeconds: 25,
  talkMeanSeconds: 180,
  talkSdSeconds: 110,
  wrapMeanSeconds: 20,
  wrapSdSeconds: 5,
  dayLengthSeconds: 8 * 3600,
  lunchSeconds: 3600,
  rightPartyShare: 0.6,
};

export interface DayResult {
  attempts: number;
  humanAnswered: number;
  connected: number;
  abandoned: number;
  rightParty: number;
  cancelled: number;
  shortCalls: number;
  talkSeconds: number;
  loggedInSeconds: number;
}

type LineFate =
  | { kind: 'human'; at: number }
  | { kind: 'machine' | 'busy' | 'invalid' | 'no_answer'; at: number };

interface Line {
  id: number;
  dialedAt: number;
  fate: LineFate;
  done: boolean;
}

type AgentState =
  | { name: 'idle'; since: number }
  | { name: 'talk'; since: number; until: number }
  | { name: 'wrap'; since: number; until: number }
  | { name: 'lunch'; until: number };

interface Agent {
  state: AgentState;
  lunchAt: number;
  lunchTaken: boolean;
}

type Event =
  | { t: number; seq: number; type: 'line'; line: Line }
  | { t: number; seq: number; type: 'abandon'; line: Line }
  | { t: number; seq: number; type: 'agent'; agent: number };

type EventInput = { [K in Event['type']]: Omit<Extract<Event, { type: K }>, 'seq'> }[Event['type']];

class EventQueue {
  private heap: Event[] = [];
  private seq = 0;
  push(e: EventInput): void {
    const item = { ...e, seq: this.seq++ } as Event;
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (before(h[p]!, item)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = item;
  }
  peekTime(): number {
    return this.heap.length ? this.heap[0]!.t : Infinity;
  }
  pop(): Event | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let candidate = last;
        if (l < h.length && before(h[l]!, candidate)) {
          m = l;
          candidate = h[l]!;
        }
        if (r < h.length && before(h[r]!, candidate)) m = r;
        if (m === i) break;
        h[i] = h[m]!;
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}
const before = (a: Event, b: Event) => a.t < b.t || (a.t === b.t && a.seq < b.seq);

function lognormal(rng: Rng, mean: number, sd: number): number {
  const sigma2 = Math.log(1 + (sd * sd) / (mean * mean));
  const mu = Math.log(mean) - sigma2 / 2;
  const u1 = Math.max(1e-12, rng());
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
  return Math.exp(mu + Math.sqrt(sigma2) * z);
}

function normal(rng: Rng, mean: number, sd: number): number {
  const u1 = Math.max(1e-12, rng());
  return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng());
}

export function humanRateAt(s: DayScenario, t: number): number {
  return typeof s.humanRate === 'number' ? s.humanRate : t < s.humanRate.atSecond ? s.humanRate.before : s.humanRate.after;
}

/** Runs one day. The pacer is asked every second; it may carry state (estimates) across days. */
export function simulateDay(scenario: DayScenario, pacer: Pacer, params: PacingParams, seed: number, waiting: { count: number } = { count: 0 }): DayResult {
  const rng = seededRng(seed);
  const s = scenario;
  const queue = new EventQueue();
  const agents: Agent[] = Array.from({ length: s.agents }, (_, i) => ({
    state: { name: 'idle', since: 0 },
    // staggered lunch from 3 h into the day, in four waves half an hour apart
    lunchAt: 3 * 3600 + (i % 4) * 1800,
    lunchTaken: false,
  }));
  const ringing = new Map<number, Line>();
  const waitingLines: Line[] = [];
  const result: DayResult = { attempts: 0, humanAnswered: 0, connected: 0, abandoned: 0, rightParty: 0, cancelled: 0, shortCalls: 0, talkSeconds: 0, loggedInSeconds: 0 };
  let lineSeq = 0;
  const loggedIn = new Float64Array(s.agents);
  const lunchAway = new Float64Array(s.agents);

  const counters = (t: number): DayCounters => ({ clock: t, attempts: result.attempts, shortCalls: result.shortCalls, humanAnswered: result.humanAnswered, abandoned: result.abandoned });

  const fateOf = (t: number): LineFate => {
    const u = rng();
    const human = humanRateAt(s, t);
    if (u < s.invalidShare) return { kind: 'invalid', at: t + 0.5 + rng() * 1.5 };
    if (u < s.invalidShare + s.busyShare) return { kind: 'busy', at: t + 2 + rng() * 4 };
    if (u < s.invalidShare + s.busyShare + s.machineShare) return { kind: 'machine', at: t + lognormal(rng, 12, 4) + 4 };
    if (u < s.invalidShare + s.busyShare + s.machineShare + human) {
      const ring = lognormal(rng, s.ringMeanSeconds, s.ringMeanSeconds * 0.45);
      if (ring < s.ringTimeoutSeconds - 0.5) return { kind: 'human', at: t + ring };
    }
    return { kind: 'no_answer', at: t + s.ringTimeoutSeconds };
  };

  const startTalk = (agentIndex: number, t: number) => {
    const talk = Math.max(5, lognormal(rng, s.talkMeanSeconds, s.talkSdSeconds));
    agents[agentIndex]!.state = { name: 'talk', since: t, until: t + talk };
    queue.push({ t: t + talk, type: 'agent', agent: agentIndex });
    result.connected++;
    if (rng() < s.rightPartyShare) result.rightParty++;
    if (talk <= 6) result.shortCalls++;
  };

  const freeAgent = (agentIndex: number, t: number) => {
    const agent = agents[agentIndex]!;
    if (!agent.lunchTaken && t >= agent.lunchAt) {
      agent.lunchTaken = true;
      agent.state = { name: 'lunch', until: t + s.lunchSeconds };
      lunchAway[agentIndex] = s.lunchSeconds;
      queue.push({ t: t + s.lunchSeconds, type: 'agent', agent: agentIndex });
      return;
    }
    const next = waitingLines.shift();
    if (next) {
      waiting.count = waitingLines.length;
      next.done = true;
      startTalk(agentIndex, t);
      return;
    }
    agent.state = { name: 'idle', since: t };
  };

  const idleAgent = (): number => {
    let best = -1;
    for (let i = 0; i < agents.length; i++) {
      const st = agents[i]!.state;
      if (st.name === 'idle' && (best < 0 || st.since < (agents[best]!.state as { since: number }).since)) best = i;
    }
    return best;
  };

  /** What the server would show the pacer at time t, and the ringing lines, the longest-ringing first. */
  const snapshotAt = (t: number) => {
    // An agent due for lunch has asked for a pause after this call: the server knows it will not come back.
    const views: AgentView[] = [];
    for (const a of agents) {
      const st = a.state;
      const leaving = !a.lunchTaken && t >= a.lunchAt;
      if (st.name === 'idle') views.push({ state: 'idle' });
      else if (leaving) continue;
      else if (st.name === 'talk') views.push({ state: 'talk', elapsed: t - st.since });
      else if (st.name === 'wrap') views.push({ state: 'wrap', elapsed: t - st.since });
    }
    const lines = [...ringing.values()].sort((a, b) => a.dialedAt - b.dialedAt);
    return { snapshot: { agents: views, lines: lines.map((l) => ({ elapsed: t - l.dialedAt })), today: counters(t), params }, lines };
  };

  /**
   * Cancels the first `n` lines (the longest-ringing). A CANCEL is not instantaneous: a person picking up
   * within CANCEL_RACE_SECONDS of it answers anyway (the 200 OK crosses the CANCEL) and is handled as any answer.
   */
  const cancelOldest = (lines: Line[], n: number, t: number) => {
    for (let c = 0; c < Math.min(n, lines.length); c++) {
      const line = lines[c]!;
      if (line.done || (line.fate.kind === 'human' && line.fate.at - t < CANCEL_RACE_SECONDS)) continue;
      line.done = true;
      ringing.delete(line.id);
      result.cancelled++;
      result.shortCalls++;
    }
  };

  const handle = (e: Event) => {
    const t = e.t;
    if (e.type === 'agent') {
      const agent = agents[e.agent]!;
      const st = agent.state;
      if (st.name === 'talk') {
        result.talkSeconds += st.until - st.since;
        pacer.observe({ type: 'call_ended', talkSeconds: st.until - st.since });
        const wrap = Math.max(5, normal(rng, s.wrapMeanSeconds, s.wrapSdSeconds));
        agent.state = { name: 'wrap', since: t, until: t + wrap };
        queue.push({ t: t + wrap, type: 'agent', agent: e.agent });
      } else if (st.name === 'wrap') {
        pacer.observe({ type: 'wrap_ended', wrapSeconds: st.until - st.since });
        freeAgent(e.agent, t);
      } else if (st.name === 'lunch') {
        freeAgent(e.agent, t);
      }
      return;
    }
    const line = e.line;
    if (line.done) return;
    if (e.type === 'abandon') {
      line.done = true;
      const i = waitingLines.indexOf(line);
      if (i >= 0) waitingLines.splice(i, 1);
      waiting.count = waitingLines.length;
      result.abandoned++;
      result.shortCalls++;
      return;
    }
    ringing.delete(line.id);
    if (line.fate.kind === 'human') {
      result.humanAnswered++;
      pacer.observe({ type: 'human', ringSeconds: t - line.dialedAt });
      const agentIndex = idleAgent();
      if (agentIndex >= 0) {
        line.done = true;
        startTalk(agentIndex, t);
      } else {
        waitingLines.push(line);
        waiting.count = waitingLines.length;
        queue.push({ t: t + ABANDON_WINDOW_SECONDS, type: 'abandon', line });
      }
      // the server asks the pacer again the instant a person answers (DialerService.callEvent)
      if (pacer.cancelOnAnswer && ringing.size > 0) {
        const { snapshot, lines } = snapshotAt(t);
        cancelOldest(lines, pacer.cancelOnAnswer(snapshot), t);
      }
      return;
    }
    line.done = true;
    result.shortCalls++;
    pacer.observe({ type: 'not_human', ringSeconds: t - line.dialedAt });
  };

  for (let tick = 0; tick < s.dayLengthSeconds; tick++) {
    while (queue.peekTime() <= tick) handle(queue.pop()!);
    // agents due for lunch while idle go now
    for (let i = 0; i < agents.length; i++) {
      const a = agents[i]!;
      if (!a.lunchTaken && a.state.name === 'idle' && tick >= a.lunchAt) freeAgent(i, tick);
    }
    const { snapshot, lines } = snapshotAt(tick);
    const decision = pacer.decide(snapshot);
    cancelOldest(lines, decision.cancel, tick);
    for (let d = 0; d < decision.dial; d++) {
      const line: Line = { id: lineSeq++, dialedAt: tick, fate: fateOf(tick), done: false };
      ringing.set(line.id, line);
      result.attempts++;
      queue.push({ t: line.fate.at, type: 'line', line });
    }
  }
  for (let i = 0; i < s.agents; i++) loggedIn[i] = s.dayLengthSeconds - lunchAway[i]!;
  result.loggedInSeconds = loggedIn.reduce((a, b) => a + b, 0);
  // talk still running at the end of the day counts up to the end
  for (const a of agents) if (a.state.name === 'talk') result.talkSeconds += s.dayLengthSeconds - a.state.since;
  return result;
}
