import { DDD_UF, type NormalizedPhone } from '../../../shared/phone';
import type { MailingBatchItem } from '../ports/mailing';

/**
 * Lines cross from the parse worker as flat arrays of strings and numbers (cheap to serialize and to read
 * back) instead of nested objects, whose cloning or JSON parsing cost the importing thread more than
 * the parsing it was spared. Phones travel as E.164 + 'm'/'f' (DDD and UF come from the number).
 */
export type EncodedLine = (string | number | null)[];

export function encodeLine(item: MailingBatchItem): EncodedLine {
  if (item.row === null) return [item.line, item.fieldsJson, JSON.stringify(item.problems)];
  const r = item.row;
  const c = r.contract;
  const a = r.address;
  let phones = '';
  for (const p of r.phones) phones += `${phones ? ' ' : ''}${p.e164}${p.kind === 'mobile' ? 'm' : 'f'}`;
  return [
    item.line, item.fieldsJson, item.warnings.length ? JSON.stringify(item.warnings) : '', r.documentKind, r.document, r.name, r.birthDate,
    c ? c.number : null, c?.product ?? null, c?.amountCents ?? null, c?.dueDate ?? null, phones, r.email,
    a ? a.street : null, a?.district ?? null, a?.city ?? null, a?.uf ?? null, a?.zip ?? null,
  ];
}

export function decodeLine(e: EncodedLine): MailingBatchItem {
  const line = e[0] as number;
  const fieldsJson = e[1] as string;
  if (e.length === 3) return { line, fieldsJson, row: null, problems: JSON.parse(e[2] as string) };
  const phones: NormalizedPhone[] = [];
  if (e[11]) {
    for (const p of (e[11] as string).split(' ')) {
      const e164 = p.slice(0, -1);
      const ddd = e164.slice(3, 5);
      phones.push({ e164, ddd, uf: DDD_UF[ddd]!, kind: p.endsWith('m') ? 'mobile' : 'fixed' });
    }
  }
  return {
    line,
    fieldsJson,
    warnings: e[2] ? JSON.parse(e[2] as string) : [],
    row: {
      line,
      documentKind: e[3] as 'cpf' | 'cnpj',
      document: e[4] as string,
      name: e[5] as string,
      birthDate: e[6] as string | null,
      contract: e[7] === null ? null : { number: e[7] as string, product: e[8] as string, amountCents: e[9] as number, dueDate: e[10] as string },
      phones,
      email: e[12] as string | null,
      address: e[13] === null ? null : { street: e[13] as string, district: e[14] as string | null, city: e[15] as string, uf: e[16] as string, zip: e[17] as string | null },
    },
  };
}
