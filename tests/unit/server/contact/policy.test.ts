import { describe, expect, it } from 'vitest';
import { easter, movingHolidays, nationalHoliday } from '../../../../server/src/domain/contact/calendar';
import { checkContact, type ContactInput } from '../../../../server/src/domain/contact/policy';

const base = (over: Partial<ContactInput> & { at: string; ddd?: string }): ContactInput => ({
  now: Date.parse(over.at),
  phone: { e164: `+55${over.ddd ?? '11'}987654321`, ddd: over.ddd ?? '11', status: 'valid' },
  address: null,
  holds: { prescribed: false, overIndebted: false, noOpenDebt: false },
  attemptsToday: { phone: 0, debtor: 0 },
  limits: { perPhonePerDay: 3, perDebtorPerDay: 6 },
  lists: { internalDnc: false, naoMeLigue: false },
  ...over,
});
const codes = (input: ContactInput) => checkContact(input).reasons.map((r) => r.code);

describe('calendar', () => {
  it('Easter and the moving holidays (2025, 2026)', () => {
    expect(easter(2025)).toBe('2025-04-20');
    expect(easter(2026)).toBe('2026-04-05');
    expect(movingHolidays(2026)).toEqual({
      '2026-02-16': 'Carnaval (segunda-feira)', '2026-02-17': 'Carnaval (terça-feira)', '2026-04-03': 'Sexta-feira Santa', '2026-06-04': 'Corpus Christi',
    });
    expect(nationalHoliday('2026-11-20')).toBe('Dia Nacional de Zumbi e da Consciência Negra');
    expect(nationalHoliday('2026-11-24')).toBeNull();
  });
});

describe('calling windows in the debtor\'s own time zone', () => {
  // Tuesday 24/11/2026
  it.each([
    ['SP (UTC−3)', '11', '2026-11-24T22:59:00Z', '2026-11-24T23:00:00Z'],
    ['MS (UTC−4)', '67', '2026-11-24T23:59:00Z', '2026-11-25T00:00:00Z'],
    ['AM (UTC−4)', '92', '2026-11-24T23:59:00Z', '2026-11-25T00:00:00Z'],
    ['AC (UTC−5)', '68', '2026-11-25T00:59:00Z', '2026-11-25T01:00:00Z'],
  ])('%s: 19:59 allowed, 20:00 denied', (_name, ddd, last, first) => {
    expect(checkContact(base({ at: last, ddd })).allow).toBe(true);
    const denied = checkContact(base({ at: first, ddd }));
    expect(denied.allow).toBe(false);
    expect(denied.reasons[0]).toMatchObject({ code: 'outside_hours', local: '20:00' });
  });

  it('Fernando de Noronha (address) is UTC−2: 20:00 there is 19:00 in Recife, and the stricter wins', () => {
    const input = base({ at: '2026-11-24T22:00:00Z', ddd: '81', address: { uf: 'PE', city: 'Fernando de Noronha' } });
    expect(checkContact(input).reasons).toEqual([{ code: 'outside_hours', uf: 'PE', local: '20:00' }]);
    expect(checkContact({ ...input, address: { uf: 'PE', city: 'Recife' } }).allow).toBe(true);
  });

  it('strictest window wins: an SP phone of a debtor living in ES cannot be called on Saturday (ES: no weekends)', () => {
    const saturday10h = '2026-11-28T13:00:00Z';
    expect(checkContact(base({ at: saturday10h, ddd: '11' })).allow).toBe(true);
    const r = checkContact(base({ at: saturday10h, ddd: '11', address: { uf: 'ES', city: 'Vitória' } }));
    expect(r.reasons).toEqual([{ code: 'no_window_today', uf: 'ES' }]);
    // back on Monday 08:00 (both places open)
    expect(r.retryAt).toBe(Date.parse('2026-11-30T11:00:00Z'));
  });

  it('RJ opens at 09:00; MG at 09:00 and Saturday 10–13', () => {
    expect(codes(base({ at: '2026-11-24T11:30:00Z', ddd: '21' }))).toEqual(['outside_hours']);
    expect(checkContact(base({ at: '2026-11-24T11:30:00Z', ddd: '21' })).retryAt).toBe(Date.parse('2026-11-24T12:00:00Z'));
    expect(checkContact(base({ at: '2026-11-28T13:30:00Z', ddd: '31' })).allow).toBe(true);
    expect(codes(base({ at: '2026-11-28T16:00:00Z', ddd: '31' }))).toEqual(['outside_hours']);
  });

  it('never on Sundays; not on national holidays (fixed and moving) nor state ones', () => {
    expect(codes(base({ at: '2026-11-29T15:00:00Z' }))).toEqual(['sunday']);
    const goodFriday = checkContact(base({ at: '2026-04-03T15:00:00Z' }));
    expect(goodFriday.reasons).toEqual([{ code: 'holiday', uf: 'SP', name: 'Sexta-feira Santa' }]);
    expect(goodFriday.retryAt).toBe(Date.parse('2026-04-04T11:00:00Z')); // Saturday 08:00
    expect(codes(base({ at: '2026-02-17T15:00:00Z' }))).toEqual(['holiday']); // Carnaval
    expect(codes(base({ at: '2026-06-04T15:00:00Z' }))).toEqual(['holiday']); // Corpus Christi
    expect(codes(base({ at: '2026-11-20T15:00:00Z' }))).toEqual(['holiday']); // Consciência Negra
    expect(codes(base({ at: '2026-07-09T15:00:00Z', ddd: '11' }))).toEqual(['holiday']); // SP only
    expect(checkContact(base({ at: '2026-07-09T15:00:00Z', ddd: '21' })).allow).toBe(true);
  });
});

