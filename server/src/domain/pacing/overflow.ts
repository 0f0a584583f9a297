import { expectedPositivePart } from './normal';

/**
 * Expected overflow E[(answers − free agents)+] where each ringing line reaches a person and each agent
 * becomes free independently with its own probability. Small pools use the exact (Poisson-binomial)
 * distributions: the normal approximation is off by up to ~10× at a handful of agents. Large pools use it.
 * `firstAnswerOnly` (small pools, where the pacer cancels the excess the instant a person answers): the
 * probability that a person answers by then while no agent is free, P(answers ≥ 1) × P(free = 0).
 */
const EXACT_UP_TO = 60;
const TAIL = 1e-10;

export class OverflowModel {
  private readonly exact: boolean;
  private readonly answers: Float64Array | null;
  private readonly free: Float64Array | null;
  private readonly answerMean: number;
  private readonly answerVar: number;
  private readonly freeMean: number;
  private readonly freeVar: number;

  constructor(lineProbabilities: readonly number[], agentProbabilities: readonly number[], private readonly newLineProbability: number, private readonly firstAnswerOnly = false) {
    this.exact = agentProbabilities.length <= EXACT_UP_TO;
    this.answerMean = sum(lineProbabilities);
    this.answerVar = sum(lineProbabilities.map((p) => p * (1 - p)));
    this.freeMean = sum(agentProbabilities);
    this.freeVar = sum(agentProbabilities.map((p) => p * (1 - p)));
    this.answers = this.exact ? poissonBinomial(lineProbabilities) : null;
    this.free = this.exact ? poissonBinomial(agentProbabilities) : null;
  }

  /** Expected people left without an agent if `n` new lines are added and `dropped` (mean, variance) of the ringing ones removed. */
  overflow(n: number, dropped: { mean: number; variance: number } = { mean: 0, variance: 0 }): number {
    const p = this.newLineProbability;
    if (!this.exact || dropped.mean > 0) {
      const mean = this.answerMean + n * p - dropped.mean - this.freeMean;
      const variance = Math.max(0, this.answerVar + n * p * (1 - p) - dropped.variance) + this.freeVar;
      return expectedPositivePart(mean, Math.sqrt(variance));
    }
    const answers = n > 0 ? convolve(this.answers!, binomial(n, p)) : this.answers!;
    // with every answer followed by cancels (small pools), only an answer while no agent is free is left waiting
    if (this.firstAnswerOnly) return this.free![0]! * (1 - answers[0]!);
    return expectedPositiveDifference(answers, this.free!);
  }

  /** Expected agents free. */
  expectedFree(): number {
    return this.freeMean;
  }

  /** Expected people answering if `n` new lines are added. */
  expectedAnswers(n: number): number {
    return this.answerMean + n * this.newLineProbability;
  }
}

function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Distribution of the number of successes of independent Bernoulli trials, truncated where the tail is negligible. */
export function poissonBinomial(probabilities: readonly number[]): Float64Array {
  let dist: Float64Array = new Float64Array([1]);
  for (const p of probabilities) {
    if (p <= 0) continue;
    const next = new Float64Array(dist.length + 1);
    for (let k = 0; k < dist.length; k++) {
      next[k]! += dist[k]! * (1 - p);
      next[k + 1]! += dist[k]! * p;
    }
    dist = truncate(next);
  }
  return dist;
}

export function binomial(n: number, p: number): Float64Array {
  if (p <= 0 || n === 0) return new Float64Array([1]);
  const out: number[] = [];
  let pk = (1 - p) ** n;
  let cumulative = 0;
  for (let k = 0; k <= n; k++) {
    out.push(pk);
    cumulative += pk;
    if (1 - cumulative < TAIL && k >= n * p) break;
    pk *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return new Float64Array(out);
}

function convolve(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i]!;
    if (ai === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j]! += ai * b[j]!;
  }
  return truncate(out);
}

function truncate(dist: Float64Array): Float64Array {
  let end = dist.length;
  let tail = 0;
  while (end > 1 && tail + dist[end - 1]! < TAIL) tail += dist[--end]!;
  return end === dist.length ? dist : dist.subarray(0, end);
}

/** E[(X − F)+] for independent X and F given as distributions over 0, 1, 2, … */
function expectedPositiveDifference(x: Float64Array, f: Float64Array): number {
  // E[(X − F)+] = Σ_f P(F = f) · Σ_{x > f} (x − f) P(X = x)
  let result = 0;
  for (let k = 0; k < f.length; k++) {
    const pf = f[k]!;
    if (pf === 0) continue;
    let partial = 0;
    for (let v = k + 1; v < x.length; v++) partial += (v - k) * x[v]!;
    result += pf * partial;
  }
  return result;
}
