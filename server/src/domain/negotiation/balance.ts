/**
 * The updated balance of a debt ("memória de cálculo"), exact in centavos, line by line.
 *
 * Conventions (written down because the debtor may ask):
 * - The debt runs from its due date to the calculation date, cut into segments at month ends, at the
 *   30/08/2024 change of the legal rate and at each payment.
 * - Correction (IPCA, monthly rates from the index table): each segment multiplies the principal by
 *   1 + IPCA(month) × days / days in that month (pro rata die), rounded half-up to the centavo. A negative
 *   month lowers it (deflation is passed on).
 * - Default interest (juros de mora), simple: principal after the segment's correction × monthly rate ×
 *   days / 30. The rate: the contract's; or the legal rate — 1% a month before 30/08/2024, from then on
 *   SELIC(month) − IPCA(month), never below zero (Lei 14.905/2024). Summed exactly, rounded once, half-up.
 * - Late fee (multa): a share of the corrected principal (2% unless the contract says otherwise, CDC art.
 *   52 §1), rounded half-up.
 * - A payment pays the interest first, then principal and its fee together (CC art. 354), so the fee is
 *   only ever charged on principal still owed; the principal part is rounded half-up.
 * - The breakdown's lines add up to the total: interest and fee as charged over the whole period, payments
 *   subtracted; the interest line absorbs the centavo or so that rounding each payment's part apart leaves.
 */

export type RateRegime = { kind: 'legal' } | { kind: 'contract'; monthlyRatePpm: number };

export interface BalanceInput {
  principalCents: number;
  dueDate: string;
  calcDate: string;
  lateFeeBps: number;
  regime: RateRegime;
  /** Paid amounts, by date (ISO). */
  payments: { date: string; amountCents: number }[];
  /** Monthly rates in parts per million, "YYYY-MM" → ppm (0.44% = 4400). A missing month counts as 0 and is reported. */
  ipca: ReadonlyMap<string, number>;
  selic: ReadonlyMap<string, number>;
}

export interface BalanceLine {
  kind: 'principal' | 'correction' | 'interest' | 'fee' | 'payment' | 'total';
  label: string;
  amountCents: number;
}

export interface Balance {
  principalCents: number;
  correctionCents: number;
  interestCents: number;
  feeCents: number;
  paidCents: number;
  totalCents: number;
  lines: BalanceLine[];
  /** Months the tables lacked (counted as 0): the figure is provisional. */
  missingIndexMonths: string[];
}

const LEGAL_RATE_CHANGE = '2024-08-30';
const ONE_PERCENT_PPM = 10_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const iso = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
const monthOf = (d: number) => iso(d).slice(0, 7);
const daysInMonth = (d: number) => {
  const t = new Date(d * 86_400_000);
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 0)).getUTCDate();
};
const nextMonthStart = (d: number) => {
  const t = new Date(d * 86_400_000);
  return Date.UTC(t.getUTCFullYear(), t.getUTCMonth() + 1, 1) / 86_400_000;
};
/** Half-up division of non-negative or negative BigInts. */
const divRound = (n: bigint, d: bigint): bigint => (n >= 0n ? (2n * n + d) / (2n * d) : -((2n * -n + d) / (2n * d)));
const brl = (cents: number) => `R$ ${(cents / 100).toFixed(2).replace('.', ',')}`;

