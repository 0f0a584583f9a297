/** Mailing import contracts shared by the server (REST, socket.io) and the admin console. */

export const IMPORT_MODES = ['new', 'append', 'update', 'remove'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const CANONICAL_FIELDS = [
  'documento', 'nome', 'data_nascimento', 'contrato', 'produto', 'valor', 'vencimento',
  'email', 'logradouro', 'bairro', 'cidade', 'uf', 'cep',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** A saved mapping: canonical field → the file's header; phones lists the file's phone headers in order. */
export interface LayoutMapping {
  fields: Partial<Record<CanonicalField, string>>;
  phones: string[];
}

export type TextEncodingName = 'utf-8' | 'windows-1252';

export interface RowProblem {
  column: string;
  value: string;
  reason: string;
}

export interface ImportCounts {
  rowsTotal: number;
  rowsImported: number;
  rowsRejected: number;
  rowsWithWarnings: number;
  debtorsCreated: number;
  debtorsUpdated: number;
  contractsCreated: number;
  contractsUpdated: number;
  contractsUnchanged: number;
  contractsWithdrawn: number;
  phonesAdded: number;
  membersAdded: number;
  membersRemoved: number;
}

export interface ImportRecord {
  id: number;
  campaignId: number;
  campaignName: string;
  mode: ImportMode;
  fileName: string;
  fileSha256: string;
  fileBytes: number;
  encoding: TextEncodingName;
  delimiter: string;
  userId: number | null;
  startedAt: number;
  status: 'running' | 'completed' | 'failed';
  counts: ImportCounts | null;
  error: string | null;
  finishedAt: number | null;
}

export interface RejectionRecord {
  line: number;
  severity: 'rejected' | 'warning';
  fields: string[];
  reasons: RowProblem[];
}

export interface ImportProgress {
  importId: number;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  rejected: number;
  rowsPerSecond: number;
  /**
   * Every line is read; the import is building the indexes it deferred and committing (seconds at a
   * million lines, more at several: the progress bar would otherwise sit at 100% with no word).
   */
  finishing: boolean;
}

export interface ImportFinished {
  importId: number;
  ok: boolean;
  counts: ImportCounts | null;
  error: string | null;
}

export interface FilePreview {
  encoding: TextEncodingName;
  delimiter: ';' | ',' | '\t';
  header: string[];
  rows: { line: number; fields: string[] }[];
  suggested: LayoutMapping;
}

export interface SavedLayout {
  name: string;
  mapping: LayoutMapping;
  encoding: TextEncodingName | null;
  delimiter: string | null;
}
