import { describe, expect, it } from 'vitest';
import { centavos, formatBRL } from '../../../shared/money';

describe('money', () => {
  it('formats centavos as pt-BR reais', () => {
    expect(formatBRL(centavos(123456))).toBe('R$ 1.234,56');
    expect(formatBRL(centavos(5))).toBe('R$ 0,05');
    expect(formatBRL(centavos(100000000))).toBe('R$ 1.000.000,00');
    expect(formatBRL(centavos(-1990))).toBe('-R$ 19,90');
  });
  it('refuses fractional centavos', () => {
    expect(() => centavos(10.5)).toThrow(RangeError);
  });
});
