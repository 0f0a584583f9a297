import type { Pacer, PacingDecision, PacingSnapshot } from './types';

/** The policies Quita's pacer is measured against (and that an operation may still choose). */

const idleAgents = (s: PacingSnapshot) => s.agents.filter((a) => a.state === 'idle').length;

/** Progressive: one line per idle agent. */
export class ProgressivePacer implements Pacer {
  readonly name = 'progressive 1:1';
  decide(s: PacingSnapshot): PacingDecision {
    return { dial: Math.max(0, idleAgents(s) - s.lines.length), cancel: 0 };
  }
  observe(): void {}
}

/** A fixed number of lines per idle agent, tuned once for one answer rate. */
export class FixedRatioPacer implements Pacer {
  readonly name: string;
  constructor(private readonly ratio: number) {
    this.name = `fixed ratio ${ratio}`;
  }
  decide(s: PacingSnapshot): PacingDecision {
    return { dial: Math.max(0, Math.ceil(this.ratio * idleAgents(s)) - s.lines.length), cancel: 0 };
  }
  observe(): void {}
}

/**
 * A port of VICIdial's adaptive dial level: every 15 s the level is multiplied by
 * 1 + (idle agents − calls waiting) / agents, kept between 1 and 3, and cut to 1 while the day's drop
 * (abandon) rate exceeds the target; lines = level × idle agents.
 */
export class VicidialAdaptivePacer implements Pacer {
  readonly name = 'VICIdial adaptive';
  private level = 1;
  private lastAdjust = -Infinity;

  constructor(private readonly waitingCalls: () => number) {}

  decide(s: PacingSnapshot): PacingDecision {
    const idle = idleAgents(s);
    if (s.today.clock - this.lastAdjust >= 15 && s.agents.length > 0) {
      this.lastAdjust = s.today.clock;
      const dropRate = s.today.humanAnswered > 0 ? s.today.abandoned / s.today.humanAnswered : 0;
      this.level = dropRate > s.params.abandonTarget
        ? 1
        : Math.min(3, Math.max(1, this.level * (1 + (idle - this.waitingCalls()) / s.agents.length)));
    }
    return { dial: Math.max(0, Math.ceil(this.level * idle) - s.lines.length), cancel: 0 };
  }
  observe(): void {}
}
