import type { TextEncodingName } from '../../domain/mailing/csv';
import type { LayoutMapping } from '../../domain/mailing/layout';
import type { MailingRow, RowProblem } from '../../domain/mailing/row';
import type { ImportCounts, ImportRecord, SavedLayout } from '../../../../shared/mailing';
import type { ImportMeta, MailingBatchItem, MailingStore, MailingWriter } from '../../ports/mailing';
import type { Db } from './database';
import { packLines } from '../../domain/mailing/packed-lines';
import { ASSIGNED_ELSEWHERE_SQL, bulkLoad, MEMBER_OWES_AGAIN_SQL } from './mailing-bulk';

const emptyCounts = (): ImportCounts => ({
  rowsTotal: 0, rowsImported: 0, rowsRejected: 0, rowsWithWarnings: 0, debtorsCreated: 0, debtorsUpdated: 0,
  contractsCreated: 0, contractsUpdated: 0, contractsUnchanged: 0, contractsWithdrawn: 0, phonesAdded: 0,
  membersAdded: 0, membersRemoved: 0,
});

interface ImportRow {
  id: number; campaign_id: number; campaign_name: string; mode: ImportMeta['mode']; file_name: string; file_sha256: string;
  file_bytes: number; encoding: TextEncodingName; delimiter: string; status: ImportRecord['status']; summary: string | null;
  error: string | null; user_id: number | null; started_at: number; finished_at: number | null;
}

const toRecord = (r: ImportRow): ImportRecord => ({
  id: r.id, campaignId: r.campaign_id, campaignName: r.campaign_name, mode: r.mode, fileName: r.file_name,
  fileSha256: r.file_sha256, fileBytes: r.file_bytes, encoding: r.encoding, delimiter: r.delimiter, status: r.status,
  counts: r.summary ? (JSON.parse(r.summary) as ImportCounts) : null, error: r.error, userId: r.user_id,
  startedAt: r.started_at, finishedAt: r.finished_at,
});

const SELECT_IMPORT = 'SELECT i.*, c.name AS campaign_name FROM imports i JOIN campaigns c ON c.id = i.campaign_id';

/**
 * A `new` file replaces the campaign's members except those whose done reason must outlive a mailing
 * (docs/mailing-import.md): moved to another team or an outside agency, or waiting on an open promise or an
 * active agreement (breaking either brings the debtor back through this very row) when the file names them.
 */
const REPLACE_MEMBERS_SQL = `DELETE FROM campaign_members WHERE campaign_id = ? AND (done_reason IS NULL OR NOT (
  done_reason IN ('reassigned', 'agency')
  OR (done_reason = 'promise' AND EXISTS (SELECT 1 FROM promises p WHERE p.debtor_id = campaign_members.debtor_id AND p.status = 'open'))
  OR (done_reason = 'agreement' AND EXISTS (SELECT 1 FROM agreements a WHERE a.debtor_id = campaign_members.debtor_id AND a.status = 'active'))))`;

/**
 * SQLite mailing store. beginImport holds one transaction on this connection until commit or rollback,
 * so an importer must have a connection of its own (the server runs imports in a worker thread).
 */
export interface SqliteMailingOptions {
  /** false: every mode on the row-at-a-time path (tests compare it with the bulk load). Default true. */
  bulk?: boolean;
  /** Lines the bulk load decides and writes at a time (tests use small chunks to cross boundaries). */
  bulkChunkLines?: number;
}

