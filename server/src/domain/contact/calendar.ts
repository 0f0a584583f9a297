/**
 * Brazilian calendar facts for the contact policy: time zones per UF and the national holidays, fixed and
 * moving (Carnaval, Good Friday, Corpus Christi follow Easter). Pure functions of a date.
 */
import type { Uf } from '../../../../shared/phone';

/** UTC offset in hours. Brazil has had no daylight saving since 2019. */
export const UF_UTC_OFFSET: Readonly<Record<Uf, number>> = {
  AC: -5,
  AM: -4, RO: -4, RR: -4, MT: -4, MS: -4,
  AL: -3, AP: -3, BA: -3, CE: -3, DF: -3, ES: -3, GO: -3, MA: -3, MG: -3, PA: -3, PB: -3, PE: -3, PI: -3,
  PR: -3, RJ: -3, RN: -3, RS: -3, SC: -3, SE: -3, SP: -3, TO: -3,
};
/** Fernando de Noronha (PE, DDD 81) keeps UTC−2: known from the address, not the phone. */
export const NORONHA_UTC_OFFSET = -2;

export interface LocalTime {
  /** "YYYY-MM-DD" in the place's own time. */
  date: string;
  /** 0 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minutes: number;
}

export function localTime(at: number, utcOffsetHours: number): LocalTime {
  const d = new Date(at + utcOffsetHours * 3_600_000);
  return { date: d.toISOString().slice(0, 10), weekday: d.getUTCDay(), minutes: d.getUTCHours() * 60 + d.getUTCMinutes() };
}

/** Easter Sunday (Gregorian, anonymous algorithm) as "YYYY-MM-DD". */
export function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const addDays = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** National fixed holidays (MM-DD), Lei 662/1949 and later laws (20/11 national since Lei 14.759/2023). */
export const NATIONAL_FIXED_HOLIDAYS: Readonly<Record<string, string>> = {
  '01-01': 'Confraternização Universal',
  '04-21': 'Tiradentes',
  '05-01': 'Dia do Trabalho',
  '09-07': 'Independência',
  '10-12': 'Nossa Senhora Aparecida',
  '11-02': 'Finados',
  '11-15': 'Proclamação da República',
  '11-20': 'Dia Nacional de Zumbi e da Consciência Negra',
  '12-25': 'Natal',
};

/** The national holidays that move with Easter, for one year: date → name. */
export function movingHolidays(year: number): Record<string, string> {
  const e = easter(year);
  return {
    [addDays(e, -48)]: 'Carnaval (segunda-feira)',
    [addDays(e, -47)]: 'Carnaval (terça-feira)',
    [addDays(e, -2)]: 'Sexta-feira Santa',
    [addDays(e, 60)]: 'Corpus Christi',
  };
}

/** The name of the national holiday on this date, or null. */
export function nationalHoliday(date: string): string | null {
  return NATIONAL_FIXED_HOLIDAYS[date.slice(5)] ?? movingHolidays(Number(date.slice(0, 4)))[date] ?? null;
}

/** The date `days` business days after `date` (weekends and national holidays skipped). */
export function addBusinessDays(date: string, days: number): string {
  let d = date;
  for (let left = days; left > 0; ) {
    d = addDays(d, 1);
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6 && !nationalHoliday(d)) left--;
  }
  return d;
}
