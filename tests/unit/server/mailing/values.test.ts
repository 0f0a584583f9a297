import { describe, expect, it } from 'vitest';
import { parseAmountCents, parseDate } from '../../../../server/src/domain/mailing/values';

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