export function sqliteMailing(db: Db, options: SqliteMailingOptions = {}): MailingStore {
  return {
    async findCampaign(id) {
      const row = db.prepare('SELECT id, name, portfolio_id FROM campaigns WHERE id = ?').get(id) as { id: number; name: string; portfolio_id: number } | undefined;
      return row ? { id: row.id, name: row.name, portfolioId: row.portfolio_id } : null;
    },
    async findCompletedImport(sha, campaignId) {
      const row = db
        .prepare("SELECT id, finished_at FROM imports WHERE file_sha256 = ? AND campaign_id = ? AND status = 'completed' ORDER BY id DESC LIMIT 1")
        .get(sha, campaignId) as { id: number; finished_at: number } | undefined;
      return row ? { id: row.id, finishedAt: row.finished_at } : null;
    },
    async beginImport(meta) {
      return beginImport(db, meta, options);
    },
    async getImport(id) {
      const row = db.prepare(`${SELECT_IMPORT} WHERE i.id = ?`).get(id) as ImportRow | undefined;
      return row ? toRecord(row) : null;
    },
    async listImports(limit) {
      return (db.prepare(`${SELECT_IMPORT} ORDER BY i.id DESC LIMIT ?`).all(limit) as ImportRow[]).map(toRecord);
    },
    async header(importId) {
      const row = db.prepare('SELECT header FROM imports WHERE id = ?').get(importId) as { header: string } | undefined;
      return row ? (JSON.parse(row.header) as string[]) : [];
    },
    async rejections(importId, offset, limit) {
      const rows = db
        .prepare('SELECT line, severity, fields, reasons FROM import_rejections WHERE import_id = ? ORDER BY line LIMIT ? OFFSET ?')
        .all(importId, limit, offset) as { line: number; severity: 'rejected' | 'warning'; fields: string; reasons: string }[];
      return rows.map((r) => ({ line: r.line, severity: r.severity, fields: JSON.parse(r.fields) as string[], reasons: JSON.parse(r.reasons) as RowProblem[] }));
    },
    async failInterruptedImports(now) {
      return db
        .prepare("UPDATE imports SET status = 'failed', error = 'interrompida: o processo parou antes do fim; nada foi gravado', finished_at = ? WHERE status = 'running'")
        .run(now).changes;
    },
    async saveLayout(layout, userId, now) {
      db.prepare(
        `INSERT INTO import_layouts (name, mapping, encoding, delimiter, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET mapping = excluded.mapping, encoding = excluded.encoding, delimiter = excluded.delimiter`,
      ).run(layout.name, JSON.stringify(layout.mapping), layout.encoding, layout.delimiter, userId, now);
    },
    async getLayout(name) {
      const row = db.prepare('SELECT name, mapping, encoding, delimiter FROM import_layouts WHERE name = ?').get(name) as
        | { name: string; mapping: string; encoding: TextEncodingName | null; delimiter: string | null }
        | undefined;
      return row ? { name: row.name, mapping: JSON.parse(row.mapping) as LayoutMapping, encoding: row.encoding, delimiter: row.delimiter } : null;
    },
    async listLayouts() {
      const rows = db.prepare('SELECT name, mapping, encoding, delimiter FROM import_layouts ORDER BY name').all() as
        { name: string; mapping: string; encoding: TextEncodingName | null; delimiter: string | null }[];
      return rows.map((r) => ({ name: r.name, mapping: JSON.parse(r.mapping) as LayoutMapping, encoding: r.encoding, delimiter: r.delimiter }));
    },
  };
}

