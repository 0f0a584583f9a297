import { DDD_UF } from '../../../../shared/phone';

export interface PoolNumber {
  e164: string;
  ddd: string;
  active: boolean;
}

/**
 * Local presence from the operation's own pool: a number with the debtor's DDD, else one from the same
 * UF, else the first active number (the national fallback). Never a number outside the pool; null if
 * the pool has no active number. Within a tier the least used so far wins (`uses` is updated).
 */
export function chooseCallerId(pool: readonly PoolNumber[], debtorDdd: string, uses: Map<string, number>): string | null {
  const uf = DDD_UF[debtorDdd];
  const tiers = [
    (n: PoolNumber) => n.ddd === debtorDdd,
    (n: PoolNumber) => uf !== undefined && DDD_UF[n.ddd] === uf,
    () => true,
  ];
  for (const inTier of tiers) {
    let best: PoolNumber | null = null;
    for (const n of pool) {
      if (!n.active || !inTier(n)) continue;
      if (!best || (uses.get(n.e164) ?? 0) < (uses.get(best.e164) ?? 0)) best = n;
    }
    if (best) {
      uses.set(best.e164, (uses.get(best.e164) ?? 0) + 1);
      return best.e164;
    }
  }
  return null;
}
