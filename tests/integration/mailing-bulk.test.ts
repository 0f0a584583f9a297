import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpfCheckDigits } from '../../shared/document';
import { runImport, type ImportRequest } from '../../server/src/mailing/run-import';
import { systemClock } from '../../server/src/ports/clock';
import { openDatabase } from '../../server/src/store/sqlite/database';
import { sqliteMailing, type SqliteMailingOptions } from '../../server/src/store/sqlite/mailing';
import { FIXTURES, mailingTestStore } from '../support/mailing-store';

/**
 * The bulk load (new/append) must decide every line as the row-at-a-time path does. The same sequence of
 * files goes into two real SQLite files — one through the row path, one through the bulk load with tiny
 * chunks (so runs of a debtor and first-line rules cross chunk boundaries) — and the stored data is compared.
 */
type Env = Awaited<ReturnType<typeof mailingTestStore>> & { mailing: ReturnType<typeof sqliteMailing>; conn: Database.Database };
const envs: Env[] = [];
async function env(options: SqliteMailingOptions): Promise<Env> {
  const t = await mailingTestStore();
  const conn = openDatabase(t.dbFile);
  const e = { ...t, conn, mailing: sqliteMailing(conn, options) };
  envs.push(e);
  return e;
}
afterAll(async () => {
  for (const e of envs) {
    e.conn.close();
    await e.close();
  }
});

const cpf = (n: number) => {
  const base = String(n).padStart(9, '0');
  return base + cpfCheckDigits(base);
};
const HEADER = 'documento;nome;data_nascimento;contrato;produto;valor;vencimento;telefone1;telefone2;telefone3;email;logradouro;bairro;cidade;uf;cep';

