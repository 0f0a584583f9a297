/**
 * Strict parsers for the values found in creditors' exports. Money becomes integer centavos by integer
 * arithmetic on its digits (never a float); dates become ISO "yyyy-mm-dd" only when they exist in the calendar.
 */

const DOT = 46;
const COMMA = 44;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * Centavos, or null when the text is not an unambiguous amount: 1.234,56 · 1.234 · 1234,56 · 1234 ·
 * 1234.56 · 1,234.56. Read in one pass over the characters, without regex, split or replace: it runs on
 * every line of an import, where those cost more than the rest of the amount's checks.
 */
export function parseAmountCents(input: string): number | null {
  let s = input.trim();
  if (s.startsWith('R') || s.startsWith('r')) s = s.replace(/^R\$\s*/i, '');
  const n = s.length;
  // only digits and separators
  let separators = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === DOT || c === COMMA) {
      if (separators++ === 0) first = i;
      last = i;
    } else if (!isDigit(c)) return null;
  }
  // the last separator is the decimal one when 1 or 2 digits follow it; the others group thousands
  const decimals = separators > 0 && n - last <= 3 ? n - last - 1 : 0;
  const integerEnd = decimals ? last : n;
  const groups = decimals ? separators - 1 : separators;
  if (integerEnd === 0) return null;
  if (groups > 0) {
    // 1 to 3 digits, then the same separator before every 3 digits; pt-BR groups with dots and may have
    // decimals after a comma, US groups with commas and has decimals after a dot
    const group = s.charCodeAt(first);
    if (first < 1 || first > 3 || integerEnd - first !== 4 * groups) return null;
    for (let k = 1; k < groups; k++) if (s.charCodeAt(first + 4 * k) !== group) return null;
    if (group === DOT ? decimals > 0 && s.charCodeAt(last) !== COMMA : !decimals || s.charCodeAt(last) !== DOT) return null;
  }
  if (integerEnd - groups > 13) return null; // beyond any debt and beyond safe integers
  let integer = 0;
  for (let i = 0; i < integerEnd; i++) if (isDigit(s.charCodeAt(i))) integer = integer * 10 + s.charCodeAt(i) - 48;
  return integer * 100 + (decimals === 0 ? 0 : (s.charCodeAt(last + 1) - 48) * 10 + (decimals === 2 ? s.charCodeAt(last + 2) - 48 : 0));
}

/** The number written by the digits s[from] to s[to - 1], or -1 when one of them is not a digit. */
function digitsValue(s: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + c - 48;
  }
  return value;
}

/** "dd/mm/aaaa" or "aaaa-mm-dd" → "aaaa-mm-dd"; null for anything else or a day that does not exist. */
export function parseDate(input: string): string | null {
  const s = input.trim();
  if (s.length !== 10) return null;
  const br = s[2] === '/' && s[5] === '/';
  if (!br && !(s[4] === '-' && s[7] === '-')) return null;
  const d = br ? digitsValue(s, 0, 2) : digitsValue(s, 8, 10);
  const m = br ? digitsValue(s, 3, 5) : digitsValue(s, 5, 7);
  const y = br ? digitsValue(s, 6, 10) : digitsValue(s, 0, 4);
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const daysInMonth = m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  if (d > daysInMonth) return null;
  // the digits are already two and four wide
  return br ? `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}` : s;
}

/** JavaScript's \s (and String.prototype.trim's) white space, by character code. */
function isSpace(c: number): boolean {
  if (c < 0xa0) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Collapses spaces; names in exports often come padded or with double spaces. */
export function cleanText(input: string): string {
  // most values have nothing to clean: looking costs less than the regex replace on every line
  const n = input.length;
  let clean = n === 0 || (!isSpace(input.charCodeAt(0)) && !isSpace(input.charCodeAt(n - 1)));
  for (let i = 0; clean && i < n; i++) {
    const c = input.charCodeAt(i);
    if (isSpace(c) && (c !== 32 || isSpace(input.charCodeAt(i + 1)))) clean = false;
  }
  return clean ? input : input.replace(/\s+/g, ' ').trim();
}

const EMAIL = /^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/;
export function isPlausibleEmail(input: string): boolean {
  return input.length <= 254 && EMAIL.test(input);
}
