import type { ImportCounts, ImportRecord, RejectionRecord, RowProblem, SavedLayout } from '../../../shared/mailing';
import type { PackedLines } from '../domain/mailing/packed-lines';
import type { MailingRow } from '../domain/mailing/row';

/** What the mailing importer needs from storage. Batches keep round trips few for a networked database. */

export type MailingBatchItem =
  | { line: number; fields: string[]; row: MailingRow; warnings: RowProblem[] }
  | { line: number; fields: string[]; row: null; problems: RowProblem[] };

/** What an import knows when it begins: its record without the outcome, plus the file's header. */
export type ImportMeta = Omit<ImportRecord, 'id' | 'campaignName' | 'status' | 'counts' | 'error' | 'finishedAt'> & { header: string[] };

/**
 * One import in progress: everything it writes (rows and rejections) becomes visible at commit, or not
 * at all. Until then the database is as it was before the import.
 */
export interface MailingWriter {
  readonly importId: number;
  writeBatch(items: MailingBatchItem[]): Promise<void>;
  /** Present when the import loads in bulk: the same lines, already packed (by the parse worker). */
  writePacked?: (batch: PackedLines) => Promise<void>;
  commit(rowsTotal: number, finishedAt: number): Promise<ImportCounts>;
  rollback(error: string, finishedAt: number): Promise<void>;
}

export interface MailingStore {
  findCampaign(id: number): Promise<{ id: number; name: string; portfolioId: number } | null>;
  findCompletedImport(fileSha256: string, campaignId: number): Promise<{ id: number; finishedAt: number } | null>;
  beginImport(meta: ImportMeta): Promise<MailingWriter>;
  getImport(id: number): Promise<ImportRecord | null>;
  listImports(limit: number): Promise<ImportRecord[]>;
  header(importId: number): Promise<string[]>;
  rejections(importId: number, offset: number, limit: number): Promise<RejectionRecord[]>;
  /** Imports left 'running' by a crash are marked failed (their data was never committed). */
  failInterruptedImports(now: number): Promise<number>;
  saveLayout(layout: SavedLayout, userId: number | null, now: number): Promise<void>;
  getLayout(name: string): Promise<SavedLayout | null>;
  listLayouts(): Promise<SavedLayout[]>;
}
