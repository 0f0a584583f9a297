import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../server/src/demo';
import type { Store } from '../../server/src/ports/repositories';
import { createSqliteStore } from '../../server/src/store/sqlite/index';

// The wallboard reads today's figures incrementally (only rows new or still open since the last read): they
// must stay equal to the reports' full query however the rows arrive and change.
let dir: string;
let store: Store;
let db: Database.Database;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-today-'));
  const file = path.join(dir, 'quita.db');
  store = createSqliteStore(file);
  await loadDemoData(store, Date.now());
  db = new Database(file);
});
afterAll(async () => {
  db.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const DAY = Date.parse('2026-11-24T00:00:00-03:00');
const HOUR = 3_600_000;

describe("the wallboard's today figures (real SQLite file)", () => {
  it('agree with the report query while attempts start, get answered, end, and agreements and payments arrive', async () => {
    const debtors = db.prepare('SELECT debtor_id FROM campaign_members WHERE campaign_id = 1 LIMIT 40').pluck().all() as number[];
    const phoneOf = db.prepare('SELECT id FROM phones WHERE debtor_id = ? LIMIT 1').pluck();
    const agent = db.prepare("SELECT id FROM users WHERE role = 'agent'").pluck().get() as number;
    const lease = db.prepare('INSERT INTO leases (campaign_id, debtor_id, phone_id, user_id, created_at, expires_at, released_at) VALUES (1, ?, ?, ?, 0, 0, 0)');
    const attempt = db.prepare(
      `INSERT INTO dial_attempts (lease_id, campaign_id, debtor_id, phone_id, user_id, mode, caller_id, started_at, answered_at, ended_at, outcome)
       VALUES (?, 1, ?, ?, ?, 'preview', '+551130000000', ?, ?, ?, ?)`,
    );
    const add = (i: number, at: number, answeredAt: number | null, endedAt: number | null, outcome: string | null) => {
      const d = debtors[i % debtors.length]!;
      const phone = phoneOf.get(d) as number;
      const leaseId = Number(lease.run(d, phone, agent).lastInsertRowid);
      return Number(attempt.run(leaseId, d, phone, agent, at, answeredAt, endedAt, outcome).lastInsertRowid);
    };
    const compare = async () => {
      const full = (await store.reports.campaignKpis(DAY, DAY + 24 * HOUR)).find((k) => k.campaignId === 1)!;
      const live = (await store.reports.todayByCampaign(DAY)).get(1)!;
      const { campaignId: _c, campaignName: _n, teamId: _t, ...expected } = full;
      expect(live).toEqual(expected);
    };

    // yesterday's attempt: not today's
    add(0, DAY - HOUR, DAY - HOUR + 5000, DAY - HOUR + 60_000, 'rpc');
    const ringing = add(1, DAY + 9 * HOUR, null, null, null);
    add(2, DAY + 9 * HOUR + 1000, null, DAY + 9 * HOUR + 20_000, 'busy');
    const talking = add(3, DAY + 10 * HOUR, DAY + 10 * HOUR + 8000, null, null);
    add(4, DAY + 10 * HOUR + 5000, DAY + 10 * HOUR + 9000, DAY + 10 * HOUR + 12_000, 'machine');
    await compare();
    // the open ones change: the ringing one is abandoned, the talk ends in a promise; more attempts come
    db.prepare("UPDATE dial_attempts SET answered_at = ?, ended_at = ?, outcome = 'abandoned' WHERE id = ?").run(DAY + 9 * HOUR + 4000, DAY + 9 * HOUR + 6000, ringing);
    await compare();
    db.prepare("UPDATE dial_attempts SET ended_at = ?, outcome = 'promise' WHERE id = ?").run(DAY + 10 * HOUR + 200_000, talking);
    for (let i = 5; i < 30; i++) add(i, DAY + 11 * HOUR + i * 1000, i % 3 ? DAY + 11 * HOUR + i * 1000 + 7000 : null, DAY + 11 * HOUR + i * 1000 + 90_000, ['no_answer', 'rpc', 'refused'][i % 3]!);
    const agreement = db.prepare("INSERT INTO agreements (debtor_id, user_id, balance_cents, discount_cents, total_cents, terms, created_at) VALUES (?, ?, 100000, 10000, 90000, '{}', ?)");
    agreement.run(debtors[3], agent, DAY + 10 * HOUR + 210_000);
    agreement.run(debtors[4], agent, DAY - HOUR); // yesterday
    db.prepare("INSERT INTO payments (source, external_id, debtor_id, amount_cents, paid_at, received_at) VALUES ('manual', 'x1', ?, 12345, '2026-11-24', ?)").run(debtors[5], DAY + 11 * HOUR);
    await compare();
    await compare();
    const live = (await store.reports.todayByCampaign(DAY)).get(1)!;
    expect(live).toMatchObject({ dials: 29, abandoned: 1, agreements: 1, agreementsCents: 90_000, recoveredCents: 12_345 });
    // a new day starts from nothing
    expect((await store.reports.todayByCampaign(DAY + 24 * HOUR)).get(1)).toBeUndefined();
  });
});
