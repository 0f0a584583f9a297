import { describe, expect, it } from 'vitest';
import { DDD_UF, maskPhone, normalizePhone } from '../../../shared/phone';

describe('normalizePhone', () => {
  it.each([
    ['(11) 98765-4321', '+5511987654321', 'mobile', 'SP'],
    ['11987654321', '+5511987654321', 'mobile', 'SP'],
    ['+55 21 3456-7890', '+552134567890', 'fixed', 'RJ'],
    ['5561987654321', '+5561987654321', 'mobile', 'DF'],
    ['011 98765 4321', '+5511987654321', 'mobile', 'SP'],
    ['0 21 11 98765-4321', '+5511987654321', 'mobile', 'SP'],
    ['(55) 9876-5432', '+5555998765432', 'mobile', 'RS'], // old 8-digit mobile: the 9 is added
    ['55 3222-1100', '+555532221100', 'fixed', 'RS'],
  ])('%s → %s', (input, e164, kind, uf) => {
    const r = normalizePhone(input);
    expect(r).toEqual({ ok: true, phone: { e164, ddd: e164.slice(3, 5), kind, uf } });
  });

  it.each([
    ['', 'empty'],
    ['123', 'length'],
    ['+1 415 555 0100', 'country'],
    ['(20) 98765-4321', 'unknown_ddd'],
    ['(11) 88765-4321', 'subscriber'], // 9 digits must start with 9
    ['(11) 1234-5678', 'subscriber'],
  ])('rejects %s (%s)', (input, reason) => {
    expect(normalizePhone(input)).toEqual({ ok: false, reason });
  });

  it('knows exactly the 67 DDDs in use', () => {
    expect(Object.keys(DDD_UF)).toHaveLength(67);
    for (const unused of ['20', '23', '25', '26', '29', '30', '36', '39', '40', '50', '52', '56', '60', '70', '72', '76', '78', '80', '90']) {
      expect(DDD_UF[unused]).toBeUndefined();
    }
  });

  it('masks all but area code and last four digits', () => {
    expect(maskPhone('+5511987654321')).toBe('(11) *****-4321');
    expect(maskPhone('+552134567890')).toBe('(21) ****-7890');
    expect(maskPhone('garbage')).toBe('***');
  });
});
