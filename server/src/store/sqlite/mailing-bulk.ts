import type { ImportCounts } from '../../../../shared/mailing';
import { acceptedFieldsJson, ACCEPTED as A, nextRecord, packedValue, type PackedLines } from '../../domain/mailing/packed-lines';
import type { Db } from './database';

/**
 * The bulk load for `new` and `append` imports (the large files). The row-at-a-time path costs ~10
 * statements a line; here lines are decided in memory a chunk at a time, with the same rules line for line
 * (tests/integration/mailing-bulk.test.ts compares both paths on the same files), and written with 128-row
 * statements per table (debtors and contracts sorted by their unique key, so each chunk goes through those
 * B-trees in order). The rules:
 * - what the database already holds is fetched once per chunk (debtors by CPF/CNPJ, contracts by number);
 * - a contract belongs to the CPF/CNPJ holding it in the portfolio, else to the first line naming it: a
 *   line of another CPF/CNPJ is rejected;
 * - a debtor is created from its first accepted line (ids assigned here: the import holds the write lock);
 * - phones and e-mails of every accepted line are added (a debtor's phones keep the file's order), the
 *   address of the first line of each run of a debtor's lines if the debtor does not have it yet;
 * - a paid or withdrawn contract is left alone and its line does not put the debtor in the campaign;
 * - an open contract's line brings back a member closed because the debtor paid (MEMBER_OWES_AGAIN_SQL);
 * - nor does any line of a debtor a reassignment gave to an outside agency or another team.
 * Everything runs inside the import's transaction.
 */
export const CHUNK_LINES = 256;
const ROWS_PER_STATEMENT = 128;

/**
 * A line with an open contract brings back a member the campaign had closed because the debtor paid: the
 * debtor owes again (the dialer lifts its in-memory stop when it reloads after the import). The rule is
 * replace mode's (REPLACE_MEMBERS_SQL): closed as paid, or by a promise no longer open, or by an agreement
 * no longer active (kept or paid: the row stayed as it was when the rest was paid). The row starts afresh
 * (attempts and next attempt reset). Other done reasons stay (opt-out, reassignment, an open promise...).
 */
export const MEMBER_OWES_AGAIN_SQL = ` ON CONFLICT (campaign_id, debtor_id) DO UPDATE SET done_reason = NULL, done_at = NULL, attempts = 0, next_attempt_at = 0
  WHERE done_reason = 'paid'
    OR (done_reason = 'promise' AND NOT EXISTS (SELECT 1 FROM promises p WHERE p.debtor_id = campaign_members.debtor_id AND p.status = 'open'))
    OR (done_reason = 'agreement' AND NOT EXISTS (SELECT 1 FROM agreements a WHERE a.debtor_id = campaign_members.debtor_id AND a.status = 'active'))`;

/**
 * Debtors (among those of json_each(?)) a reassignment gave to an outside agency or to a team other than the
 * campaign's (?): a mailing line does not put them back in this campaign.
 */
export const ASSIGNED_ELSEWHERE_SQL = `SELECT a.debtor_id FROM json_each(?) j CROSS JOIN debtor_assignments a ON a.debtor_id = j.value AND a.to_at IS NULL
  WHERE a.agency IS NOT NULL OR a.team_id IS NOT ?`;

export interface BulkLoad {
  /** Stores the batch's rejected lines, decides and writes its accepted ones CHUNK_LINES at a time. */
  add(batch: PackedLines): void;
  /** Before commit: writes the last chunk and rebuilds what was deferred (the phones' E.164 index). */
  finish(): void;
}

