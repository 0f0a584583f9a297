import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { CsvParser, type CsvRecord, type TextEncodingName } from '../domain/mailing/csv';
import type { ImportMode, ResolvedColumns } from '../domain/mailing/layout';
import { CSV_ERROR_REASON, validateRow } from '../domain/mailing/row';
import { packLines, type PackedLines } from '../domain/mailing/packed-lines';
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

/** The same chunk packed for the bulk load (see packed-lines.ts). */
export type PackedBatch = Omit<LineBatch, 'items'> & { packed: PackedLines };

/** Small reads keep each batch's lines short-lived: the garbage collector frees them young, memory stays flat. */
const READ_BYTES = 256 * 1024;

/**
 * Reads, decodes, parses and validates a mailing file in 256 KB chunks (memory does not grow with the
 * file).
 */
export async function* readLines(options: ReadLinesOptions, readBytes = READ_BYTES): AsyncGenerator<LineBatch> {
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
  for await (const chunk of fs.createReadStream(options.filePath, { highWaterMark: readBytes })) {
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

/**
 * Lines a packed piece: its text stays well under V8's large-object size (128 KB), so it dies in the young
 * generation instead of piling up in the old one until a full collection (measured: +100 MB RSS).
 */
const PACK_LINES = 64;

export function* packInPieces(items: MailingBatchItem[]): Generator<PackedLines> {
  for (let i = 0; i < items.length || i === 0; i += PACK_LINES) yield packLines(items.slice(i, i + PACK_LINES));
}

/**
 * The writing thread acknowledges the parse worker's batches this many at a time (the worker keeps up to
 * twice as many in flight): a postMessage to the worker a batch cost the writing thread ~0.25 ms each
 * under load (4 s a million lines in a CPU profile, 1 s when acknowledged 8 at a time).
 */
export const ACK_EVERY = 32;

/**
 * readLines for the bulk load, packed. With `workerPath` (the bundled parse-worker.js) the reading,
 * parsing and validation run in a worker thread, on the other core; without it (tests running the
 * TypeScript sources), here.
 */
export async function* readPacked(options: ReadLinesOptions, workerPath?: string): AsyncGenerator<PackedBatch> {
  if (!workerPath) {
    for await (const { items, ...progress } of readLines(options)) for (const packed of packInPieces(items)) yield { ...progress, packed };
    return;
  }
  // a capped heap keeps the process's memory bounded; a smaller young generation (8 MB) made the worker
  // collect garbage three times as long and become the bottleneck
  const worker = new Worker(workerPath, { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: 32, maxOldGenerationSizeMb: 32 } });
  const queue: unknown[] = [];
  let wake: (() => void) | null = null;
  const arrive = (m: unknown) => {
    queue.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', arrive);
  worker.on('error', (e) => arrive({ error: e.message }));
  worker.on('exit', (code) => arrive({ error: `leitura do arquivo interrompida (código ${code})` }));
  let taken = 0;
  try {
    for (;;) {
      if (queue.length === 0) await new Promise<void>((r) => (wake = r));
      const m = queue.shift() as PackedBatch | { done: true } | { error: string };
      if ('error' in m) throw new Error(m.error);
      if ('done' in m) return;
      if (++taken === ACK_EVERY) {
        worker.postMessage(taken);
        taken = 0;
      }
      yield m;
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
