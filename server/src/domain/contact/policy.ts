import { DDD_UF, type Uf } from '../../../../shared/phone';
import { localTime, nationalHoliday, NORONHA_UTC_OFFSET, UF_UTC_OFFSET } from './calendar';

/**
 * "May we call this phone of this debtor now?" One pure function, asked when a lead is prepared and again
 * at the instant of dialing. It answers allow or deny with every reason, and when the denial is only a
 * matter of time (hours, a Sunday, a holiday, today's cap) the first instant it lifts.
 */

type Span = readonly [string, string];
export interface CallingWindow {
  /** Monday to Friday, local time "HH:MM"–"HH:MM"; null: never. */
  weekdays: Span | null;
  saturday: Span | null;
}

/** The rules as data (DOMAIN.md): state laws change, and some are still bills ("check"). */
export interface ContactRules {
  /** States with a law of their own; the others use `defaultWindow`. Sundays and holidays are always off. */
  windows: Partial<Record<Uf, CallingWindow>>;
  defaultWindow: CallingWindow;
  /** State holidays, "MM-DD" → name. */
  stateHolidays: Partial<Record<Uf, Record<string, string>>>;
  /** State caps on calls a day to one debtor. */
  callsPerDayByUf: Partial<Record<Uf, number>>;
}

export const DEFAULT_CONTACT_RULES: ContactRules = {
  windows: {
    SP: { weekdays: ['08:00', '20:00'], saturday: ['08:00', '14:00'] }, // Lei 15.426/2014
    AL: { weekdays: ['08:00', '20:00'], saturday: ['08:00', '14:00'] }, // as SP, SMS included
    ES: { weekdays: ['08:00', '19:00'], saturday: null },
    RJ: { weekdays: ['09:00', '19:00'], saturday: null }, // to confirm against the state law
    MG: { weekdays: ['09:00', '18:00'], saturday: ['10:00', '13:00'] }, // bill: applied as the stricter reading
  },
  defaultWindow: { weekdays: ['08:00', '20:00'], saturday: ['08:00', '14:00'] },
  stateHolidays: {
    SP: { '07-09': 'Revolução Constitucionalista' },
    RJ: { '04-23': 'Dia de São Jorge' },
    BA: { '07-02': 'Independência da Bahia' },
    PE: { '03-06': 'Revolução Pernambucana' },
    RS: { '09-20': 'Revolução Farroupilha' },
    CE: { '03-25': 'Data Magna do Ceará' },
    PA: { '08-15': 'Adesão do Pará' },
    AM: { '09-05': 'Elevação do Amazonas a província' },
    AC: { '06-15': 'Aniversário do Acre' },
    TO: { '10-05': 'Criação do Tocantins' },
    MS: { '10-11': 'Criação de Mato Grosso do Sul' },
    SE: { '07-08': 'Emancipação de Sergipe' },
    PI: { '10-19': 'Dia do Piauí' },
    MA: { '07-28': 'Adesão do Maranhão' },
    AP: { '09-13': 'Criação do Amapá' },
    RR: { '10-05': 'Criação de Roraima' },
    RN: { '10-03': 'Mártires de Cunhaú e Uruaçu' },
    PB: { '08-05': 'Fundação da Paraíba' },
    AL: { '09-16': 'Emancipação de Alagoas' },
    DF: { '04-21': 'Fundação de Brasília', '11-30': 'Dia do Evangélico' },
    GO: {},
    MG: {},
    MT: {},
    PR: { '12-19': 'Emancipação do Paraná' },
    SC: { '08-11': 'Data Magna de Santa Catarina' },
    ES: { '10-28': 'Dia do Servidor Público (ES)' },
    RO: { '01-04': 'Criação de Rondônia' },
  },
  callsPerDayByUf: { MG: 2 },
};

export type DenyReason =
  | { code: 'outside_hours'; uf: Uf; local: string }
  | { code: 'sunday'; uf: Uf }
  | { code: 'holiday'; uf: Uf; name: string }
  | { code: 'no_window_today'; uf: Uf }
  | { code: 'phone_flag'; status: 'wrong_number' | 'third_party' | 'workplace' | 'do_not_call' }
  | { code: 'phone_daily_cap'; cap: number }
  | { code: 'debtor_daily_cap'; cap: number }
  | { code: 'state_daily_cap'; uf: Uf; cap: number }
  | { code: 'prescribed' }
  | { code: 'over_indebted' }
  | { code: 'no_open_debt' }
  | { code: 'nao_me_ligue' }
  | { code: 'internal_dnc' };

/** Denials that lift with time; the others are hard stops until someone changes the data. */
const TIMED: ReadonlySet<DenyReason['code']> = new Set(['outside_hours', 'sunday', 'holiday', 'no_window_today', 'phone_daily_cap', 'debtor_daily_cap', 'state_daily_cap']);

export interface ContactInput {
  now: number;
  phone: { e164: string; ddd: string; status: 'valid' | 'wrong_number' | 'third_party' | 'workplace' | 'do_not_call' };
  address: { uf: Uf; city: string | null } | null;
  holds: { prescribed: boolean; overIndebted: boolean; noOpenDebt: boolean };
  /** Attempts already made today (the debtor's local day) to this phone and to this debtor. */
  attemptsToday: { phone: number; debtor: number };
  limits: { perPhonePerDay: number; perDebtorPerDay: number };
  lists: { internalDnc: boolean; naoMeLigue: boolean };
}

