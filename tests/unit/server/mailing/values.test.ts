import { describe, expect, it } from 'vitest';
import { cleanText, parseAmountCents, parseDate } from '../../../../server/src/domain/mailing/values';

describe('parseAmountCents', () => {
  it.each([
    ['1.234,56', 123456], ['1234,56', 123456], ['1234.56', 123456], ['1,234.56', 123456], ['R$ 1.234,56', 123456],
    ['1.234', 123400], ['12', 1200], ['0,5', 50], ['10.5', 1050], ['1.000.000,00', 100000000], [' 99,90 ', 9990],
  ])('%s → %i centavos', (input, cents) => expect(parseAmountCents(input)).toBe(cents));
  it.each(['', 'mil reais', '1,234', '12,345', '1.23.4', '1.234,567', '-5', '1e3', '12.345.67', '1 234,56', '99999999999999'])('rejects %s', (input) =>
    expect(parseAmountCents(input)).toBeNull());
});

describe('parseDate', () => {
  it.each([['31/12/2024', '2024-12-31'], ['2024-02-29', '2024-02-29'], ['29/02/2000', '2000-02-29'], [' 01/01/2025 ', '2025-01-01']])('%s → %s', (input, iso) =>
    expect(parseDate(input)).toBe(iso));
  it.each(['31/02/2024', '29/02/2023', '29/02/1900', '2024-13-01', '00/01/2024', '1/1/2024', '2024/01/01', '01-01-2024', '', '31/12/1899'])('rejects %s', (input) =>
    expect(parseDate(input)).toBeNull());
});

/** The regex versions the hand-written parsers replaced (for speed): every input must get the same answer. */
const reference = {
  parseAmountCents(input: string): number | null {
    const s = input.trim().replace(/^R\$\s*/i, '');
    let integer: string;
    let decimals = '';
    if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) [integer, decimals = ''] = s.replace(/\./g, '').split(',') as [string, string?];
    else if (/^\d+(,\d{1,2})?$/.test(s)) [integer, decimals = ''] = s.split(',') as [string, string?];
    else if (/^\d+\.\d{1,2}$/.test(s)) [integer, decimals = ''] = s.split('.') as [string, string?];
    else if (/^\d{1,3}(,\d{3})+\.\d{1,2}$/.test(s)) [integer, decimals = ''] = s.replace(/,/g, '').split('.') as [string, string?];
    else return null;
    if (integer.length > 13) return null;
    return Number(integer) * 100 + Number(decimals.padEnd(2, '0'));
  },
  parseDate(input: string): string | null {
    const s = input.trim();
    let y: number, m: number, d: number;
    let match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
    if (match) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    else return null;
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
    const daysInMonth = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
    if (d > daysInMonth) return null;
    return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  },
  cleanText: (input: string) => input.replace(/\s+/g, ' ').trim(),
};

describe('the hand-written parsers answer as the regex ones', () => {
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const text = (alphabet: string[], maxLength: number) => Array.from({ length: Math.floor(random() * (maxLength + 1)) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  const chars = (s: string) => [...s];

  it('parseAmountCents', () => {
    const alphabet = chars('0123456789012345678901234567890123456789.,.,., R$r-a');
    for (let k = 0; k < 200_000; k++) {
      const input = text(alphabet, 18);
      expect(parseAmountCents(input), input).toBe(reference.parseAmountCents(input));
    }
    for (let cents = 0; cents < 2_000_000; cents += 997) {
      const reais = String(Math.floor(cents / 100));
      const dec = String(cents % 100).padStart(2, '0');
      for (const input of [`${reais.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${dec}`, `${reais.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`, `${reais}.${dec[0]}`, reais])
        expect(parseAmountCents(input), input).toBe(reference.parseAmountCents(input));
    }
  });

  it('parseDate', () => {
    const alphabet = chars('0123456789012345678901234567890123456789/-/- x');
    for (let k = 0; k < 200_000; k++) {
      const input = text(alphabet, 12);
      expect(parseDate(input), input).toBe(reference.parseDate(input));
    }
    for (let day = 0; day < 80_000; day += 7) {
      const date = new Date(Date.UTC(1890, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      for (const input of [date, `${date.slice(8)}/${date.slice(5, 7)}/${date.slice(0, 4)}`, `${date.slice(0, 8)}3${date[9]}`])
        expect(parseDate(input), input).toBe(reference.parseDate(input));
    }
  });

  it('cleanText, with every kind of white space', () => {
    const spaces = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter((c) => /\s/.test(c));
    const alphabet = [...spaces, ...chars('aé ç  Z.\u0085\u200b')];
    for (let k = 0; k < 100_000; k++) {
      const input = text(alphabet, 8);
      expect(cleanText(input), JSON.stringify(input)).toBe(reference.cleanText(input));
    }
    for (let c = 0; c < 0x10000; c++) {
      const input = `a${String.fromCharCode(c)}b`;
      expect(cleanText(input), String(c)).toBe(reference.cleanText(input));
    }
  });
});