/** Lines that exercise every rule the bulk load reimplements. */
function trickyFile(dir: string): string {
  const [a, b, c, d] = [cpf(200000001), cpf(200000002), cpf(200000003), cpf(200000004)];
  const lines = [
    HEADER,
    // a contract already held by a CPF of the fixtures, named for another CPF: rejected
    `${a};Ana;01/01/1980;C-1001;Cartão;10,00;01/01/2024;(11) 91234-0001;;;ana@x.com;Rua A, 1;Centro;São Paulo;SP;01000-000`,
    // Ana again with her own contract: created (the debtor comes from her first accepted line)
    `${a};Ana Maria;02/02/1981;A-1;Cartão;10,00;01/01/2024;(11) 91234-0002;(11) 91234-0001;;ANA@x.com;Rua A, 1;Centro;São Paulo;SP;01000-000`,
    // Bruno on non-consecutive lines with different addresses, a phone repeated, a bad phone
    `${b};Bruno;;B-1;Empréstimo;20,00;01/01/2024;(21) 99876-0001;(21) 99876-0001;(99) 1234;;Av. B, 2;Centro;Rio de Janeiro;RJ;`,
    `${c};Carla;;C-9;Cartão;30,00;01/01/2024;(31) 99999-0001;;;carla@x.com;;;;;`,
    `${b};Bruno;;B-2;Empréstimo;21,00;01/01/2024;(21) 99876-0002;;;bruno@x.com;Av. C, 3;Centro;Rio de Janeiro;RJ;`,
    `${b};Bruno;;B-3;Empréstimo;22,00;01/01/2024;(21) 99876-0003;;;;Av. D, 4;Centro;Rio de Janeiro;RJ;`,
    `${b};Bruno;;B-4;Empréstimo;23,00;01/01/2024;(21) 99876-0004;;;;Av. B, 2;Centro;Rio de Janeiro;RJ;`,
    // the same contract twice: once more for its own CPF (unchanged), once for another CPF (rejected)
    `${c};Carla;;C-9;Cartão;30,00;01/01/2024;(31) 99999-0002;;;;Rua C, 5;Centro;Belo Horizonte;MG;`,
    `${d};Davi;;C-9;Cartão;30,00;01/01/2024;(31) 99999-0003;;;;;;;;`,
    // Davi's first accepted line, then an invalid line (rejected by validation), then the paid contract
    `${d};Davi;;D-1;Cartão;40,00;01/01/2024;(41) 99999-0001;;;;Rua D, 6;Centro;Curitiba;PR;`,
    `${d};Davi;;D-2;Cartão;-1;01/01/2024;(41) 99999-0002;;;;;;;;`,
    // a line of the fixtures' João naming his paid contract: phones added, not put back in the campaign
    `111.444.777-35;João;;C-1002;Empréstimo pessoal;15000;2023-11-30;(21) 97777-0001;;;;Av. Nova, 7;Centro;Rio de Janeiro;RJ;`,
  ];
  const file = path.join(dir, 'tricky.csv');
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

/** Everything the import writes, keyed by natural keys (ids of contracts and phones may differ). */
function snapshot(db: Database.Database) {
  const all = (sql: string) => db.prepare(sql).all();
  return {
    debtors: all('SELECT id, document_kind, document, name, birth_date FROM debtors ORDER BY id'),
    contracts: all('SELECT c.number, d.document, c.product, c.original_amount_cents, c.due_date, c.status FROM contracts c JOIN debtors d ON d.id = c.debtor_id ORDER BY c.number'),
    // a debtor's phones in id order: their dialing order must be the file's
    phones: all('SELECT d.document, p.e164, p.ddd, p.kind, p.source FROM phones p JOIN debtors d ON d.id = p.debtor_id ORDER BY d.document, p.id'),
    emails: all('SELECT d.document, e.email FROM debtor_emails e JOIN debtors d ON d.id = e.debtor_id ORDER BY d.document, e.id'),
    addresses: all('SELECT d.document, a.street, a.district, a.city, a.uf, a.zip FROM debtor_addresses a JOIN debtors d ON d.id = a.debtor_id ORDER BY d.document, a.id'),
    members: all('SELECT m.campaign_id, d.document, m.done_reason FROM campaign_members m JOIN debtors d ON d.id = m.debtor_id ORDER BY m.campaign_id, d.document'),
    rejections: all('SELECT import_id, line, severity, fields, reasons FROM import_rejections ORDER BY import_id, line'),
    imports: all('SELECT id, mode, status, rows_total, rows_imported, rows_rejected, summary FROM imports ORDER BY id'),
  };
}

/**
 * What the teams and dialer stores write when debtors leave the campaign: another team (Ana), an open promise
 * (Carlos, whom the next file names, and Maria, whom it does not), out of attempts (Bruno). Carlos is also with
 * an outside agency, whose debtors no line puts back in the campaign.
 */
function doneReasons(db: Database.Database) {
  const id = (document: string) => db.prepare('SELECT id FROM debtors WHERE document = ?').pluck().get(document) as number;
  const reassignment = Number(db.prepare("INSERT INTO reassignments (campaign_id, method, spec, summary, user_id, at) VALUES (1, 'share', '{}', '{}', NULL, 0)").run().lastInsertRowid);
  const teamId = Number(db.prepare("INSERT INTO teams (name, created_at) VALUES ('Parceira', 0)").run().lastInsertRowid);
  const assign = db.prepare('INSERT INTO debtor_assignments (debtor_id, reassignment_id, team_id, agency, from_at) VALUES (?, ?, ?, ?, 0)');
  assign.run(id(cpf(200000001)), reassignment, teamId, null);
  const leave = db.prepare('UPDATE campaign_members SET done_reason = ?, done_at = 0 WHERE campaign_id = 1 AND debtor_id = ?');
  leave.run('reassigned', id(cpf(200000001)));
  for (const document of ['98765432100', '52998224725']) {
    db.prepare("INSERT INTO promises (debtor_id, campaign_id, amount_cents, due_date, created_at) VALUES (?, 1, 5000, '2099-01-01', 0)").run(id(document));
    leave.run('promise', id(document));
  }
  leave.run('attempt_limit', id(cpf(200000002)));
}

/** The parse worker as the CLI and the server run it (bundled by `npm run build`, like the test server's import worker). */
const PARSE_WORKER = path.resolve('dist/server/parse-worker.js');

async function importAll(e: Env, requests: Omit<ImportRequest, 'campaignId'>[]) {
  const counts = [];
  for (const request of requests) {
    const r = await runImport(e.mailing, systemClock, { campaignId: 1, confirmDuplicate: true, ...request, parseWorkerPath: e === worker ? PARSE_WORKER : undefined });
    expect(r.ok, r.ok ? '' : r.error.message).toBe(true);
    if (r.ok) counts.push(r.data.counts);
  }
  return counts;
}

let worker: Env | undefined;

describe('bulk load of new/append files (real SQLite files)', () => {
  let rowPath: Env;
  let bulk: Env;
  let sequence: Omit<ImportRequest, 'campaignId'>[];
  beforeAll(async () => {
    rowPath = await env({ bulk: false });
    bulk = await env({ bulkChunkLines: 2 });
    // the same bulk load with the lines parsed in the worker thread (chunks of 3 lines across its 64-line messages)
    worker = await env({ bulkChunkLines: 3 });
    const good = (f: string) => path.join(FIXTURES, 'good', f);
    sequence = [
      ...fs.readdirSync(path.join(FIXTURES, 'good')).map((f) => ({ filePath: good(f), mode: 'append' as const })),
      { filePath: path.join(FIXTURES, 'bad', 'mixed-errors.csv'), mode: 'append' as const },
    ];
  });

  it('stores exactly what the row path stores, file after file, with the same counts and rejections', async () => {
    const rowCounts = await importAll(rowPath, sequence);
    const bulkCounts = await importAll(bulk, sequence);
    expect(bulkCounts).toEqual(rowCounts);
    expect(await importAll(worker!, sequence)).toEqual(rowCounts);
    // the creditor reports João's C-1002 paid (he leaves the campaign) in all databases; then the tricky file
    for (const e of [rowPath, bulk, worker!]) {
      e.conn.prepare("UPDATE contracts SET status = 'paid' WHERE number = 'C-1002'").run();
      e.conn.prepare("DELETE FROM campaign_members WHERE debtor_id = (SELECT id FROM debtors WHERE document = '11144477735')").run();
    }
    const tricky = [{ filePath: trickyFile(rowPath.dir), mode: 'append' as const }];
    const rowTricky = await importAll(rowPath, tricky);
    const bulkTricky = await importAll(bulk, tricky);
    expect(bulkTricky).toEqual(rowTricky);
    expect(await importAll(worker!, tricky)).toEqual(rowTricky);
    expect(rowTricky[0]).toMatchObject({ rowsRejected: 3, debtorsCreated: 4, contractsCreated: 7, contractsUnchanged: 2, membersAdded: 4 });
    expect(snapshot(bulk.peek)).toEqual(snapshot(rowPath.peek));
    expect(snapshot(worker!.peek)).toEqual(snapshot(rowPath.peek));
    expect(bulk.count("SELECT COUNT(*) FROM campaign_members WHERE debtor_id = (SELECT id FROM debtors WHERE document = '11144477735')")).toBe(0);
    // a `new` file replaces the campaign's members, but not those moved to an agency or another team, or waiting on a promise
    for (const e of [rowPath, bulk]) doneReasons(e.conn);
    const replace = [{ filePath: path.join(FIXTURES, 'good', 'tab-grouped.tsv'), mode: 'new' as const }];
    expect(await importAll(bulk, replace)).toEqual(await importAll(rowPath, replace));
    const rows = snapshot(rowPath.peek);
    const bulked = snapshot(bulk.peek);
    expect(bulked).toEqual(rows);
    expect(bulked.members.filter((m) => (m as { campaign_id: number }).campaign_id === 1)).toEqual([
      { campaign_id: 1, document: cpf(200000001), done_reason: 'reassigned' },
      // the file's only debtor: his row (and its promise) stays as it was
      { campaign_id: 1, document: '98765432100', done_reason: 'promise' },
    ]);
    expect(rowPath.peek.prepare('SELECT summary FROM imports ORDER BY id DESC LIMIT 1').pluck().get()).toContain('"membersAdded":0');
    // Carlos goes to an outside agency: the same file again (append) does not put him back on either path
    for (const e of [rowPath, bulk]) {
      const carlos = e.conn.prepare("SELECT id FROM debtors WHERE document = '98765432100'").pluck().get() as number;
      e.conn.prepare("INSERT INTO debtor_assignments (debtor_id, reassignment_id, agency, from_at) VALUES (?, 1, 'Cobradora Externa', 0)").run(carlos);
      e.conn.prepare('DELETE FROM campaign_members WHERE debtor_id = ?').run(carlos);
    }
    const again = [{ filePath: path.join(FIXTURES, 'good', 'tab-grouped.tsv'), mode: 'append' as const }];
    expect(await importAll(bulk, again)).toEqual(await importAll(rowPath, again));
    expect(snapshot(bulk.peek)).toEqual(snapshot(rowPath.peek));
    expect(bulk.count("SELECT COUNT(*) FROM campaign_members WHERE debtor_id = (SELECT id FROM debtors WHERE document = '98765432100')")).toBe(0);
    // and the rules themselves, on the bulk side
    expect(bulk.count("SELECT COUNT(*) FROM contracts c JOIN debtors d ON d.id = c.debtor_id WHERE c.number = 'C-1001' AND d.document = '52998224725'")).toBe(1);
    expect(bulk.peek.prepare(`SELECT name FROM debtors WHERE document = '${cpf(200000001)}'`).pluck().get()).toBe('Ana Maria');
    expect(bulk.peek.prepare(`SELECT street FROM debtor_addresses a JOIN debtors d ON d.id = a.debtor_id WHERE d.document = '${cpf(200000002)}' ORDER BY a.id`).pluck().all()).toEqual(['Av. B, 2', 'Av. C, 3']);
  });

  it('rolls back a bulk import whose chunks were already written, and the E.164 index it had dropped', async () => {
    const e = await env({ bulkChunkLines: 2 });
    const before = snapshot(e.peek);
    const writer = await e.mailing.beginImport({
      campaignId: 1, mode: 'append', fileName: 'x.csv', fileSha256: 'x', fileBytes: 50_000_000, encoding: 'utf-8', delimiter: ';', header: [], userId: null, startedAt: Date.now(),
    });
    const line = (n: number) => ({
      line: n + 2, fields: [], warnings: [],
      row: { line: n + 2, documentKind: 'cpf' as const, document: cpf(300000000 + n), name: `X${n}`, birthDate: null, contract: { number: `Z-${n}`, product: 'p', amountCents: 100, dueDate: '2024-01-01' }, phones: [{ e164: `+55119${String(80000000 + n)}`, ddd: '11', uf: 'SP' as const, kind: 'mobile' as const }], email: null, address: null },
    });
    await writer.writeBatch([0, 1, 2, 3, 4].map(line));
    // the first chunks are in the import's transaction, not visible to another connection
    expect(e.conn.prepare("SELECT COUNT(*) FROM contracts WHERE number LIKE 'Z-%'").pluck().get()).toBe(4);
    expect(e.count("SELECT COUNT(*) FROM contracts WHERE number LIKE 'Z-%'")).toBe(0);
    await writer.rollback('simulated failure', Date.now());
    expect({ ...snapshot(e.peek), imports: [] }).toEqual({ ...before, imports: [] });
    expect(e.count("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'phones_e164'")).toBe(1);
    expect(e.conn.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('builds the E.164 index it dropped again at commit, and gives the connection back its settings', async () => {
    const e = await env({ bulkChunkLines: 2 });
    const settings = () => [e.conn.pragma('cache_size', { simple: true }), e.conn.pragma('threads', { simple: true })];
    const before = settings();
    const writer = await e.mailing.beginImport({
      campaignId: 1, mode: 'append', fileName: 'y.csv', fileSha256: 'y', fileBytes: 50_000_000, encoding: 'utf-8', delimiter: ';', header: [], userId: null, startedAt: Date.now(),
    });
    await writer.writeBatch([0, 1, 2].map((n) => ({
      line: n + 2, fields: [], warnings: [],
      row: { line: n + 2, documentKind: 'cpf' as const, document: cpf(310000000 + n), name: `Y${n}`, birthDate: null, contract: { number: `Y-${n}`, product: 'p', amountCents: 100, dueDate: '2024-01-01' }, phones: [{ e164: `+55119${String(81000000 + n)}`, ddd: '11', uf: 'SP' as const, kind: 'mobile' as const }], email: null, address: null },
    })));
    expect(e.conn.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'phones_e164'").pluck().get()).toBe(0); // dropped in the transaction
    await writer.commit(3, Date.now());
    expect(e.count("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'phones_e164'")).toBe(1);
    const plan = e.peek.prepare("EXPLAIN QUERY PLAN SELECT debtor_id FROM phones WHERE e164 = '+5511981000001'").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toContain('phones_e164');
    expect(e.peek.prepare("SELECT COUNT(*) FROM phones WHERE e164 = '+5511981000001'").pluck().get()).toBe(1);
    expect(settings()).toEqual(before);
  });

  it('finds stored debtors and contracts named in a chunk among new ones, and keys spread over the whole table', async () => {
    const rows = await env({ bulk: false });
    const chunked = await env({ bulkChunkLines: 4 });
    const line = (n: number, contract: string) => `${cpf(400000000 + n)};D${n};;${contract};Cartão;10,00;01/01/2024;(11) 9${String(8000_0000 + n)};;;;;;;;`;
    const dir = fs.mkdtempSync(path.join(rows.dir, 'ranges-'));
    // stored first: even debtors 0..38, each with contract K-<n>
    const first = path.join(dir, 'first.csv');
    fs.writeFileSync(first, [HEADER, ...Array.from({ length: 20 }, (_, k) => line(2 * k, `K-${String(2 * k).padStart(2, '0')}`))].join('\n'));
    const second = path.join(dir, 'second.csv');
    fs.writeFileSync(second, [
      HEADER,
      // chunk 1: new odd debtors between stored ones
      line(1, 'N-01'), line(3, 'N-03'), line(5, 'N-05'), line(7, 'N-07'),
      // chunk 2: stored debtors with contracts of their own (unchanged, one new) and another debtor's (rejected)
      line(2, 'K-02'), line(3, 'K-06'), line(4, 'K-04'), line(4, 'N-04'),
      // chunk 3: keys spread over the whole table
      line(0, 'K-00'), line(38, 'K-38'), line(39, 'K-10'), line(13, 'N-13'),
    ].join('\n'));
    const files = [{ filePath: first, mode: 'append' as const }, { filePath: second, mode: 'append' as const }];
    const expected = await importAll(rows, files);
    expect(await importAll(chunked, files)).toEqual(expected);
    expect(expected[1]).toMatchObject({ rowsRejected: 2, debtorsCreated: 5, contractsCreated: 6, contractsUnchanged: 4 });
    expect(snapshot(chunked.peek)).toEqual(snapshot(rows.peek));
  });
});
