import type { CampaignSettings, DialOutcome } from '../../../../shared/dialer';

/**
 * Retry rules and campaign hours, as pure functions of the campaign's settings and an instant.
 * Days and hours are Brasília time (UTC−3, no daylight saving since 2019); the contact policy narrows
 * them to the debtor's own state and time zone at the moment of dialing.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BRASILIA_OFFSET = -3 * HOUR;

/** Epoch ms of 00:00 Brasília on the day containing `at`. */
export function brasiliaDayStart(at: number): number {
  const local = at + BRASILIA_OFFSET;
  return local - (((local % DAY) + DAY) % DAY) - BRASILIA_OFFSET;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The campaign's window on the day starting at `dayStart` (epoch ms), or null (Sunday, or Saturday off). */
function windowOn(hours: CampaignSettings['hours'], dayStart: number): [number, number] | null {
  const weekday = new Date(dayStart - BRASILIA_OFFSET).getUTCDay();
  const span = weekday === 0 ? null : weekday === 6 ? hours.saturday : hours.weekdays;
  return span ? [dayStart + minutesOf(span[0]) * 60_000, dayStart + minutesOf(span[1]) * 60_000] : null;
}

export function withinHours(hours: CampaignSettings['hours'], at: number): boolean {
  const w = windowOn(hours, brasiliaDayStart(at));
  return w !== null && at >= w[0] && at < w[1];
}

/** The first instant ≥ `at` inside the campaign's hours (looks up to two weeks ahead). */
export function nextOpening(hours: CampaignSettings['hours'], at: number): number {
  let day = brasiliaDayStart(at);
  for (let i = 0; i < 15; i++, day += DAY) {
    const w = windowOn(hours, day);
    if (!w || at >= w[1]) continue;
    return Math.max(at, w[0]);
  }
  return Infinity;
}

export interface LeadCounters {
  /** This debtor's attempts in this campaign today (Brasília day), including the one just ended. */
  debtorToday: number;
  /** ... and since it joined the campaign. */
  debtorLifetime: number;
}

export type NextStep = { done: false; nextAttemptAt: number } | { done: true; reason: string };

/** After an attempt ends: when this debtor may be dialed again in this campaign, or that it is done. */
export function nextStep(settings: CampaignSettings, outcome: DialOutcome, counters: LeadCounters, now: number): NextStep {
  const rule = settings.retry[outcome];
  if (rule.final) return { done: true, reason: outcome };
  if (counters.debtorLifetime >= settings.limits.attemptsPerDebtorLifetime) return { done: true, reason: 'attempt_limit' };
  let at = now + rule.delayMinutes * 60_000;
  if (counters.debtorToday >= settings.limits.attemptsPerDebtorPerDay) at = Math.max(at, brasiliaDayStart(now) + DAY);
  return { done: false, nextAttemptAt: nextOpening(settings.hours, at) };
}

export interface DialablePhone {
  id: number;
  e164: string;
  ddd: string;
  status: 'valid' | 'wrong_number' | 'third_party' | 'workplace' | 'do_not_call';
  /** On the internal do-not-call list / on SP's "Não Me Ligue". */
  internalDnc: boolean;
  naoMeLigue: boolean;
  attemptsToday: number;
  /** Epoch ms of this phone's last attempt in any campaign, or null. */
  lastAttemptAt: number | null;
}

/** The order to try a debtor's phones: the least tried today, then the one left alone longest (never tried first). */
export function phoneOrder<P extends DialablePhone>(phones: readonly P[]): P[] {
  return [...phones].sort((a, b) => a.attemptsToday - b.attemptsToday || (a.lastAttemptAt ?? -1) - (b.lastAttemptAt ?? -1) || a.id - b.id);
}

/** A campaign's leads in columns (a million leads in a few typed arrays, not a million objects). */
export interface LeadColumns {
  count: number;
  debtorId: Int32Array;
  /** Open balance, centavos. */
  balance: Float64Array;
  /** Oldest open due date as yyyymmdd (earliest = most days past due). */
  oldestDue: Int32Array;
  attempts: Int32Array;
  nextAttemptAt: Float64Array;
}

export function leadColumns(count: number): LeadColumns {
  return {
    count,
    debtorId: new Int32Array(count),
    balance: new Float64Array(count),
    oldestDue: new Int32Array(count),
    attempts: new Int32Array(count),
    nextAttemptAt: new Float64Array(count),
  };
}

/**
 * Orders a campaign's leads by its priority keys (ties: lower debtor id) and returns each row's rank
 * (0 = dial first). Done once when the queue loads; the queue then compares plain numbers.
 */
export function rankLeads(leads: LeadColumns, priority: CampaignSettings['priority']): Float64Array {
  const { balance: bal, oldestDue: due, attempts: att, debtorId: id } = leads;
  const order = new Uint32Array(leads.count);
  for (let i = 0; i < leads.count; i++) order[i] = i;
  order.sort((a, b) => {
    for (const key of priority) {
      const d =
        key === 'balance_desc' ? bal[b]! - bal[a]!
        : key === 'balance_asc' ? bal[a]! - bal[b]!
        : key === 'dpd_desc' ? due[a]! - due[b]!
        : key === 'dpd_asc' ? due[b]! - due[a]!
        : att[a]! - att[b]!;
      if (d !== 0) return d;
    }
    return id[a]! - id[b]!;
  });
  const rank = new Float64Array(leads.count);
  for (let r = 0; r < order.length; r++) rank[order[r]!] = r;
  return rank;
}
