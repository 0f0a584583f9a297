import fs from 'node:fs';
import { CsvParser, type CsvRecord, type TextEncodingName } from '../domain/mailing/csv';
import type { ImportMode, ResolvedColumns } from '../domain/mailing/layout';
import { CSV_ERROR_REASON, validateRow } from '../domain/mailing/row';
import type { MailingBatchItem } from '../ports/mailing';

/** What reading a file needs: the format and layout the importer settled on. */
export interface ReadLinesOptions {
  filePath: string;
  encoding: TextEncodingName;
  delimiter: string;
  header: string[];
  columns: ResolvedColumns;
  mode: ImportMode;
}

/** One chunk of the file, parsed and validated. */
export interface LineBatch {
  items: MailingBatchItem[];
  bytesRead: number;
  /** Data lines so far (the header excluded) and, of those, rejected by validation. */
  rows: number;
  rejected: number;
  headerSeen: boolean;
}

/** Small reads keep each batch's lines short-lived: the garbage collector frees them young, memory stays flat. */
const READ_BYTES = 256 * 1024;

/**
 * Reads, decodes, parses and validates a mailing file in 256 KB chunks (memory does not grow with the
 * file).
 */
export async function* readLines(options: ReadLinesOptions): AsyncGenerator<LineBatch> {
  const { header, columns, mode } = options;
  const expectedFields = header.length;
  let rows = 0;
  let rejected = 0;
  let bytesRead = 0;
  let headerSeen = false;

  const toItems = (records: CsvRecord[]): MailingBatchItem[] => {
    const items: MailingBatchItem[] = [];
    for (const record of records) {
      if (!headerSeen) {
        headerSeen = true;
        continue;
      }
      rows++;
      let item: MailingBatchItem;
      if (record.error) {
        item = { line: record.line, fields: record.fields, row: null, problems: [{ column: '(linha)', value: '', reason: CSV_ERROR_REASON[record.error] }] };
      } else if (record.fields.length !== expectedFields && !(record.fields.length > expectedFields && record.fields.slice(expectedFields).every((f) => f === ''))) {
        item = { line: record.line, fields: record.fields, row: null, problems: [{ column: '(linha)', value: String(record.fields.length), reason: `quantidade de colunas diferente do cabeçalho (esperado ${expectedFields}, encontrado ${record.fields.length})` }] };
      } else {
        const result = validateRow(record.line, record.fields, header, columns, mode);
        item = result.ok
          ? { line: record.line, fields: record.fields, row: result.row, warnings: result.warnings }
          : { line: record.line, fields: record.fields, row: null, problems: result.problems };
      }
      if (item.row === null) rejected++;
      items.push(item);
    }
    return items;
  };

  const parser = new CsvParser(options.delimiter);
  const decoder = new TextDecoder(options.encoding, { ignoreBOM: false });
  const records: CsvRecord[] = [];
  for await (const chunk of fs.createReadStream(options.filePath, { highWaterMark: READ_BYTES })) {
    const bytes = chunk as Buffer;
    bytesRead += bytes.length;
    parser.push(decoder.decode(bytes, { stream: true }), records);
    const items = toItems(records.splice(0));
    yield { items, bytesRead, rows, rejected, headerSeen };
  }
  parser.push(decoder.decode(), records);
  parser.end(records);
  const items = toItems(records.splice(0));
  yield { items, bytesRead, rows, rejected, headerSeen };
}
