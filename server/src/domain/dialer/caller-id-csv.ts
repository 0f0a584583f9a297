import type { LineError } from '../../../../shared/api';
import { normalizePhone } from '../../../../shared/phone';
import { CsvParser, detectDelimiter, type CsvRecord } from '../mailing/csv';
import type { CallerIdRow } from './caller-id';

/** Headers accepted for the caller-ID pool file (Portuguese or English). */
const COLUMNS: Record<keyof Omit<CallerIdRow, 'ddd'>, string[]> = {
  e164: ['numero', 'número', 'number', 'telefone'],
  trunk: ['tronco', 'trunk'],
  attested: ['atestado', 'attested'],
  active: ['ativo', 'active'],
  dailyCap: ['limite_diario', 'limite diário', 'daily_cap'],
  fallback: ['reserva_nacional', 'fallback'],
};


const YES = ['sim', 's', 'yes', 'y', '1', 'true', 'x'];
const NO = ['nao', 'não', 'n', 'no', '0', 'false', ''];

/**
 * Parses an uploaded pool file: one number per line with its trunk, and optionally attested / active /
 * daily cap / national fallback. Every bad line is reported (line, column, value, reason in Portuguese);
 * the good ones are returned. Nothing is written here.
 */
export function parseCallerIdCsv(text: string): { rows: CallerIdRow[]; errors: LineError[] } {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const parser = new CsvParser(detectDelimiter(firstLine));
  const records: CsvRecord[] = [];
  parser.push(body, records);
  parser.end(records);
  const [header, ...lines] = records;
  const errors: LineError[] = [];
  if (!header) return { rows: [], errors: [{ line: 1, column: '-', value: '', reason: 'arquivo vazio' }] };
  const names = header.fields.map((h) => h.trim().toLowerCase());
  const index = Object.fromEntries(Object.entries(COLUMNS).map(([k, aliases]) => [k, names.findIndex((n) => aliases.includes(n))])) as Record<keyof typeof COLUMNS, number>;
  for (const required of ['e164', 'trunk'] as const) {
    if (index[required] < 0) errors.push({ line: header.line, column: COLUMNS[required][0]!, value: '', reason: `coluna obrigatória ausente (${COLUMNS[required].join(' / ')})` });
  }
  if (errors.length) return { rows: [], errors };
  const rows: CallerIdRow[] = [];
  const seen = new Set<string>();
  for (const r of lines) {
    const get = (k: keyof typeof COLUMNS) => (index[k] >= 0 ? (r.fields[index[k]] ?? '').trim() : '');
    const bad = (column: keyof typeof COLUMNS, reason: string) => errors.push({ line: r.line, column: COLUMNS[column][0]!, value: get(column), reason });
    if (r.error) {
      errors.push({ line: r.line, column: '-', value: '', reason: 'linha malformada (aspas)' });
      continue;
    }
    const phone = normalizePhone(get('e164'));
    if (!phone.ok) {
      bad('e164', phone.reason === 'unknown_ddd' ? 'DDD inexistente' : 'número inválido');
      continue;
    }
    if (seen.has(phone.phone.e164)) {
      bad('e164', 'número repetido no arquivo');
      continue;
    }
    const trunk = get('trunk');
    if (!trunk || trunk.length > 60) {
      bad('trunk', 'tronco obrigatório (até 60 caracteres)');
      continue;
    }
    const flag = (k: 'attested' | 'active' | 'fallback', missing: boolean): boolean | null => {
      if (index[k] < 0) return missing;
      const v = get(k).toLowerCase();
      if (YES.includes(v)) return true;
      if (NO.includes(v)) return v === '' ? missing : false;
      bad(k, 'use sim ou não');
      return null;
    };
    const attested = flag('attested', false);
    const active = flag('active', true);
    const fallback = flag('fallback', false);
    const capText = get('dailyCap');
    const dailyCap = capText === '' ? 200 : Number(capText);
    if (!Number.isInteger(dailyCap) || dailyCap < 1 || dailyCap > 100_000) {
      bad('dailyCap', 'limite diário deve ser um inteiro de 1 a 100000');
      continue;
    }
    if (attested === null || active === null || fallback === null) continue;
    seen.add(phone.phone.e164);
    rows.push({ e164: phone.phone.e164, ddd: phone.phone.ddd, trunk, attested, active, dailyCap, fallback });
  }
  return { rows, errors };
}
