import { describe, expect, it } from 'vitest';
import { dateOfFactor, dueDateFactor, isValidBarcode, itf, makeBoleto, mod10, mod11Boleto, typedLineOf } from '../../../../server/src/domain/billing/boleto';
import { crc16, isValidPixPayload, pixPayload } from '../../../../server/src/domain/billing/pix';

describe('boleto', () => {
  it('due-date factor: 1000 on 03/07/2000, 9999 on 21/02/2025, 1000 again on 22/02/2025 (the wrap)', () => {
    expect(dueDateFactor('2000-07-03')).toBe('1000');
    expect(dueDateFactor('2025-02-21')).toBe('9999');
    expect(dueDateFactor('2025-02-22')).toBe('1000');
    expect(dueDateFactor('2026-11-24')).toBe(String(1000 + 640));
    // decoding picks the date nearest today
    expect(dateOfFactor('1000', '2026-11-23')).toBe('2025-02-22');
    expect(dateOfFactor('9999', '2024-12-01')).toBe('2025-02-21');
  });
  it('check digits against the published examples', () => {
    // FEBRABAN layout example widely used in bank manuals (Banco do Brasil, R$ 1,00, factor 3737)
    const barcode = '00193373700000001000500940144816060680935031';
    expect(isValidBarcode(barcode)).toBe(true);
    expect(typedLineOf(barcode).typedLine).toBe('00190500954014481606906809350314337370000000100');
    expect(mod10('001905009')).toBe(5);
    expect(mod11Boleto(barcode.slice(0, 4) + barcode.slice(5))).toBe(3);
    expect(isValidBarcode(barcode.replace(/1$/, '2'))).toBe(false);
  });
  it('builds a 44-digit barcode and a 47-digit typed line that check out', () => {
    const b = makeBoleto({ bank: '341', dueDate: '2026-12-10', amountCents: 123_456, freeField: '1091234567880057123457000' });
    expect(b.barcode).toHaveLength(44);
    expect(b.barcode.slice(5, 9)).toBe(dueDateFactor('2026-12-10'));
    expect(b.barcode.slice(9, 19)).toBe('0000123456');
    expect(isValidBarcode(b.barcode)).toBe(true);
    expect(b.typedLine).toHaveLength(47);
    expect(b.typedLineFormatted).toMatch(/^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/);
    expect(() => makeBoleto({ bank: '34', dueDate: '2026-12-10', amountCents: 1, freeField: '1'.repeat(25) })).toThrow(/bank/);
  });
  it('ITF: start, 22 digit pairs of 10 elements, stop', () => {
    const bars = itf('00193373700000001000500940144816060680935031');
    expect(bars).toHaveLength(4 + 22 * 10 + 3);
    expect(bars.slice(0, 4)).toBe('nnnn');
    expect(bars.slice(-3)).toBe('wnn');
  });
});

describe('Pix BR Code', () => {
  it('CRC-16/CCITT-FALSE: the check value of "123456789" is 29B1; the BCB manual example ends in 1D3D', () => {
    expect(crc16('123456789')).toBe('29B1');
    const manual = '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***6304';
    expect(crc16(manual)).toBe('1D3D');
    expect(isValidPixPayload(`${manual}1D3D`)).toBe(true);
  });
  it('builds a static payload with amount and txid, names without accents', () => {
    const p = pixPayload({ key: 'cobranca@bancoexemplo.com.br', amountCents: 123_456, merchantName: 'Banco Exemplo S.A.', merchantCity: 'São Paulo', txid: 'ACORDO123' });
    expect(p).toContain('0014br.gov.bcb.pix0128cobranca@bancoexemplo.com.br');
    expect(p).toContain('54071234.56');
    expect(p).toContain('5918BANCO EXEMPLO S.A.6009SAO PAULO');
    expect(p).toContain('62130509ACORDO123');
    expect(isValidPixPayload(p)).toBe(true);
    expect(isValidPixPayload(p.replace('1234.56', '1234.57'))).toBe(false);
  });
  it('a dynamic payload (cobv location) may be paid once', () => {
    const p = pixPayload({ location: 'pix.bancoexemplo.com.br/qr/v2/cobv/9d36b84f', merchantName: 'Banco Exemplo', merchantCity: 'Sao Paulo' });
    expect(p.startsWith('000201010212')).toBe(true);
    expect(isValidPixPayload(p)).toBe(true);
  });
});
