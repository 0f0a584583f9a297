import { describe, expect, it } from 'vitest';
import { cnpjCheckDigits, cpfCheckDigits, formatCnpj, formatCpf, isValidCnpj, isValidCpf, maskCnpj, maskCpf, onlyDigits } from '../../../shared/document';

describe('CPF', () => {
  it('accepts valid CPFs, formatted or not', () => {
    expect(isValidCpf('529.982.247-25')).toBe(true);
    expect(isValidCpf('52998224725')).toBe(true);
    expect(isValidCpf('111.444.777-35')).toBe(true);
  });
  it('rejects wrong check digits, repeated digits and wrong lengths', () => {
    expect(isValidCpf('529.982.247-24')).toBe(false);
    expect(isValidCpf('111.111.111-11')).toBe(false);
    expect(isValidCpf('5299822472')).toBe(false);
    expect(isValidCpf('')).toBe(false);
  });
  it('computes check digits, including the "remainder < 2 → 0" rule', () => {
    expect(cpfCheckDigits('529982247')).toBe('25');
    expect(cpfCheckDigits('111444777')).toBe('35');
  });
  it('masks all but the middle digits', () => {
    expect(maskCpf('52998224725')).toBe('***.982.247-**');
    expect(maskCpf('123')).toBe('***');
    expect(formatCpf('52998224725')).toBe('529.982.247-25');
  });
});

describe('CNPJ', () => {
  it('accepts numeric CNPJs', () => {
    expect(isValidCnpj('11.222.333/0001-81')).toBe(true);
    expect(isValidCnpj('11222333000181')).toBe(true);
  });
  it('accepts the alphanumeric form (Receita Federal example 12.ABC.345/01DE-35)', () => {
    expect(cnpjCheckDigits('12ABC34501DE')).toBe('35');
    expect(isValidCnpj('12.ABC.345/01DE-35')).toBe(true);
    expect(isValidCnpj('12abc34501de35')).toBe(true);
  });
  it('rejects wrong digits, letters in the check digits, and repeated characters', () => {
    expect(isValidCnpj('11.222.333/0001-82')).toBe(false);
    expect(isValidCnpj('12ABC34501DE3A')).toBe(false);
    expect(isValidCnpj('00000000000000')).toBe(false);
    expect(isValidCnpj('1122233300018')).toBe(false);
  });
  it('masks', () => {
    expect(maskCnpj('11222333000181')).toBe('**.222.333/0001-**');
  });
  it('formats a stored CNPJ as people read it, numeric or alphanumeric', () => {
    expect(formatCnpj('11222333000181')).toBe('11.222.333/0001-81');
    expect(formatCnpj('12abc34501de35')).toBe('12.ABC.345/01DE-35');
  });
});

describe('onlyDigits and isValidCpf on many inputs', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  it('keeps exactly the digits, as a regex replace would', () => {
    const alphabet = [...'0123456789.-/ (a)\u0660\u00b9'];
    for (let k = 0; k < 50_000; k++) {
      const input = Array.from({ length: Math.floor(random() * 16) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(onlyDigits(input), input).toBe(input.replace(/\D/g, ''));
    }
  });
  it('accepts a CPF exactly when its check digits are right and its digits are not all equal', () => {
    for (let k = 0; k < 50_000; k++) {
      const base = String(Math.floor(random() * 1e9)).padStart(9, '0');
      const right = cpfCheckDigits(base);
      const dv = k % 3 === 0 ? right : String(Math.floor(random() * 100)).padStart(2, '0');
      expect(isValidCpf(base + dv), base + dv).toBe(dv === right);
    }
    for (let d = 0; d <= 9; d++) expect(isValidCpf(String(d).repeat(11))).toBe(false);
  });
});