export function bulkLoad(
  db: Db,
  ctx: { importId: number; portfolioId: number; campaignId: number; campaignTeamId: number | null; unnamed?: Set<number>; now: number; counts: ImportCounts; expectedPhones: number; chunkLines?: number },
): BulkLoad {
  const { importId, portfolioId, campaignId, now, counts } = ctx;
  const source = `import:${importId}`;
  const chunkLines = ctx.chunkLines ?? CHUNK_LINES;

  // The E.164 index (inbound pops) takes random keys: when the file brings more phones than the table
  // holds, building it again at the end (one sort) is cheaper than inserting into it line by line. The
  // drop is part of the import's transaction: other connections keep the index, a rollback restores it.
  const phonesBefore = db.prepare('SELECT COALESCE(MAX(id), 0) FROM phones').pluck().get() as number;
  const rebuildE164 = ctx.expectedPhones > 100_000 && ctx.expectedPhones > phonesBefore;
  const e164IndexSql = rebuildE164 ? (db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = 'phones_e164'").pluck().get() as string | undefined) : undefined;
  if (e164IndexSql) db.exec('DROP INDEX phones_e164');

  const statements = new Map<string, ReturnType<Db['prepare']>>();
  // One parameter array per statement size, refilled for every statement (no per-statement garbage).
  const params = new Map<number, unknown[]>();
  /**
   * Inserts rows given as one flat list of values (width values a row), with multi-row statements of up to
   * ROWS_PER_STATEMENT rows; `order`, when given, lists the rows' indexes in the order to write them.
   */
  const insertValues = (sql: string, width: number, values: unknown[], order?: number[], tuple = `(${Array(width).fill('?').join(',')})`, onConflict = ''): number => {
    const rows = values.length / width;
    let changes = 0;
    for (let first = 0; first < rows; first += ROWS_PER_STATEMENT) {
      const n = Math.min(ROWS_PER_STATEMENT, rows - first);
      const key = `${n}:${sql}`;
      let statement = statements.get(key);
      if (!statement) {
        statement = db.prepare(`${sql} VALUES ${Array(n).fill(tuple).join(',')}${onConflict}`);
        statements.set(key, statement);
      }
      let bound = params.get(n * width);
      if (!bound) params.set(n * width, (bound = new Array<unknown>(n * width)));
      for (let r = 0; r < n; r++) {
        const from = (order ? order[first + r]! : first + r) * width;
        for (let k = 0; k < width; k++) bound[r * width + k] = values[from + k];
      }
      changes += statement.run(bound).changes;
    }
    return changes;
  };
  /** Row indexes of a flat list ordered by the rows' first value (a unique key: B-tree inserts in order). */
  const byFirstValue = (values: unknown[], width: number): number[] => {
    const order = Array.from({ length: values.length / width }, (_, i) => i);
    return order.sort((a, b) => {
      const x = values[a * width] as string;
      const y = values[b * width] as string;
      return x < y ? -1 : x > y ? 1 : 0;
    });
  };

  // CROSS JOIN keeps the list as the outer loop (the planner would otherwise scan the table)
  const findDebtors = db.prepare('SELECT d.document, d.id FROM json_each(?) j CROSS JOIN debtors d ON d.document = j.value');
  const findContracts = db.prepare('SELECT c.number, c.debtor_id, c.status FROM json_each(?) j CROSS JOIN contracts c ON c.portfolio_id = ? AND c.number = j.value');
  const findAddresses = db.prepare('SELECT a.debtor_id, a.street, a.city FROM json_each(?) j CROSS JOIN debtor_addresses a ON a.debtor_id = j.value');
  const maxDebtorId = db.prepare('SELECT COALESCE(MAX(id), 0) FROM debtors').pluck();
  const findAssignedElsewhere = db.prepare(ASSIGNED_ELSEWHERE_SQL).pluck();

  /** Carried across chunks: consecutive lines of one debtor form a run (the address comes from its first line). */
  let lastDocument = '';
  let lastDebtorId = 0;

  // the chunk: accepted records waiting, as (batch, index of the record's first value)
  let batches: PackedLines[] = [];
  let batchOf: number[] = [];
  let starts: number[] = [];

  /** Decides and writes the chunk. */
  const flush = () => {
    if (starts.length === 0) return;
    const chunkBatches = batches;
    const chunkBatchOf = batchOf;
    const chunkStarts = starts;
    batches = [];
    batchOf = [];
    starts = [];
    // what the database holds for this chunk's documents and contract numbers (looked up in key order)
    const debtorIds = new Map<string, number>();
    const numbers = new Set<string>();
    for (let j = 0; j < chunkStarts.length; j++) {
      const p = chunkBatches[chunkBatchOf[j]!]!;
      debtorIds.set(packedValue(p, chunkStarts[j]! + A.document), 0);
      numbers.add(packedValue(p, chunkStarts[j]! + A.number));
    }
    for (const r of findDebtors.raw().iterate(JSON.stringify([...debtorIds.keys()].sort())) as Iterable<[string, number]>) debtorIds.set(r[0], r[1]);
    // a contract's holder and whether its line may join the campaign, packed in one number (no object a row)
    const contracts = new Map<string, number>();
    for (const r of findContracts.raw().iterate(JSON.stringify([...numbers].sort()), portfolioId) as Iterable<[string, number, string]>) {
      // a paid or withdrawn debt is never brought back by a mailing
      contracts.set(r[0], r[1] * 2 + (r[2] === 'paid' || r[2] === 'cancelled' ? 1 : 0));
    }
    const existingDebtors = [...debtorIds.values()].filter((id) => id > 0);
    const addresses = new Set<string>();
    const assignedElsewhere = new Set<number>();
    if (existingDebtors.length) {
      for (const r of findAddresses.raw().iterate(JSON.stringify(existingDebtors)) as Iterable<[number, string, string]>) addresses.add(`${r[0]}\u0000${r[1]}\u0000${r[2]}`);
      for (const id of findAssignedElsewhere.iterate(JSON.stringify(existingDebtors), ctx.campaignTeamId) as Iterable<number>) assignedElsewhere.add(id);
    }
    let nextDebtorId = (maxDebtorId.get() as number) + 1;
    // flat lists of values (fewer allocations: the import spent ~18% of its time collecting garbage)
    const newDebtors: unknown[] = [];
    const newContracts: unknown[] = [];
    const phones: unknown[] = [];
    const emails: unknown[] = [];
    const newAddresses: unknown[] = [];
    const members = new Set<number>();
    const rejections: unknown[] = [];

    for (let j = 0; j < chunkStarts.length; j++) {
      const p = chunkBatches[chunkBatchOf[j]!]!;
      const i = chunkStarts[j]!;
      const line = Number(packedValue(p, i + A.line));
      const document = packedValue(p, i + A.document);
      const number = packedValue(p, i + A.number);
      const warnings = packedValue(p, i + A.warnings);
      let debtorId = document === lastDocument ? lastDebtorId : debtorIds.get(document)!;
      const existing = contracts.get(number);
      if (existing !== undefined && Math.floor(existing / 2) !== debtorId) {
        const problem = JSON.stringify({ column: 'contrato', value: number, reason: 'contrato já cadastrado nesta carteira para outro CPF/CNPJ' });
        rejections.push(importId, line, 'rejected', acceptedFieldsJson(p, i), `[${problem}${warnings ? `,${warnings.slice(1)}` : ']'}`);
        counts.rowsRejected++;
        continue;
      }
      const isNewDebtor = debtorId === 0;
      if (isNewDebtor) {
        debtorId = nextDebtorId++;
        debtorIds.set(document, debtorId);
        newDebtors.push(document, debtorId, packedValue(p, i + A.documentKind), packedValue(p, i + A.name), packedValue(p, i + A.birthDate) || null, now);
        counts.debtorsCreated++;
      }
      const firstLineOfDebtor = document !== lastDocument;
      lastDocument = document;
      lastDebtorId = debtorId;
      ctx.unnamed?.delete(debtorId);

      let dialable = true;
      if (existing === undefined) {
        newContracts.push(number, debtorId, portfolioId, packedValue(p, i + A.product), Number(packedValue(p, i + A.amountCents)), packedValue(p, i + A.dueDate));
        contracts.set(number, debtorId * 2);
        counts.contractsCreated++;
      } else {
        dialable = existing % 2 === 0;
        counts.contractsUnchanged++;
      }
      const phoneCount = Number(packedValue(p, i + A.phoneCount));
      for (let k = i + A.phones; k < i + A.phones + 3 * phoneCount; k += 3) phones.push(debtorId, packedValue(p, k), packedValue(p, k + 1), packedValue(p, k + 2));
      const email = packedValue(p, i + A.email);
      if (email) emails.push(debtorId, email);
      const street = packedValue(p, i + A.street);
      if (street && firstLineOfDebtor) {
        const city = packedValue(p, i + A.city);
        const key = `${debtorId}\u0000${street}\u0000${city}`;
        if (!addresses.has(key)) {
          addresses.add(key);
          newAddresses.push(debtorId, street, packedValue(p, i + A.district) || null, city, packedValue(p, i + A.uf), packedValue(p, i + A.zip) || null);
        }
      }
      if (dialable && !assignedElsewhere.has(debtorId)) members.add(debtorId);
      counts.rowsImported++;
      if (warnings) {
        rejections.push(importId, line, 'warning', acceptedFieldsJson(p, i), warnings);
        counts.rowsWithWarnings++;
      }
    }
    // debtors and contracts in the order of their unique key
    insertValues('INSERT INTO debtors (document, id, document_kind, name, birth_date, created_at)', 6, newDebtors, byFirstValue(newDebtors, 6));
    insertValues('INSERT INTO contracts (number, debtor_id, portfolio_id, product, original_amount_cents, due_date)', 6, newContracts, byFirstValue(newContracts, 6));
    // in file order: a debtor's phones keep it (it is their dialing order), new debtors' ids ascend with it
    counts.phonesAdded += insertValues('INSERT OR IGNORE INTO phones (debtor_id, e164, ddd, kind, source)', 4, phones, undefined, `(?,?,?,?,'${source}')`);
    insertValues('INSERT OR IGNORE INTO debtor_emails (debtor_id, email)', 2, emails);
    insertValues('INSERT INTO debtor_addresses (debtor_id, street, district, city, uf, zip)', 6, newAddresses);
    // members: one debtor id a row, in id order (the campaign is bound in the statement)
    counts.membersAdded += insertValues('INSERT INTO campaign_members (campaign_id, debtor_id)', 1, [...members].sort((x, y) => x - y), undefined, `(${campaignId},?)`, MEMBER_OWES_AGAIN_SQL);
    insertValues('INSERT INTO import_rejections (import_id, line, severity, fields, reasons)', 5, rejections);
  };

  return {
    add(p) {
      // lines rejected by validation are stored as they come; accepted ones are decided a chunk at a time
      const rejected: unknown[] = [];
      for (let i = 0; i < p.ends.length; i = nextRecord(p, i)) {
        if (packedValue(p, i) === 'R') {
          rejected.push(importId, Number(packedValue(p, i + 1)), 'rejected', packedValue(p, i + 2), packedValue(p, i + 3));
          counts.rowsRejected++;
          continue;
        }
        if (batches[batches.length - 1] !== p) batches.push(p);
        batchOf.push(batches.length - 1);
        starts.push(i);
        if (starts.length >= chunkLines) flush();
      }
      insertValues('INSERT INTO import_rejections (import_id, line, severity, fields, reasons)', 5, rejected);
    },
    finish() {
      flush();
      if (e164IndexSql) createIndexSorting(db, e164IndexSql);
    },
  };
}

/**
 * Runs a CREATE INDEX with SQLite's multi-threaded sorter (by then the parse worker's core is free) and a
 * 2 MB page cache, whose smaller sorted runs stay in the CPU's caches: 2.9 M phones' E.164 index in ~0.85 s
 * instead of ~1.5 s (docs/benchmarks.md). The connection's settings are restored afterwards.
 */
function createIndexSorting(db: Db, sql: string): void {
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const threads = db.pragma('threads', { simple: true }) as number;
  db.pragma('cache_size = -2000');
  db.pragma('threads = 2');
  try {
    db.exec(sql);
  } finally {
    db.pragma(`cache_size = ${cacheSize}`);
    db.pragma(`threads = ${threads}`);
  }
}
