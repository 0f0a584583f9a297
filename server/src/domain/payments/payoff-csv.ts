import type { LineError } from '../../../../shared/api';
import { CsvParser, detectDelimiter, type CsvRecord } from '../mailing/csv';
import { parseAmountCents, parseDate } from '../mailing/values';

export interface PayoffLine {
  line: number;
  paymentId: string;
  document: string;
  contractNumber: string | null;
  amountCents: number;
  paidAt: string;
}

const COLUMNS = {
  paymentId: ['id', 'id_pagamento', 'payment_id'],
  document: ['documento', 'cpf', 'cnpj', 'cpf_cnpj', 'document'],
  contractNumber: ['contrato', 'contract'],
  amountCents: ['valor', 'valor_pago', 'amount'],
  paidAt: ['data', 'data_pagamento', 'paid_at'],
} as const;

/**
 * A payoff file from the creditor (who paid what, when): one payment per line, amounts in reais with a
 * decimal comma or point, dates dd/mm/yyyy or ISO. Bad lines are named; good ones are returned.
 */
export function parsePayoffCsv(text: string): { lines: PayoffLine[]; errors: LineError[] } {
  const body = text.replace(/^\uFEFF/, '');
  const parser = new CsvParser(detectDelimiter(body.split(/\r?\n/, 1)[0] ?? ''));
  const records: CsvRecord[] = [];
  parser.push(body, records);
  parser.end(records);
  const [header, ...rows] = records;
  if (!header) return { lines: [], errors: [{ line: 1, column: '-', value: '', reason: 'arquivo vazio' }] };
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const index = Object.fromEntries(Object.entries(COLUMNS).map(([k, aliases]) => [k, names.findIndex((n) => (aliases as readonly string[]).includes(n))])) as Record<keyof typeof COLUMNS, number>;
  const errors: LineError[] = [];
  for (const required of ['paymentId', 'document', 'amountCents', 'paidAt'] as const) {
    if (index[required] < 0) errors.push({ line: header.line, column: COLUMNS[required][0], value: '', reason: `coluna obrigatória ausente (${COLUMNS[required].join(' / ')})` });
  }
  if (errors.length) return { lines: [], errors };
  const lines: PayoffLine[] = [];
  for (const r of rows) {
    const get = (k: keyof typeof COLUMNS) => (index[k] >= 0 ? (r.fields[index[k]] ?? '').trim() : '');
    const bad = (k: keyof typeof COLUMNS, reason: string) => errors.push({ line: r.line, column: COLUMNS[k][0], value: get(k), reason });
    if (r.error) {
      errors.push({ line: r.line, column: '-', value: '', reason: 'linha malformada (aspas)' });
      continue;
    }
    const amount = parseAmountCents(get('amountCents'));
    const date = parseDate(get('paidAt'));
    if (!get('paymentId')) bad('paymentId', 'id do pagamento obrigatório');
    else if (!get('document')) bad('document', 'CPF/CNPJ obrigatório');
    else if (amount === null || amount <= 0) bad('amountCents', 'valor inválido');
    else if (date === null) bad('paidAt', 'data inválida (use dd/mm/aaaa)');
    else lines.push({ line: r.line, paymentId: get('paymentId'), document: get('document'), contractNumber: get('contractNumber') || null, amountCents: amount, paidAt: date });
  }
  return { lines, errors };
}
