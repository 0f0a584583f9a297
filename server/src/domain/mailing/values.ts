/**
 * Strict parsers for the values found in creditors' exports. Money becomes integer centavos by string
 * arithmetic (never a float); dates become ISO "yyyy-mm-dd" only when they exist in the calendar.
 */

const PT_BR_THOUSANDS = /^\d{1,3}(\.\d{3})+(,\d{1,2})?$/; // 1.234,56 · 1.234
const DECIMAL_COMMA = /^\d+(,\d{1,2})?$/; //                 1234,56 · 1234
const DECIMAL_POINT = /^\d+\.\d{1,2}$/; //                    1234.56
const US_THOUSANDS = /^\d{1,3}(,\d{3})+\.\d{1,2}$/; //        1,234.56

/** Centavos, or null when the text is not an unambiguous amount. */
export function parseAmountCents(input: string): number | null {
  const s = input.trim().replace(/^R\$\s*/i, '');
  let integer: string;
  let decimals = '';
  if (PT_BR_THOUSANDS.test(s)) [integer, decimals = ''] = s.replace(/\./g, '').split(',') as [string, string?];
  else if (DECIMAL_COMMA.test(s)) [integer, decimals = ''] = s.split(',') as [string, string?];
  else if (DECIMAL_POINT.test(s)) [integer, decimals = ''] = s.split('.') as [string, string?];
  else if (US_THOUSANDS.test(s)) [integer, decimals = ''] = s.replace(/,/g, '').split('.') as [string, string?];
  else return null;
  if (integer.length > 13) return null; // beyond any debt and beyond safe integers
  return Number(integer) * 100 + Number(decimals.padEnd(2, '0'));
}

const BR_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "dd/mm/aaaa" or "aaaa-mm-dd" → "aaaa-mm-dd"; null for anything else or a day that does not exist. */
export function parseDate(input: string): string | null {
  const s = input.trim();
  let y: number, m: number, d: number;
  let match = BR_DATE.exec(s);
  if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = ISO_DATE.exec(s))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  if (d > daysInMonth) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Collapses spaces; names in exports often come padded or with double spaces. */
export function cleanText(input: string): string {
  return input.replace(/\s+/g, ' ').trim();
}

const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;
export function isPlausibleEmail(input: string): boolean {
  return input.length <= 254 && EMAIL.test(input);
}
