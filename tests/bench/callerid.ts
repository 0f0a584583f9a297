import { performance } from 'node:perf_hooks';
import { DDD_UF } from '../../shared/phone';
import { CallerIdPool, type PoolNumber } from '../../server/src/domain/dialer/caller-id';
import { seededRng } from '../../server/src/domain/random';

/**
 * npm run bench:callerid [-- --numbers 5000] [-- --cap 200]
 * Caller-ID choice for a day of calls on a 5,000-number pool (numbers spread over the DDDs in proportion to
 * a typical mailing, a few national fallbacks), every number capped at 200 calls a day: selections per
 * second until the pool can serve no more debtors, with checks that no number passes its cap and every
 * choice is a pool number, and where the choices came from (same DDD, state, region, fallback).
 */
const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const NUMBERS = arg('--numbers', 5000);
const CAP = arg('--cap', 200);

const rng = seededRng(3);
const ddds = Object.keys(DDD_UF);
// mailings are heavy in SP and RJ: weight the debtors' DDDs (and the pool) the same way
const weight = (ddd: string) => (ddd === '11' ? 20 : ddd.startsWith('1') || ddd === '21' ? 4 : 1);
const bag = ddds.flatMap((d) => Array<string>(weight(d)).fill(d));
const pickDdd = () => bag[Math.floor(rng() * bag.length)]!;

const numbers: PoolNumber[] = [];
for (let i = 0; i < NUMBERS; i++) {
  const ddd = i < ddds.length ? ddds[i]! : pickDdd(); // at least one number per DDD
  numbers.push({ e164: `+55${ddd}3${String(i).padStart(7, '0')}`, ddd, active: rng() > 0.02, fallback: i % 1000 === 0, dailyCap: CAP });
}
const inPool = new Set(numbers.map((n) => n.e164));
const byE164 = new Map(numbers.map((n) => [n.e164, n]));
const pool = new CallerIdPool();
pool.load(numbers);

const capacity = numbers.filter((n) => n.active).length * CAP;
const debtorDdds = Array.from({ length: 1 << 16 }, pickDdd);
const tiers = { ddd: 0, uf: 0, other: 0 };
let chosen = 0;
let none = 0;
let outside = 0;
const t0 = performance.now();
for (let i = 0; chosen < capacity && none < 1000; i++) {
  const ddd = debtorDdds[i & 0xffff]!;
  const e164 = pool.choose(ddd, 0, 86_400_000);
  if (!e164) {
    none++;
    continue;
  }
  chosen++;
  const n = byE164.get(e164);
  if (!n || !inPool.has(e164)) {
    outside++;
    continue;
  }
  if (n.ddd === ddd) tiers.ddd++;
  else if (DDD_UF[n.ddd] === DDD_UF[ddd]) tiers.uf++;
  else tiers.other++;
}
const seconds = (performance.now() - t0) / 1000;
const overCap = numbers.filter((n) => pool.stats(n.e164).calls > n.dailyCap).length;
const inactiveUsed = numbers.filter((n) => !n.active && pool.stats(n.e164).calls > 0).length;
const rate = Math.round(chosen / seconds);
console.log(`pool ${NUMBERS.toLocaleString('en')} numbers (${numbers.filter((n) => n.active).length} active), cap ${CAP}/day: ${chosen.toLocaleString('en')} selections in ${seconds.toFixed(2)} s — ${rate.toLocaleString('en')} selections/s`);
console.log(`${((100 * chosen) / capacity).toFixed(1)}% of the pool's daily capacity used before a debtor's DDD, state, region and the fallbacks were all spent`);
console.log(`same DDD ${((100 * tiers.ddd) / chosen).toFixed(1)}%, same state ${((100 * tiers.uf) / chosen).toFixed(1)}%, region or fallback ${((100 * tiers.other) / chosen).toFixed(1)}%; refused once the pool was spent: ${none}`);
console.log(`numbers over their cap: ${overCap}; inactive numbers used: ${inactiveUsed}; numbers outside the pool: ${outside}`);
const pass = overCap === 0 && inactiveUsed === 0 && outside === 0;
console.log(`caps held, only pool numbers — ${pass ? 'PASS' : 'FAIL'}`);
process.exitCode = pass ? 0 : 1;