export function updatedBalance(b: BalanceInput): Balance {
  const missing = new Set<string>();
  const rate = (table: ReadonlyMap<string, number>, month: string) => {
    const r = table.get(month);
    if (r === undefined) missing.add(month);
    return r ?? 0;
  };
  let principal = BigInt(b.principalCents);
  let correction = 0n;
  /** Interest accrued and unpaid, as a numerator over 30 × 10⁶. */
  let interestNum = 0n;
  const DEN = 30n * 1_000_000n;
  let paid = 0;
  let feePaid = 0n;
  const payments = [...b.payments].sort((x, y) => x.date.localeCompare(y.date));
  const end = day(b.calcDate);
  let t = day(b.dueDate);
  let p = 0;
  const settlePayment = (amount: number) => {
    let rest = BigInt(amount);
    const interest = divRound(interestNum, DEN);
    const toInterest = rest < interest ? rest : interest;
    interestNum -= toInterest * DEN;
    rest -= toInterest;
    // principal and its fee together: the principal part is rest / (1 + fee)
    let toPrincipal = divRound(rest * 10_000n, BigInt(10_000 + b.lateFeeBps));
    if (toPrincipal > principal) toPrincipal = principal; // an overpayment stays visible as a negative total
    principal -= toPrincipal;
    feePaid += rest - toPrincipal;
    paid += amount;
  };
  while (p < payments.length && day(payments[p]!.date) <= t) settlePayment(payments[p++]!.amountCents);
  while (t < end) {
    let next = Math.min(nextMonthStart(t), end);
    if (iso(t) < LEGAL_RATE_CHANGE && iso(next) > LEGAL_RATE_CHANGE) next = day(LEGAL_RATE_CHANGE);
    if (p < payments.length) next = Math.min(next, Math.max(day(payments[p]!.date), t + 1));
    const days = next - t;
    const month = monthOf(t);
    const ipca = rate(b.ipca, month);
    const before = principal;
    principal = divRound(principal * BigInt(1_000_000 * daysInMonth(t) + ipca * days), BigInt(1_000_000 * daysInMonth(t)));
    correction += principal - before;
    const monthly =
      b.regime.kind === 'contract' ? b.regime.monthlyRatePpm
      : iso(t) < LEGAL_RATE_CHANGE ? ONE_PERCENT_PPM
      : Math.max(0, rate(b.selic, month) - ipca);
    interestNum += principal * BigInt(monthly) * BigInt(days);
    t = next;
    while (p < payments.length && day(payments[p]!.date) <= t) settlePayment(payments[p++]!.amountCents);
  }
  const interest = Number(divRound(interestNum, DEN));
  const fee = Number(divRound(principal * BigInt(b.lateFeeBps), 10_000n));
  const principalNow = Number(principal);
  const total = principalNow + interest + fee;
  const corr = Number(correction);
  // the lines add up to the total: fees and interest as charged over the whole period, payments subtracted
  // (the interest line takes the centavo or so that rounding each payment's part apart leaves)
  const feeCharged = fee + Number(feePaid);
  const interestCharged = total - b.principalCents - corr - feeCharged + paid;
  const lines: BalanceLine[] = [
    { kind: 'principal', label: `Valor original (vencimento ${b.dueDate.split('-').reverse().join('/')})`, amountCents: b.principalCents },
    { kind: 'correction', label: 'Correção monetária (IPCA, pro rata die)', amountCents: corr },
    { kind: 'interest', label: b.regime.kind === 'contract' ? `Juros de mora (${(b.regime.monthlyRatePpm / 10_000).toFixed(2).replace('.', ',')}% a.m., simples)` : 'Juros de mora (taxa legal: 1% a.m. até 29/08/2024; depois SELIC − IPCA)', amountCents: interestCharged },
    { kind: 'fee', label: `Multa (${(b.lateFeeBps / 100).toFixed(2).replace('.', ',')}% sobre o principal corrigido)`, amountCents: feeCharged },
    ...(paid ? [{ kind: 'payment' as const, label: 'Pagamentos já feitos (abatidos primeiro dos juros)', amountCents: -paid }] : []),
    { kind: 'total', label: `Saldo atualizado em ${b.calcDate.split('-').reverse().join('/')}: ${brl(total)}`, amountCents: total },
  ];
  return {
    principalCents: principalNow,
    correctionCents: corr,
    interestCents: interest,
    feeCents: fee,
    paidCents: paid,
    totalCents: total,
    lines,
    missingIndexMonths: [...missing].sort(),
  };
}
