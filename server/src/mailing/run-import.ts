import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { err, ok, type Result } from '../../../shared/result';
import { CsvParser, detectDelimiter, detectEncoding, type CsvRecord, type TextEncodingName } from '../domain/mailing/csv';
import { readLines, readPacked, type ReadLinesOptions } from './read-lines';
import { autoMapping, resolveColumns, type ImportMode, type LayoutMapping } from '../domain/mailing/layout';
import type { Clock } from '../ports/clock';
import type { FilePreview, ImportCounts, ImportProgress } from '../../../shared/mailing';
import type { MailingStore } from '../ports/mailing';

export interface ImportRequest {
  filePath: string;
  /** The name the admin uploaded (shown in history and on the timeline). */
  fileName?: string;
  campaignId: number;
  mode: ImportMode;
  encoding?: TextEncodingName | 'auto';
  delimiter?: ';' | ',' | '\t' | 'auto';
  /** Explicit mapping, else the saved layout `layoutName`, else the canonical headers and aliases. */
  mapping?: LayoutMapping;
  layoutName?: string;
  saveLayoutAs?: string;
  /** The same file was already imported into this campaign: go on only when the admin confirms. */
  confirmDuplicate?: boolean;
  userId?: number | null;
  /** The bundled parse worker (dist/server/parse-worker.js): bulk loads then parse on another thread. */
  parseWorkerPath?: string;
}

export type { ImportProgress };

export interface ImportOutcome {
  importId: number;
  counts: ImportCounts;
  encoding: TextEncodingName;
  delimiter: string;
  seconds: number;
  /** Of which the commit: the last chunk, indexes built at the end, the commit and its WAL checkpoint. */
  commitSeconds: number;
}

const CHUNK_BYTES = 1 << 20;
const SAMPLE_BYTES = 64 * 1024;

/** First bytes of a file: for detection and the admin's preview. */
export async function readSample(filePath: string, bytes = SAMPLE_BYTES): Promise<Uint8Array> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}


/** What the admin sees before importing: detected format, header, first rows as parsed, suggested mapping. */
export function previewSample(sample: Uint8Array, options: { encoding?: TextEncodingName | 'auto'; delimiter?: ';' | ',' | '\t' | 'auto'; rows?: number } = {}): Result<FilePreview> {
  const encoding = !options.encoding || options.encoding === 'auto' ? detectEncoding(sample) : options.encoding;
  const text = new TextDecoder(encoding).decode(sample).replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const delimiter = !options.delimiter || options.delimiter === 'auto' ? detectDelimiter(firstLine) : options.delimiter;
  const parser = new CsvParser(delimiter);
  const records: CsvRecord[] = [];
  parser.push(text, records); // the sample's cut-off last line stays unparsed: it is incomplete
  const [header, ...rows] = records;
  if (!header || header.fields.every((f) => f.trim() === '')) return err('bad_request', 'arquivo vazio: nenhum cabeçalho encontrado');
  const headers = header.fields.map((h) => h.trim());
  return ok({ encoding, delimiter, header: headers, rows: rows.slice(0, options.rows ?? 10).map((r) => ({ line: r.line, fields: r.fields })), suggested: autoMapping(headers) });
}

async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(filePath, { highWaterMark: CHUNK_BYTES })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Imports one mailing file as a unit: streamed (memory does not grow with the file), every line validated,
 * rejected lines stored with line, column, value and reason; committed whole or not at all.
 */
export async function runImport(
  store: MailingStore,
  clock: Clock,
  request: ImportRequest,
  onProgress: (p: ImportProgress) => void = () => undefined,
): Promise<Result<ImportOutcome>> {
  const startedAt = clock.now();
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(request.filePath);
  } catch {
    return err('not_found', `arquivo não encontrado: ${request.filePath}`);
  }
  const campaign = await store.findCampaign(request.campaignId);
  if (!campaign) return err('not_found', `campanha ${request.campaignId} não existe`);

  const saved = request.layoutName ? await store.getLayout(request.layoutName) : null;
  if (request.layoutName && !saved) return err('not_found', `layout "${request.layoutName}" não existe`);
  const preview = previewSample(await readSample(request.filePath), {
    encoding: request.encoding ?? saved?.encoding ?? 'auto',
    delimiter: request.delimiter ?? (saved?.delimiter as ';' | ',' | '\t' | null) ?? 'auto',
    rows: 0,
  });
  if (!preview.ok) return preview;
  const { encoding, delimiter, header } = preview.data;
  const mapping = request.mapping ?? saved?.mapping ?? preview.data.suggested;
  const resolved = resolveColumns(header, mapping, request.mode);
  if (!resolved.ok) return err('bad_request', resolved.message);

  const fileSha256 = await sha256OfFile(request.filePath);
  const previous = await store.findCompletedImport(fileSha256, request.campaignId);
  if (previous && !request.confirmDuplicate) {
    return err('conflict', `este arquivo já foi importado nesta campanha (importação #${previous.id}); confirme para importar de novo`);
  }
  if (request.saveLayoutAs) await store.saveLayout({ name: request.saveLayoutAs, mapping, encoding, delimiter }, request.userId ?? null, startedAt);

  const writer = await store.beginImport({
    campaignId: request.campaignId, mode: request.mode, fileName: request.fileName ?? path.basename(request.filePath),
    fileSha256, fileBytes: stat.size, encoding, delimiter, header, userId: request.userId ?? null, startedAt,
  });
  onProgress({ importId: writer.importId, bytesRead: 0, bytesTotal: stat.size, rows: 0, rejected: 0, rowsPerSecond: 0, finishing: false });
  const reading: ReadLinesOptions = { filePath: request.filePath, encoding, delimiter, header, columns: resolved.columns, mode: request.mode };
  let rows = 0;
  let bytesRead = 0;
  let lastProgress = 0;
  const rate = (lines: number, now: number) => Math.round(lines / Math.max(0.001, (now - startedAt) / 1000));

  try {
    let headerSeen = false;
    let rejected = 0;
    const { writePacked } = writer;
    const batches = writePacked ? readPacked(reading, request.parseWorkerPath) : readLines(reading);
    for await (const batch of batches) {
      ({ rows, bytesRead, headerSeen, rejected } = batch);
      await ('packed' in batch ? writePacked!(batch.packed) : writer.writeBatch(batch.items));
      const now = clock.now();
      if (now - lastProgress >= 200) {
        lastProgress = now;
        onProgress({ importId: writer.importId, bytesRead, bytesTotal: stat.size, rows, rejected, rowsPerSecond: rate(rows, now), finishing: false });
      }
    }
    if (!headerSeen) throw new Error('arquivo vazio');
    const commitStartedAt = clock.now();
    onProgress({ importId: writer.importId, bytesRead, bytesTotal: stat.size, rows, rejected, rowsPerSecond: rate(rows, commitStartedAt), finishing: true });
    const counts = await writer.commit(rows, commitStartedAt);
    const finishedAt = clock.now();
    onProgress({ importId: writer.importId, bytesRead, bytesTotal: stat.size, rows, rejected: counts.rowsRejected, rowsPerSecond: rate(rows, finishedAt), finishing: true });
    // the commit writes the last chunk and the deferred index: it counts
    return ok({ importId: writer.importId, counts, encoding, delimiter, seconds: (finishedAt - startedAt) / 1000, commitSeconds: (finishedAt - commitStartedAt) / 1000 });
  } catch (e) {
    const message = (e as Error).message;
    await writer.rollback(message, clock.now());
    return err('internal', `importação #${writer.importId} falhou e nada foi gravado: ${message}`);
  }
}