export interface ContactDecision {
  allow: boolean;
  reasons: DenyReason[];
  /** When only timed reasons deny: the first instant they all lift. Null when allowed or for a hard stop. */
  retryAt: number | null;
}

interface Place {
  uf: Uf;
  offset: number;
}

/** Where the debtor is, for the clock: the phone's DDD state and the address's, each in its own time zone. */
export function placesOf(input: Pick<ContactInput, 'phone' | 'address'>): Place[] {
  const places: Place[] = [];
  const phoneUf = DDD_UF[input.phone.ddd];
  if (phoneUf) places.push({ uf: phoneUf, offset: UF_UTC_OFFSET[phoneUf] });
  if (input.address) {
    const noronha = input.address.uf === 'PE' && /noronha/i.test(input.address.city ?? '');
    const offset = noronha ? NORONHA_UTC_OFFSET : UF_UTC_OFFSET[input.address.uf];
    if (!places.some((p) => p.uf === input.address!.uf && p.offset === offset)) places.push({ uf: input.address.uf, offset });
  }
  return places;
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Why this place is closed at `at`, or null when it is open. */
function closedReason(rules: ContactRules, place: Place, at: number): DenyReason | null {
  const local = localTime(at, place.offset);
  if (local.weekday === 0) return { code: 'sunday', uf: place.uf };
  const holiday = nationalHoliday(local.date) ?? rules.stateHolidays[place.uf]?.[local.date.slice(5)] ?? null;
  if (holiday) return { code: 'holiday', uf: place.uf, name: holiday };
  const window = rules.windows[place.uf] ?? rules.defaultWindow;
  const span = local.weekday === 6 ? window.saturday : window.weekdays;
  if (!span) return { code: 'no_window_today', uf: place.uf };
  if (local.minutes < minutesOf(span[0]) || local.minutes >= minutesOf(span[1])) {
    const hh = String(Math.floor(local.minutes / 60)).padStart(2, '0');
    const mm = String(local.minutes % 60).padStart(2, '0');
    return { code: 'outside_hours', uf: place.uf, local: `${hh}:${mm}` };
  }
  return null;
}

/** Epoch ms of local midnight of the day after `at` at this place. */
function nextLocalMidnight(place: Place, at: number): number {
  const local = localTime(at, place.offset);
  return Date.parse(`${local.date}T00:00:00Z`) + 86_400_000 - place.offset * 3_600_000;
}

/** The first instant ≥ `from` at which this place is open (searches two weeks). */
function nextOpen(rules: ContactRules, place: Place, from: number): number {
  let t = from;
  for (let day = 0; day < 15; day++) {
    const local = localTime(t, place.offset);
    const closed = closedReason(rules, place, t);
    if (!closed) return t;
    if (closed.code === 'outside_hours') {
      const window = rules.windows[place.uf] ?? rules.defaultWindow;
      const span = (local.weekday === 6 ? window.saturday : window.weekdays)!;
      if (local.minutes < minutesOf(span[0])) return t + (minutesOf(span[0]) - local.minutes) * 60_000 - (t % 60_000);
    }
    t = nextLocalMidnight(place, t);
  }
  return Infinity;
}

export function checkContact(input: ContactInput, rules: ContactRules = DEFAULT_CONTACT_RULES): ContactDecision {
  const reasons: DenyReason[] = [];
  const { holds, lists, phone } = input;
  if (holds.prescribed) reasons.push({ code: 'prescribed' });
  if (holds.overIndebted) reasons.push({ code: 'over_indebted' });
  if (holds.noOpenDebt) reasons.push({ code: 'no_open_debt' });
  if (phone.status !== 'valid') reasons.push({ code: 'phone_flag', status: phone.status });
  if (lists.internalDnc) reasons.push({ code: 'internal_dnc' });
  // SP "Não Me Ligue" covers collection calls to registered numbers with SP DDDs only
  if (lists.naoMeLigue && DDD_UF[phone.ddd] === 'SP') reasons.push({ code: 'nao_me_ligue' });

  const places = placesOf(input);
  for (const place of places) {
    const closed = closedReason(rules, place, input.now);
    if (closed) reasons.push(closed);
  }
  if (input.attemptsToday.phone >= input.limits.perPhonePerDay) reasons.push({ code: 'phone_daily_cap', cap: input.limits.perPhonePerDay });
  if (input.attemptsToday.debtor >= input.limits.perDebtorPerDay) reasons.push({ code: 'debtor_daily_cap', cap: input.limits.perDebtorPerDay });
  for (const place of places) {
    const cap = rules.callsPerDayByUf[place.uf];
    if (cap !== undefined && input.attemptsToday.debtor >= cap) reasons.push({ code: 'state_daily_cap', uf: place.uf, cap });
  }

  if (reasons.length === 0) return { allow: true, reasons, retryAt: null };
  if (!reasons.every((r) => TIMED.has(r.code))) return { allow: false, reasons, retryAt: null };
  // the caps lift at the next local midnight (the earliest of the places' midnights is too early for the
  // latest-zone place, so take the latest); then every place must be open at once
  const capped = reasons.some((r) => r.code.endsWith('daily_cap'));
  let t = capped ? Math.max(...places.map((p) => nextLocalMidnight(p, input.now))) : input.now;
  for (let i = 0; i < 30; i++) {
    const next = Math.max(...places.map((p) => nextOpen(rules, p, t)));
    if (next === t || !Number.isFinite(next)) return { allow: false, reasons, retryAt: Number.isFinite(next) ? next : null };
    t = next;
  }
  return { allow: false, reasons, retryAt: null };
}
