import type { RowProblem } from '../../../../shared/mailing';
import type { MailingRow } from './row';

/**
 * Validated lines packed for the bulk load: one string holding every value end to end and the offset where
 * each value ends. The parse worker builds it; the writing thread reads values by index (a slice each), so
 * it parses nothing and allocates no object a line, and the offsets travel as a transferred buffer.
 * Values never need escaping (offsets, not separators). Absent values (null) are '': none of them can be ''
 * when present (validation turns empty values into null).
 *
 * A record is, by its first value:
 * - 'R' (rejected by validation): line, fields as JSON, problems as JSON;
 * - 'A' (accepted): the values at the offsets of ACCEPTED below, then 3 values a phone (e164, ddd, kind),
 *   then the line's fields one a value. Only the few lines stored as rejections need the fields as JSON
 *   (acceptedFieldsJson): stringifying every line cost the parse worker ~1.5 µs a line.
 */
export interface PackedLines {
  text: string;
  ends: Int32Array;
}

/** Offsets of an accepted record's values from its 'A'. */
export const ACCEPTED = {
  line: 1, document: 2, documentKind: 3, name: 4, birthDate: 5,
  number: 6, product: 7, amountCents: 8, dueDate: 9,
  email: 10, street: 11, district: 12, city: 13, uf: 14, zip: 15,
  warnings: 16, phoneCount: 17, fieldCount: 18, phones: 19,
} as const;

type ParsedLine =
  | { line: number; fields: string[]; row: MailingRow; warnings: RowProblem[] }
  | { line: number; fields: string[]; row: null; problems: RowProblem[] };

export function packLines(items: readonly ParsedLine[]): PackedLines {
  const values: string[] = [];
  for (const item of items) {
    if (item.row === null) {
      values.push('R', String(item.line), JSON.stringify(item.fields), JSON.stringify(item.problems));
      continue;
    }
    const { row } = item;
    const c = row.contract!;
    const a = row.address;
    values.push(
      'A', String(item.line), row.document, row.documentKind, row.name, row.birthDate ?? '',
      c.number, c.product, String(c.amountCents), c.dueDate,
      row.email ?? '', a?.street ?? '', a?.district ?? '', a?.city ?? '', a?.uf ?? '', a?.zip ?? '',
      item.warnings.length ? JSON.stringify(item.warnings) : '', String(row.phones.length), String(item.fields.length),
    );
    for (const p of row.phones) values.push(p.e164, p.ddd, p.kind);
    for (const f of item.fields) values.push(f);
  }
  const ends = new Int32Array(values.length);
  let end = 0;
  for (let i = 0; i < values.length; i++) ends[i] = end += values[i]!.length;
  return { text: values.join(''), ends };
}

/** The i-th value of a packed batch. */
export function packedValue(p: PackedLines, i: number): string {
  return p.text.slice(i === 0 ? 0 : p.ends[i - 1], p.ends[i]);
}

/** Index of the first field of the accepted record starting at i. */
function firstField(p: PackedLines, i: number): number {
  return i + ACCEPTED.phones + 3 * Number(packedValue(p, i + ACCEPTED.phoneCount));
}

/** The fields of the accepted record starting at i, as JSON (as a rejected record holds them). */
export function acceptedFieldsJson(p: PackedLines, i: number): string {
  const first = firstField(p, i);
  const fields: string[] = [];
  for (let k = first; k < first + Number(packedValue(p, i + ACCEPTED.fieldCount)); k++) fields.push(packedValue(p, k));
  return JSON.stringify(fields);
}

/** Index of the record after the one starting at i. */
export function nextRecord(p: PackedLines, i: number): number {
  return packedValue(p, i) === 'R' ? i + 4 : firstField(p, i) + Number(packedValue(p, i + ACCEPTED.fieldCount));
}
