/** Standard normal density and distribution (Abramowitz–Stegun 7.1.26 for erf, |error| < 1.5e-7). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** E[max(0, D)] for D ~ Normal(mean, sd²). */
export function expectedPositivePart(mean: number, sd: number): number {
  if (sd < 1e-9) return Math.max(0, mean);
  const z = mean / sd;
  return sd * normalPdf(z) + mean * normalCdf(z);
}
