import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { cpfCheckDigits } from '../../shared/document';
import { runImport } from '../../server/src/mailing/run-import';
import { systemClock } from '../../server/src/ports/clock';
import { openDatabase } from '../../server/src/store/sqlite/database';
import { sqliteMailing } from '../../server/src/store/sqlite/mailing';
import { insertPromise } from '../../server/src/store/sqlite/promises';
import { mailingTestStore } from '../support/mailing-store';

/**
 * A creditor's next full file (`new`) must not undo what happened to its debtors since the last one: a
 * reassignment to another team or an outside agency, an open promise, an active agreement. The same story
 * runs on the row path and on the bulk load, each on a real SQLite file, with the real teams store.
 */
const cpf = (n: number) => {
  const base = String(n).padStart(9, '0');
  return base + cpfCheckDigits(base);
};
const DEBTORS = ['team', 'agency', 'promise', 'agreement', 'limit', 'keptPromise', 'untouched', 'promiseLeftOut'] as const;
type Who = (typeof DEBTORS)[number];
const documentOf = (who: Who) => cpf(500000001 + DEBTORS.indexOf(who));

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

/** One line per debtor; balances 1,00 · 2,00 · … so a reassignment rule can pick each by its balance. */
function file(dir: string, leaveOut: Who[] = []): string {
  const lines = ['documento;nome;contrato;valor;vencimento;telefone1'];
  DEBTORS.forEach((who, i) => leaveOut.includes(who) || lines.push(`${documentOf(who)};Devedor ${who};R-${i + 1};${i + 1},00;01/01/2024;(11) 98888-000${i + 1}`));
  const f = path.join(dir, 'carteira.csv');
  fs.writeFileSync(f, lines.join('\n'));
  return f;
}

async function story(bulk: boolean) {
  const t = await mailingTestStore();
  const conn = openDatabase(t.dbFile);
  cleanups.push(async () => {
    conn.close();
    await t.close();
  });
  const mailing = sqliteMailing(conn, bulk ? { bulkChunkLines: 2 } : { bulk: false });
  const run = async (campaignId: number, mode: 'new' | 'append', leaveOut: Who[] = []) => {
    const r = await runImport(mailing, systemClock, { campaignId, filePath: file(t.dir, leaveOut), mode, confirmDuplicate: true });
    if (!r.ok) throw new Error(r.error.message);
    return r.data.counts;
  };
  const id = (who: Who) => t.peek.prepare('SELECT id FROM debtors WHERE document = ?').pluck().get(documentOf(who)) as number;
  const members = (campaignId: number) =>
    Object.fromEntries(
      (t.peek.prepare('SELECT d.document, m.done_reason FROM campaign_members m JOIN debtors d ON d.id = m.debtor_id WHERE m.campaign_id = ?').all(campaignId) as { document: string; done_reason: string | null }[])
        .map((m) => [DEBTORS.find((w) => documentOf(w) === m.document) ?? m.document, m.done_reason]),
    );

  const first = await run(1, 'new');
  expect(first.membersAdded).toBe(DEBTORS.length);

  // a partner team works campaign 2; campaign 3 has no team
  const team = await t.store.teams.create('Equipe Parceira', Date.now());
  if (!team.ok) throw new Error(team.error.message);
  conn.prepare("INSERT INTO campaigns (portfolio_id, name, mode, team_id, created_at) VALUES (1, 'Parceira', 'preview', ?, 0), (1, 'Sem equipe', 'preview', NULL, 0)").run(team.data.id);
  const [partner, noTeam] = conn.prepare("SELECT id FROM campaigns WHERE name IN ('Parceira', 'Sem equipe') ORDER BY name").pluck().all() as number[];
  const admin = conn.prepare("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1").pluck().get() as number;
  const moved = await t.store.teams.reassign(1, {
    method: 'rule',
    targets: [
      { target: { kind: 'team', teamId: team.data.id, campaignId: partner! }, rule: { minBalanceCents: 100, maxBalanceCents: 100 } },
      { target: { kind: 'agency', agency: 'Cobradora Externa' }, rule: { minBalanceCents: 200, maxBalanceCents: 200 } },
    ],
  }, admin, Date.now(), new Set());
  expect(moved.ok && moved.data.moved.map((m) => m.debtors)).toEqual([1, 1]);
  // as the dialer and the negotiation store leave them: an open promise, an active agreement, out of attempts, a kept promise
  const leave = conn.prepare('UPDATE campaign_members SET done_reason = ?, done_at = ? WHERE campaign_id = 1 AND debtor_id = ?');
  insertPromise(conn, { debtorId: id('promise'), campaignId: 1, attemptId: null, userId: admin, amountCents: 300, dueDate: '2099-12-31', defaultReason: null, at: Date.now() });
  leave.run('promise', Date.now(), id('promise'));
  conn.prepare("INSERT INTO agreements (debtor_id, user_id, balance_cents, discount_cents, total_cents, terms, created_at) VALUES (?, ?, 400, 0, 400, '{}', ?)").run(id('agreement'), admin, Date.now());
  leave.run('agreement', Date.now(), id('agreement'));
  leave.run('attempt_limit', Date.now(), id('limit'));
  const kept = insertPromise(conn, { debtorId: id('keptPromise'), campaignId: 1, attemptId: null, userId: admin, amountCents: 600, dueDate: '2024-01-01', defaultReason: null, at: Date.now() });
  conn.prepare("UPDATE promises SET status = 'kept' WHERE id = ?").run(kept);
  leave.run('promise', Date.now(), id('keptPromise'));
  insertPromise(conn, { debtorId: id('promiseLeftOut'), campaignId: 1, attemptId: null, userId: admin, amountCents: 800, dueDate: '2099-12-31', defaultReason: null, at: Date.now() });
  leave.run('promise', Date.now(), id('promiseLeftOut'));

  // the creditor sends its full file again, without one debtor (the promise's breaking must not bring that one back here)
  const again = await run(1, 'new', ['promiseLeftOut']);
  expect(members(1)).toEqual({ team: 'reassigned', agency: 'agency', promise: 'promise', agreement: 'agreement', limit: null, keptPromise: null, untouched: null });
  expect(again).toMatchObject({ membersRemoved: 4, membersAdded: 3 });
  expect(members(partner!)).toEqual({ team: null });
  // an append file into other campaigns: the agency's debtor joins none, the team's only its own team's
  const third = await run(noTeam!, 'append');
  expect(members(noTeam!)).toEqual({ promise: null, agreement: null, limit: null, keptPromise: null, untouched: null, promiseLeftOut: null });
  const partnerAppend = await run(partner!, 'append');
  expect(members(partner!)).toEqual({ team: null, promise: null, agreement: null, limit: null, keptPromise: null, untouched: null, promiseLeftOut: null });
  return { first, again, third, partnerAppend, members: [members(1), members(partner!), members(noTeam!)] };
}

describe("a 'new' mailing keeps reassignments, promises and agreements (real SQLite files)", () => {
  it('leaves moved and promised debtors out of the source campaign and re-adds the others, on both paths alike', async () => {
    const rowPath = await story(false);
    const bulk = await story(true);
    expect(bulk).toEqual(rowPath);
  });
});
