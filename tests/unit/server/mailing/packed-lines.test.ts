import { describe, expect, it } from 'vitest';
import { acceptedFieldsJson, ACCEPTED, nextRecord, packedValue, packLines } from '../../../../server/src/domain/mailing/packed-lines';
import type { MailingRow } from '../../../../server/src/domain/mailing/row';

const row = (over: Partial<MailingRow> = {}): MailingRow => ({
  line: 2, documentKind: 'cpf', document: '52998224725', name: 'José da Silva', birthDate: null,
  contract: { number: 'C;1\u0001"x"', product: 'Cartão', amountCents: 123456, dueDate: '2024-01-10' },
  phones: [{ e164: '+5511987654321', ddd: '11', uf: 'SP', kind: 'mobile' }, { e164: '+551133334444', ddd: '11', uf: 'SP', kind: 'fixed' }],
  email: null, address: null, ...over,
});

describe('packed lines (the parse worker hands these to the bulk load)', () => {
  it('keeps every value as it was, whatever characters it holds, and absent values as empty', () => {
    const packed = packLines([
      { line: 2, fields: ['a;b', '', 'ç "q"'], row: row(), warnings: [] },
      { line: 3, fields: ['x'], row: null, problems: [{ column: 'valor', value: '-1', reason: 'valor deve ser maior que zero' }] },
      {
        line: 4, fields: ['y'], warnings: [{ column: 'telefone2', value: '(99) 1', reason: 'DDD inexistente' }],
        row: row({ line: 4, birthDate: '1980-01-01', email: 'a@b.com', phones: [], address: { street: 'Rua A, 1', district: null, city: 'São Paulo', uf: 'SP', zip: '01000000' } }),
      },
    ]);
    const v = (i: number) => packedValue(packed, i);
    // first record: accepted, no birth date, e-mail or address, two phones
    expect([v(0), v(ACCEPTED.line), v(ACCEPTED.name), v(ACCEPTED.birthDate), v(ACCEPTED.number), v(ACCEPTED.amountCents)]).toEqual(['A', '2', 'José da Silva', '', 'C;1\u0001"x"', '123456']);
    expect([v(ACCEPTED.email), v(ACCEPTED.street), v(ACCEPTED.warnings), acceptedFieldsJson(packed, 0)]).toEqual(['', '', '', JSON.stringify(['a;b', '', 'ç "q"'])]);
    expect([v(ACCEPTED.phoneCount), v(ACCEPTED.phones), v(ACCEPTED.phones + 4), v(ACCEPTED.phones + 5)]).toEqual(['2', '+5511987654321', '11', 'fixed']);
    // second: rejected by validation, with its fields and problems as JSON
    const second = nextRecord(packed, 0);
    expect(second).toBe(ACCEPTED.phones + 6 + 3); // two phones, three fields
    expect([v(second), v(second + 1), JSON.parse(v(second + 2)), JSON.parse(v(second + 3))[0].column]).toEqual(['R', '3', ['x'], 'valor']);
    // third: accepted with its warning, address (no district) and no phone
    const third = nextRecord(packed, second);
    expect([v(third), v(third + ACCEPTED.birthDate), v(third + ACCEPTED.email), v(third + ACCEPTED.street), v(third + ACCEPTED.district), v(third + ACCEPTED.zip)]).toEqual(['A', '1980-01-01', 'a@b.com', 'Rua A, 1', '', '01000000']);
    expect(JSON.parse(v(third + ACCEPTED.warnings))).toEqual([{ column: 'telefone2', value: '(99) 1', reason: 'DDD inexistente' }]);
    expect(acceptedFieldsJson(packed, third)).toBe('["y"]');
    expect(nextRecord(packed, third)).toBe(packed.ends.length);
  });
});
