import type { CallerIdRow, NumberDay } from '../../../../shared/dialer';
import { DDD_UF, type Uf } from '../../../../shared/phone';

/** Brazil's five regions: the third tier of local presence. */
const REGION: Readonly<Record<Uf, string>> = {
  AC: 'N', AM: 'N', AP: 'N', PA: 'N', RO: 'N', RR: 'N', TO: 'N',
  AL: 'NE', BA: 'NE', CE: 'NE', MA: 'NE', PB: 'NE', PE: 'NE', PI: 'NE', RN: 'NE', SE: 'NE',
  DF: 'CO', GO: 'CO', MS: 'CO', MT: 'CO',
  ES: 'SE', MG: 'SE', RJ: 'SE', SP: 'SE',
  PR: 'S', RS: 'S', SC: 'S',
};

export interface PoolNumber {
  e164: string;
  ddd: string;
  active: boolean;
  /** The national fallback: used when no number shares the debtor's DDD, state or region. */
  fallback: boolean;
  dailyCap: number;
}

export type { CallerIdRow, NumberDay };

export interface PoolRules {
  /** Auto-rest once a number has made this many calls today... */
  minCallsToJudge: number;
  /** ...and its short-call ratio reaches this (carriers flag such originators)... */
  maxShortRatio: number;
  /** ...or its answer rate falls below this (likely marked as spam). */
  minAnswerRate: number;
}

// Anatel counts every call not answered by a person as short, so a collection number sits near 85% anyway: rest only the clear outliers.
export const DEFAULT_POOL_RULES: PoolRules = { minCallsToJudge: 40, maxShortRatio: 0.97, minAnswerRate: 0.02 };

/**
 * The operation's own numbers, for local presence: a number with the debtor's DDD, else the same state,
 * else the same region, else the national fallback; least used first within a tier; never a number outside
 * the pool, an inactive one, one at its daily cap or one resting. Counters are per day (the caller resets
 * them at midnight with `newDay`).
 */
export class CallerIdPool {
  private readonly day = new Map<string, NumberDay>();
  private byDdd = new Map<string, PoolNumber[]>();
  private byUf = new Map<string, PoolNumber[]>();
  private byRegion = new Map<string, PoolNumber[]>();
  private fallbacks: PoolNumber[] = [];
  private numbers: PoolNumber[] = [];

  constructor(private readonly rules: PoolRules = DEFAULT_POOL_RULES) {}

  load(numbers: PoolNumber[], today: Map<string, NumberDay> = new Map()): void {
    const group = (key: (n: PoolNumber) => string | undefined) => {
      const m = new Map<string, PoolNumber[]>();
      for (const n of numbers) {
        const k = key(n);
        if (k !== undefined) m.set(k, [...(m.get(k) ?? []), n]);
      }
      return m;
    };
    this.byDdd = group((n) => n.ddd);
    this.byUf = group((n) => DDD_UF[n.ddd]);
    this.byRegion = group((n) => (DDD_UF[n.ddd] ? REGION[DDD_UF[n.ddd]!] : undefined));
    this.fallbacks = numbers.filter((n) => n.fallback);
    this.numbers = numbers;
    this.day.clear();
    for (const [e164, d] of today) this.day.set(e164, { ...d });
  }

  newDay(): void {
    this.day.clear();
  }

  /** The pool at a glance (the wallboard): numbers in use, resting for their rates, at their daily cap, switched off. */
  health(now: number): { total: number; active: number; resting: number; atCap: number; inactive: number; callsToday: number } {
    const h = { total: this.numbers.length, active: 0, resting: 0, atCap: 0, inactive: 0, callsToday: 0 };
    for (const n of this.numbers) {
      const d = this.stats(n.e164);
      h.callsToday += d.calls;
      if (!n.active) h.inactive++;
      else if (d.restedUntil > now && d.restReason === 'cap') h.atCap++;
      else if (d.restedUntil > now) h.resting++;
      else h.active++;
    }
    return h;
  }

  stats(e164: string): NumberDay {
    return this.day.get(e164) ?? { calls: 0, answers: 0, shortCalls: 0, restedUntil: 0, restReason: null };
  }

  /** Chooses and counts a call; null when no pool number may be used now. */
  choose(debtorDdd: string, now: number, endOfDay: number): string | null {
    const uf = DDD_UF[debtorDdd];
    const region = uf ? REGION[uf] : undefined;
    const tiers: readonly PoolNumber[][] = [
      this.byDdd.get(debtorDdd) ?? [],
      (uf && this.byUf.get(uf)) || [],
      (region && this.byRegion.get(region)) || [],
      this.fallbacks,
    ];
    for (const tier of tiers) {
      let best: PoolNumber | null = null;
      let bestCalls = Infinity;
      for (const n of tier) {
        if (!n.active) continue;
        const d = this.stats(n.e164);
        if (d.restedUntil > now || d.calls >= n.dailyCap) continue;
        if (d.calls < bestCalls) {
          best = n;
          bestCalls = d.calls;
        }
      }
      if (best) {
        const d = this.stats(best.e164);
        d.calls++;
        if (d.calls >= best.dailyCap) Object.assign(d, { restedUntil: endOfDay, restReason: 'cap' });
        this.day.set(best.e164, d);
        return best.e164;
      }
    }
    return null;
  }

  /** A call from this number ended: answered by a person or not, short (≤ 6 s) or not. Rests it when its figures go bad. */
  record(e164: string, outcome: { answered: boolean; short: boolean }, endOfDay: number): NumberDay['restReason'] {
    const d = this.stats(e164);
    if (outcome.answered) d.answers++;
    if (outcome.short) d.shortCalls++;
    this.day.set(e164, d);
    if (d.calls < this.rules.minCallsToJudge || d.restReason) return null;
    const reason = d.shortCalls / d.calls >= this.rules.maxShortRatio ? 'short_calls' : d.answers / d.calls < this.rules.minAnswerRate ? 'low_answer' : null;
    if (reason) Object.assign(d, { restedUntil: endOfDay, restReason: reason });
    return reason;
  }
}