function beginImport(db: Db, meta: ImportMeta, options: SqliteMailingOptions): MailingWriter {
  const campaign = db.prepare('SELECT portfolio_id, name, team_id FROM campaigns WHERE id = ?').get(meta.campaignId) as { portfolio_id: number; name: string; team_id: number | null } | undefined;
  if (!campaign) throw new Error(`campaign ${meta.campaignId} does not exist`);
  // The import's own row is committed first, as 'running', so a crash leaves a trace to report.
  const importId = Number(
    db.prepare(
      `INSERT INTO imports (campaign_id, mode, file_name, file_sha256, file_bytes, encoding, delimiter, header, status, user_id, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
    ).run(meta.campaignId, meta.mode, meta.fileName, meta.fileSha256, meta.fileBytes, meta.encoding, meta.delimiter, JSON.stringify(meta.header), meta.userId, meta.startedAt).lastInsertRowid,
  );
  const portfolioId = campaign.portfolio_id;
  const campaignId = meta.campaignId;
  const now = meta.startedAt;
  const source = `import:${importId}`;
  const eventDetail = JSON.stringify({ importId });
  const counts = emptyCounts();

  const s = {
    findDebtor: db.prepare('SELECT id FROM debtors WHERE document = ?').pluck(),
    insertDebtor: db.prepare('INSERT INTO debtors (document_kind, document, name, birth_date, created_at) VALUES (?, ?, ?, ?, ?)'),
    updateDebtor: db.prepare('UPDATE debtors SET name = ?, birth_date = COALESCE(?, birth_date) WHERE id = ? AND (name IS NOT ? OR birth_date IS NOT COALESCE(?, birth_date))'),
    findContract: db.prepare('SELECT id, debtor_id, status FROM contracts WHERE portfolio_id = ? AND number = ?'),
    insertContract: db.prepare('INSERT INTO contracts (debtor_id, portfolio_id, number, product, original_amount_cents, due_date) VALUES (?, ?, ?, ?, ?, ?)'),
    updateContract: db.prepare(
      `UPDATE contracts SET product = ?, original_amount_cents = ?, due_date = ? WHERE id = ? AND status = 'open'
         AND (product IS NOT ? OR original_amount_cents IS NOT ? OR due_date IS NOT ?)`,
    ),
    withdrawContract: db.prepare("UPDATE contracts SET status = 'cancelled' WHERE portfolio_id = ? AND number = ? AND debtor_id = ? AND status = 'open'"),
    openContractsLeft: db.prepare("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND portfolio_id = ? AND status IN ('open', 'agreement')").pluck(),
    insertPhone: db.prepare('INSERT OR IGNORE INTO phones (debtor_id, e164, ddd, kind, source) VALUES (?, ?, ?, ?, ?)'),
    insertEmail: db.prepare('INSERT OR IGNORE INTO debtor_emails (debtor_id, email) VALUES (?, ?)'),
    insertAddress: db.prepare('INSERT INTO debtor_addresses (debtor_id, street, district, city, uf, zip) VALUES (?, ?, ?, ?, ?, ?)'),
    insertAddressIfNew: db.prepare(
      `INSERT INTO debtor_addresses (debtor_id, street, district, city, uf, zip) SELECT ?, ?, ?, ?, ?, ?
        WHERE NOT EXISTS (SELECT 1 FROM debtor_addresses WHERE debtor_id = ? AND street = ? AND city = ?)`,
    ),
    assignedElsewhere: db.prepare(ASSIGNED_ELSEWHERE_SQL).pluck(),
    insertMember: db.prepare(`INSERT INTO campaign_members (campaign_id, debtor_id) VALUES (?, ?)${MEMBER_OWES_AGAIN_SQL}`),
    removeMember: db.prepare('DELETE FROM campaign_members WHERE campaign_id = ? AND debtor_id = ?'),
    insertEvent: db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail) VALUES (?, ?, 'import', ?, ?)"),
    insertRejection: db.prepare('INSERT INTO import_rejections (import_id, line, severity, fields, reasons) VALUES (?, ?, ?, ?, ?)'),
  };

  const reject = (line: number, fields: string[], severity: 'rejected' | 'warning', problems: RowProblem[]) => {
    s.insertRejection.run(importId, line, severity, JSON.stringify(fields), JSON.stringify(problems));
    if (severity === 'rejected') counts.rowsRejected++;
    else counts.rowsWithWarnings++;
  };

  /** Consecutive lines of one debtor (the usual layout) reuse the lookup. */
  let lastDocument = '';
  let lastDebtorId = 0;

  function writeRow(row: MailingRow): RowProblem | null {
    let debtorId = row.document === lastDocument ? lastDebtorId : ((s.findDebtor.get(row.document) as number | undefined) ?? 0);
    const contract = row.contract!;
    const existing = s.findContract.get(portfolioId, contract.number) as { id: number; debtor_id: number; status: string } | undefined;
    if (existing && existing.debtor_id !== debtorId) {
      return { column: 'contrato', value: contract.number, reason: 'contrato já cadastrado nesta carteira para outro CPF/CNPJ' };
    }
    const isNewDebtor = debtorId === 0;
    if (isNewDebtor) {
      debtorId = Number(s.insertDebtor.run(row.documentKind, row.document, row.name, row.birthDate, now).lastInsertRowid);
      counts.debtorsCreated++;
    } else if (meta.mode === 'update' && row.document !== lastDocument) {
      counts.debtorsUpdated += s.updateDebtor.run(row.name, row.birthDate, debtorId, row.name, row.birthDate).changes;
    }
    const firstLineOfDebtor = row.document !== lastDocument;
    lastDocument = row.document;
    lastDebtorId = debtorId;
    unnamed?.delete(debtorId);

    let dialable = true;
    if (!existing) {
      s.insertContract.run(debtorId, portfolioId, contract.number, contract.product, contract.amountCents, contract.dueDate);
      counts.contractsCreated++;
    } else if (existing.status === 'paid' || existing.status === 'cancelled') {
      // a paid or withdrawn debt is never brought back by a mailing
      counts.contractsUnchanged++;
      dialable = false;
    } else if (meta.mode === 'update') {
      const changed = s.updateContract.run(contract.product, contract.amountCents, contract.dueDate, existing.id, contract.product, contract.amountCents, contract.dueDate).changes;
      if (changed) counts.contractsUpdated++;
      else counts.contractsUnchanged++;
    } else {
      counts.contractsUnchanged++;
    }
    for (const p of row.phones) counts.phonesAdded += s.insertPhone.run(debtorId, p.e164, p.ddd, p.kind, source).changes;
    if (row.email) s.insertEmail.run(debtorId, row.email);
    const a = row.address;
    if (a && isNewDebtor) s.insertAddress.run(debtorId, a.street, a.district, a.city, a.uf, a.zip);
    else if (a && firstLineOfDebtor) s.insertAddressIfNew.run(debtorId, a.street, a.district, a.city, a.uf, a.zip, debtorId, a.street, a.city);
    // worked by another team or an agency since a reassignment: the creditor's file does not undo that
    if (dialable && !isNewDebtor && s.assignedElsewhere.get(`[${debtorId}]`, campaign!.team_id) !== undefined) dialable = false;
    if (dialable) counts.membersAdded += s.insertMember.run(campaignId, debtorId).changes;
    return null;
  }

  function removeRow(row: MailingRow): RowProblem | null {
    const debtorId = s.findDebtor.get(row.document) as number | undefined;
    if (!debtorId) return { column: 'documento', value: row.document, reason: 'CPF/CNPJ não encontrado' };
    if (row.contract) {
      const withdrawn = s.withdrawContract.run(portfolioId, row.contract.number, debtorId).changes;
      if (!withdrawn) return { column: 'contrato', value: row.contract.number, reason: 'contrato em aberto não encontrado para este CPF/CNPJ' };
      counts.contractsWithdrawn++;
      if ((s.openContractsLeft.get(debtorId, portfolioId) as number) > 0) return null;
    }
    counts.membersRemoved += s.removeMember.run(campaignId, debtorId).changes;
    s.insertEvent.run(debtorId, now, `Retirado da campanha ${campaign!.name} por arquivo de retirada (#${importId})`, eventDetail);
    return null;
  }

  // New and append files (the large ones) load in bulk; update and remove keep the row-at-a-time path.
  const useBulk = options.bulk !== false && (meta.mode === 'new' || meta.mode === 'append');
  // The bulk load writes only ids it read or assigned in this transaction, so the per-row foreign-key
  // lookups (~10% of its time) are skipped on this connection until the import ends. The pragma only
  // takes effect outside a transaction.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  if (useBulk) db.pragma('foreign_keys = OFF');
  const restoreForeignKeys = () => void db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  try {
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    restoreForeignKeys();
    throw e;
  }
  if (meta.mode === 'new') counts.membersRemoved = db.prepare(REPLACE_MEMBERS_SQL).run(campaignId).changes;
  // Rows kept for a promise or an agreement stay only for debtors the file still names (a debtor the creditor
  // left out must not come back here when the promise or agreement breaks): each accepted line strikes its debtor off.
  const unnamed = meta.mode === 'new'
    ? new Set(db.prepare("SELECT debtor_id FROM campaign_members WHERE campaign_id = ? AND done_reason IN ('promise', 'agreement')").pluck().all(campaignId) as number[])
    : undefined;
  let open = true;
  // (a mailing line is ~200 bytes with two or three phones: the estimate decides whether to defer an index)
  const bulk = useBulk
    ? bulkLoad(db, { importId, portfolioId, campaignId, campaignTeamId: campaign.team_id, unnamed, now, counts, expectedPhones: Math.round(meta.fileBytes / 100), chunkLines: options.bulkChunkLines })
    : null;

  return {
    importId,
    async writeBatch(items) {
      if (bulk) return bulk.add(packLines(items));
      for (const item of items) {
        if (item.row === null) {
          reject(item.line, item.fields, 'rejected', item.problems);
          continue;
        }
        const problem = meta.mode === 'remove' ? removeRow(item.row) : writeRow(item.row);
        if (problem) {
          reject(item.line, item.fields, 'rejected', [problem, ...item.warnings]);
          continue;
        }
        counts.rowsImported++;
        if (item.warnings.length) reject(item.line, item.fields, 'warning', item.warnings);
      }
    },
    writePacked: bulk ? async (batch) => bulk.add(batch) : undefined,
    async commit(rowsTotal, finishedAt) {
      bulk?.finish();
      for (const debtorId of unnamed ?? []) counts.membersRemoved += s.removeMember.run(campaignId, debtorId).changes;
      counts.rowsTotal = rowsTotal;
      db.prepare(
        "UPDATE imports SET status = 'completed', rows_total = ?, rows_imported = ?, rows_rejected = ?, summary = ?, finished_at = ? WHERE id = ?",
      ).run(rowsTotal, counts.rowsImported, counts.rowsRejected, JSON.stringify(counts), finishedAt, importId);
      db.exec('COMMIT');
      open = false;
      restoreForeignKeys();
      return counts;
    },
    async rollback(error, finishedAt) {
      if (open) db.exec('ROLLBACK');
      open = false;
      restoreForeignKeys();
      db.prepare("UPDATE imports SET status = 'failed', error = ?, finished_at = ? WHERE id = ?").run(error, finishedAt, importId);
    },
  };
}