describe('caps, flags, holds and lists', () => {
  const at = '2026-11-24T15:00:00Z';
  it('the cap\'s last call is allowed; the next waits for the local midnight and the window', () => {
    expect(checkContact(base({ at, attemptsToday: { phone: 2, debtor: 5 } })).allow).toBe(true);
    const phoneCap = checkContact(base({ at, attemptsToday: { phone: 3, debtor: 3 } }));
    expect(phoneCap).toEqual({ allow: false, reasons: [{ code: 'phone_daily_cap', cap: 3 }], retryAt: Date.parse('2026-11-25T11:00:00Z') });
    expect(codes(base({ at, attemptsToday: { phone: 0, debtor: 6 } }))).toEqual(['debtor_daily_cap']);
    expect(codes(base({ at, ddd: '31', attemptsToday: { phone: 1, debtor: 2 } }))).toEqual(['state_daily_cap']); // MG: 2 a day
  });
  it('hard stops have no retry time and report every reason', () => {
    const r = checkContact(base({ at: '2026-11-29T15:00:00Z', phone: { e164: '+5511987654321', ddd: '11', status: 'workplace' }, holds: { prescribed: true, overIndebted: true, noOpenDebt: false }, lists: { internalDnc: true, naoMeLigue: true } }));
    expect(r.allow).toBe(false);
    expect(r.retryAt).toBeNull();
    expect(r.reasons.map((x) => x.code)).toEqual(['prescribed', 'over_indebted', 'phone_flag', 'internal_dnc', 'nao_me_ligue', 'sunday']);
  });
  it('"Não Me Ligue" applies to SP DDDs only', () => {
    expect(codes(base({ at, ddd: '11', lists: { internalDnc: false, naoMeLigue: true } }))).toEqual(['nao_me_ligue']);
    expect(checkContact(base({ at, ddd: '21', lists: { internalDnc: false, naoMeLigue: true } })).allow).toBe(true);
  });
  it('a paid debt (no open debt) is a hard stop', () => {
    expect(checkContact(base({ at, holds: { prescribed: false, overIndebted: false, noOpenDebt: true } }))).toEqual({ allow: false, reasons: [{ code: 'no_open_debt' }], retryAt: null });
  });
});
