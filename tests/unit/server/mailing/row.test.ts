import { describe, expect, it } from 'vitest';
import { autoMapping, resolveColumns, type ResolvedColumns } from '../../../../server/src/domain/mailing/layout';
import { validateRow } from '../../../../server/src/domain/mailing/row';

const headers = ['CPF', 'Nome do Cliente', 'Nº Contrato', 'Valor', 'Data Vencimento', 'Fone 1', 'Celular2', 'E-mail', 'Endereço', 'Cidade', 'UF'];
const resolve = (mode: 'new' | 'remove' = 'new'): ResolvedColumns => {
  const r = resolveColumns(headers, autoMapping(headers), mode);
  if (!r.ok) throw new Error(r.message);
  return r.columns;
};
const line = (over: Partial<Record<number, string>> = {}) => {
  const base = ['529.982.247-25', '  Maria   da Silva ', 'CT-1', '1.234,56', '10/01/2024', '(11) 98765-4321', '11 8765-4321', 'MARIA@EXEMPLO.COM.BR', 'Rua A, 1', 'São Paulo', 'sp'];
  return base.map((v, i) => over[i] ?? v);
};

describe('layouts', () => {
  it('maps the usual header spellings automatically', () => {
    expect(autoMapping(headers)).toEqual({
      fields: { documento: 'CPF', nome: 'Nome do Cliente', contrato: 'Nº Contrato', valor: 'Valor', vencimento: 'Data Vencimento', email: 'E-mail', logradouro: 'Endereço', cidade: 'Cidade', uf: 'UF' },
      phones: ['Fone 1', 'Celular2'],
    });
  });
  it('names the missing required columns', () => {
    const r = resolveColumns(['cpf', 'telefone1'], autoMapping(['cpf', 'telefone1']), 'new');
    expect(r).toEqual({ ok: false, message: 'colunas obrigatórias ausentes: nome, contrato, valor, vencimento' });
    expect(resolveColumns(['cpf'], autoMapping(['cpf']), 'remove').ok).toBe(true);
  });
  it('refuses a saved layout whose headers are not in the file', () => {
    const r = resolveColumns(['a'], { fields: { documento: 'CPF_CLIENTE' }, phones: [] }, 'remove');
    expect(r).toEqual({ ok: false, message: 'colunas do layout não encontradas no arquivo: CPF_CLIENTE' });
  });
});

describe('validateRow', () => {
  it('normalises a good line: CPF digits, cleaned name, centavos, ISO date, E.164 phones with the 9th digit', () => {
    const r = validateRow(2, line(), headers, resolve(), 'new');
    expect(r).toEqual({
      ok: true,
      warnings: [],
      row: {
        line: 2, documentKind: 'cpf', document: '52998224725', name: 'Maria da Silva', birthDate: null,
        contract: { number: 'CT-1', product: 'não informado', amountCents: 123456, dueDate: '2024-01-10' },
        phones: [
          { e164: '+5511987654321', ddd: '11', uf: 'SP', kind: 'mobile' },
        ],
        email: 'maria@exemplo.com.br',
        address: { street: 'Rua A, 1', district: null, city: 'São Paulo', uf: 'SP', zip: null },
      },
    });
  });
  it('merges duplicate phones within a line (old 8-digit mobile = same number)', () => {
    const r = validateRow(2, line({ 5: '(11) 98765-4321', 6: '11 8765-4321' }), headers, resolve(), 'new');
    expect(r.ok && r.row.phones.map((p) => p.e164)).toEqual(['+5511987654321']);
    const two = validateRow(2, line({ 6: '(21) 3456-7890' }), headers, resolve(), 'new');
    expect(two.ok && two.row.phones.map((p) => p.e164)).toEqual(['+5511987654321', '+552134567890']);
  });
  it('restores leading zeros that spreadsheets drop from CPFs', () => {
    const r = validateRow(2, line({ 0: '1234567890' }), headers, resolve(), 'new'); // 012.345.678-90
    expect(r.ok && r.row.document).toBe('01234567890');
  });
  it('accepts CNPJs, alphanumeric ones included', () => {
    const r = validateRow(2, line({ 0: '12.ABC.345/01DE-35' }), headers, resolve(), 'new');
    expect(r.ok && [r.row.documentKind, r.row.document]).toEqual(['cnpj', '12ABC34501DE35']);
  });
  it('rejects with every problem, each naming column, value and reason in Portuguese', () => {
    const r = validateRow(7, line({ 0: '529.982.247-24', 3: 'mil', 4: '31/02/2024', 10: 'XX' }), headers, resolve(), 'new');
    expect(r).toEqual({
      ok: false,
      problems: [
        { column: 'CPF', value: '529.982.247-24', reason: 'CPF inválido (dígitos verificadores não conferem)' },
        { column: 'Valor', value: 'mil', reason: 'valor inválido (use 1.234,56 ou 1234.56)' },
        { column: 'Data Vencimento', value: '31/02/2024', reason: 'data de vencimento inválida (use dd/mm/aaaa ou aaaa-mm-dd)' },
        { column: 'UF', value: 'XX', reason: 'UF inexistente' },
      ],
    });
  });
  it('imports a line with a bad phone but reports the phone as a warning', () => {
    const r = validateRow(3, line({ 6: '(20) 98765-4321' }), headers, resolve(), 'new');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.row.phones.map((p) => p.e164)).toEqual(['+5511987654321']);
    expect(r.warnings).toEqual([{ column: 'Celular2', value: '(20) 98765-4321', reason: 'DDD inexistente' }]);
  });
  it('refuses a zero amount and an empty name', () => {
    const r = validateRow(4, line({ 1: ' ', 3: '0,00' }), headers, resolve(), 'new');
    expect(r.ok ? [] : r.problems.map((p) => p.reason)).toEqual(['nome vazio', 'valor deve ser maior que zero']);
  });
  it('in removal mode needs only a valid document', () => {
    const r = validateRow(2, line(), headers, resolve('remove'), 'remove');
    expect(r.ok && [r.row.document, r.row.contract?.number]).toEqual(['52998224725', 'CT-1']);
  });
});
