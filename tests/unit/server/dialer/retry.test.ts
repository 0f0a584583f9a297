import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_SETTINGS as S } from '../../../../shared/dialer';
import { brasiliaDayStart, leadColumns, nextOpening, nextStep, phoneOrder, rankLeads, withinHours, type DialablePhone } from '../../../../server/src/domain/dialer/retry';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;

describe('campaign hours (Brasília time)', () => {
  it('weekdays 08:00–20:00: 19:59 in, 20:00 out, 07:59 out', () => {
    expect(withinHours(S.hours, at('2026-11-24T22:59:00Z'))).toBe(true); // Tue 19:59
    expect(withinHours(S.hours, at('2026-11-24T23:00:00Z'))).toBe(false); // Tue 20:00
    expect(withinHours(S.hours, at('2026-11-24T10:59:59Z'))).toBe(false); // Tue 07:59:59
  });
  it('Saturday 08:00–14:00, Sunday never', () => {
    expect(withinHours(S.hours, at('2026-11-28T16:59:00Z'))).toBe(true); // Sat 13:59
    expect(withinHours(S.hours, at('2026-11-28T17:00:00Z'))).toBe(false); // Sat 14:00
    expect(withinHours(S.hours, at('2026-11-29T15:00:00Z'))).toBe(false); // Sun 12:00
    expect(withinHours({ ...S.hours, saturday: null }, at('2026-11-28T13:00:00Z'))).toBe(false);
  });
  it('next opening: after Saturday 14:00 comes Monday 08:00', () => {
    expect(nextOpening(S.hours, at('2026-11-28T17:00:00Z'))).toBe(at('2026-11-30T11:00:00Z'));
    expect(nextOpening(S.hours, at('2026-11-24T13:00:00Z'))).toBe(at('2026-11-24T13:00:00Z'));
  });
  it('the Brasília day starts at 03:00 UTC', () => {
    expect(brasiliaDayStart(at('2026-11-25T02:59:00Z'))).toBe(at('2026-11-24T03:00:00Z'));
    expect(brasiliaDayStart(at('2026-11-25T03:00:00Z'))).toBe(at('2026-11-25T03:00:00Z'));
  });
});

describe('retry rules', () => {
  const now = at('2026-11-24T13:00:00Z'); // Tue 10:00
  it('busy: 15 minutes later; final outcomes end the lead', () => {
    expect(nextStep(S, 'busy', { debtorToday: 1, debtorLifetime: 1 }, now)).toEqual({ done: false, nextAttemptAt: now + 15 * MIN });
    expect(nextStep(S, 'agreement', { debtorToday: 1, debtorLifetime: 1 }, now)).toEqual({ done: true, reason: 'agreement' });
  });
  it('a delay that ends after hours moves to the next opening', () => {
    const late = at('2026-11-24T22:30:00Z'); // 19:30
    expect(nextStep(S, 'no_answer', { debtorToday: 1, debtorLifetime: 1 }, late)).toEqual({ done: false, nextAttemptAt: at('2026-11-25T11:00:00Z') });
  });
  it('the daily cap per debtor waits for tomorrow; the lifetime cap ends the lead (the last allowed call still happens)', () => {
    const cap = S.limits.attemptsPerDebtorPerDay;
    expect(nextStep(S, 'busy', { debtorToday: cap - 1, debtorLifetime: 5 }, now)).toEqual({ done: false, nextAttemptAt: now + 15 * MIN });
    expect(nextStep(S, 'busy', { debtorToday: cap, debtorLifetime: 5 }, now)).toEqual({ done: false, nextAttemptAt: at('2026-11-25T11:00:00Z') });
    expect(nextStep(S, 'busy', { debtorToday: 1, debtorLifetime: S.limits.attemptsPerDebtorLifetime - 1 }, now).done).toBe(false);
    expect(nextStep(S, 'busy', { debtorToday: 1, debtorLifetime: S.limits.attemptsPerDebtorLifetime }, now)).toEqual({ done: true, reason: 'attempt_limit' });
  });
});

describe('phone order', () => {
  const phone = (id: number, over: Partial<DialablePhone> = {}): DialablePhone => ({
    id, e164: `+55119000000${id}`, ddd: '11', status: 'valid', internalDnc: false, naoMeLigue: false, attemptsToday: 0, lastAttemptAt: null, ...over,
  });
  it('least tried today first, then the one left alone longest (never tried first); flags and caps are the policy\'s', () => {
    const ids = (list: DialablePhone[]) => phoneOrder(list).map((p) => p.id);
    expect(ids([phone(1, { attemptsToday: 2 }), phone(2, { attemptsToday: 1 })])).toEqual([2, 1]);
    expect(ids([phone(1, { attemptsToday: 1, lastAttemptAt: 200 }), phone(2, { attemptsToday: 1, lastAttemptAt: 100 })])).toEqual([2, 1]);
    expect(ids([phone(1, { lastAttemptAt: 100 }), phone(2)])).toEqual([2, 1]);
  });
});

describe('priority', () => {
  const leads = leadColumns(3);
  leads.debtorId.set([1, 2, 3]);
  leads.balance.set([500, 900, 900]);
  leads.oldestDue.set([20250101, 20250601, 20240601]);
  leads.attempts.set([3, 0, 1]);
  it('orders by each key in turn, ties by debtor id', () => {
    const order = (p: typeof S.priority) => {
      const rank = rankLeads(leads, p);
      return [1, 2, 3].sort((a, b) => rank[a - 1]! - rank[b - 1]!);
    };
    expect(order(['balance_desc', 'dpd_desc'])).toEqual([3, 2, 1]);
    expect(order(['balance_desc', 'dpd_asc'])).toEqual([2, 3, 1]);
    expect(order(['fewest_attempts'])).toEqual([2, 3, 1]);
    expect(order([])).toEqual([1, 2, 3]);
  });
});
