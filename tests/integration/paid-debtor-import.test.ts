import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpfCheckDigits } from '../../shared/document';
import { DEFAULT_CAMPAIGN_SETTINGS, type CampaignDetail } from '../../shared/dialer';
import type { ImportRecord } from '../../shared/mailing';
import type { PaymentApplied } from '../../shared/payments';
import { api, loginAs, startTestServer, type TestServer } from '../support/test-server';

/**
 * A debtor the dialer stopped because everything was paid, who later gets a new open contract through a
 * mailing import, is dialable again once the import commits (new, append and update files); a debtor still
 * fully paid stays out. Real server, real HTTP, the import's worker thread, a real SQLite file.
 */
let server: TestServer;
let admin: string;
let supervisor: string;
let peek: Database.Database;
beforeAll(async () => {
  // Tuesday 10:00 in Brasília: inside calling hours
  server = await startTestServer({ QUITA_CLOCK_START: '2026-11-24T10:00:00-03:00' });
  admin = (await loginAs(server, 'admin')).token;
  supervisor = (await loginAs(server, 'supervisor')).token;
  peek = new Database(server.dbFile, { readonly: true });
});
afterAll(async () => {
  peek.close();
  await server.close();
});

interface Debtor { id: number; document: string; name: string; open: number }
const campaignPortfolio = () => peek.prepare('SELECT portfolio_id FROM campaigns WHERE id = 1').pluck().get() as number;

/** Members of campaign 1 with open contracts in its portfolio only, not yet taken (so a write-off pays all they owe). */
function debtorsOfCampaign1(n: number): Debtor[] {
  return peek
    .prepare(
      `SELECT d.id, d.document, d.name, SUM(c.original_amount_cents) AS open FROM debtors d
         JOIN campaign_members m ON m.debtor_id = d.id AND m.campaign_id = 1 AND m.done_reason IS NULL
         JOIN contracts c ON c.debtor_id = d.id AND c.status = 'open'
        WHERE NOT EXISTS (SELECT 1 FROM contracts o WHERE o.debtor_id = d.id AND o.status != 'open')
        GROUP BY d.id ORDER BY d.id DESC LIMIT ?`,
    )
    .all(n) as Debtor[];
}

async function payEverything(d: Debtor, paymentNumber: number) {
  const r = await api<PaymentApplied>(server.url, 'POST', '/api/payments/write-off', {
    token: supervisor, body: { document: d.document, amountCents: d.open, paidAt: '2026-11-24', reason: `quitado no balcão ${paymentNumber}` },
  });
  expect(r.body).toMatchObject({ ok: true, data: { openContracts: 0 } });
}

/** Debtors the dialer holds in the campaign's queue (ready, waiting for a time, prepared or leased). */
async function queued(campaignId: number): Promise<number> {
  const r = await api<CampaignDetail & { leads: { leadsReady: number; leadsWaiting: number; leased: number } }>(server.url, 'GET', `/api/campaigns/${campaignId}`, { token: admin });
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  const { leadsReady, leadsWaiting, leased } = r.body.data.leads;
  return leadsReady + leadsWaiting + leased;
}

let fileNumber = 0;
async function importFile(campaignId: number, mode: 'new' | 'append' | 'update', lines: string[]) {
  const csv = ['documento;nome;contrato;valor;vencimento;telefone1', ...lines].join('\n');
  const r = await fetch(`${server.url}/api/imports?campaignId=${campaignId}&mode=${mode}&fileName=f${++fileNumber}.csv`, {
    method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' }, body: csv,
  });
  expect(r.status).toBe(202);
  const { data } = (await r.json()) as { data: { importId: number } };
  await expect.poll(async () => {
    const record = await api<ImportRecord>(server.url, 'GET', `/api/imports/${data.importId}`, { token: admin });
    return record.body.ok ? record.body.data.status : null;
  }, { timeout: 10_000 }).toBe('completed');
}

const memberState = (campaignId: number, debtorId: number) =>
  peek.prepare('SELECT done_reason FROM campaign_members WHERE campaign_id = ? AND debtor_id = ?').pluck().get(campaignId, debtorId);
const line = (d: { document: string; name: string }, contract: string, phone: string) => `${d.document};${d.name};${contract};150,00;10/10/2026;${phone}`;

describe('a paid debtor with a new open contract from a mailing is dialed again (real server)', () => {
  it('append and update files bring back the debtor stopped as paid; one still fully paid stays stopped', async () => {
    const [a, b, c] = debtorsOfCampaign1(3);
    const paidContractOfB = peek.prepare('SELECT number FROM contracts WHERE debtor_id = ? ORDER BY id LIMIT 1').pluck().get(b!.id) as string;
    const before = await queued(1);
    await payEverything(a!, 1);
    await payEverything(b!, 2);
    await payEverything(c!, 3);
    expect(await queued(1)).toBe(before - 3);
    expect([memberState(1, a!.id), memberState(1, b!.id), memberState(1, c!.id)]).toEqual(['paid', 'paid', 'paid']);

    // append: a new open contract for A, B's paid contract again (never brought back)
    await importFile(1, 'append', [line(a!, 'NOVO-A-1', '(11) 98765-4301'), line(b!, paidContractOfB, '(11) 98765-4302')]);
    await expect.poll(() => queued(1), { timeout: 5_000 }).toBe(before - 2);
    expect(memberState(1, a!.id)).toBeNull();
    expect(memberState(1, b!.id)).toBe('paid');

    // update (the row-at-a-time path): a new open contract for C
    await importFile(1, 'update', [line(c!, 'NOVO-C-1', '(11) 98765-4303')]);
    await expect.poll(() => queued(1), { timeout: 5_000 }).toBe(before - 1);
    expect(memberState(1, c!.id)).toBeNull();
    expect(memberState(1, b!.id)).toBe('paid');
    expect(peek.prepare("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND status = 'open'").pluck().get(b!.id)).toBe(0);
  });

  it('a new file into another campaign brings a debtor stopped as paid into its queue, next to a new debtor', async () => {
    const [d] = debtorsOfCampaign1(1);
    await payEverything(d!, 4);
    const created = await api<CampaignDetail>(server.url, 'POST', '/api/admin/campaigns', {
      token: admin, body: { name: 'Recompra', portfolioId: campaignPortfolio(), mode: 'preview', status: 'active', agentIds: [], settings: DEFAULT_CAMPAIGN_SETTINGS },
    });
    if (!created.body.ok) throw new Error(JSON.stringify(created.body));
    const id = created.body.data.id;
    const base = '987654321';
    const fresh = { document: base + cpfCheckDigits(base), name: 'Devedor Novo' };
    await importFile(id, 'new', [line(d!, 'NOVO-D-1', '(11) 98765-4304'), line(fresh, 'NOVO-E-1', '(11) 98765-4305')]);
    await expect.poll(() => queued(id), { timeout: 5_000 }).toBe(2);
    expect(memberState(id, d!.id)).toBeNull();
    // the campaign the payment closed keeps it closed: the new debt is worked where it was imported
    expect(memberState(1, d!.id)).toBe('paid');
  });

  it('a debtor who kept a promise by paying everything (row closed as promise) is dialed again when an append brings a new open contract; the row starts afresh', async () => {
    const [a] = debtorsOfCampaign1(1);
    // the agent recorded a promise in campaign 1 (what finishAttempt + insertPromise write)
    const rw = new Database(server.dbFile);
    rw.prepare("UPDATE campaign_members SET done_reason = 'promise', done_at = 1, attempts = 3 WHERE campaign_id = 1 AND debtor_id = ?").run(a!.id);
    rw.prepare("INSERT INTO promises (debtor_id, campaign_id, amount_cents, due_date, created_at) VALUES (?, 1, ?, '2026-11-30', ?)").run(a!.id, a!.open, Date.parse('2026-11-24T09:00:00-03:00'));
    rw.close();
    // the promise disposition took the debtor out of the in-memory queue: a reload does the same here
    const got = await api<CampaignDetail>(server.url, 'GET', '/api/campaigns/1', { token: admin });
    if (!got.body.ok) throw new Error('campaign');
    const { name, portfolioId, mode, status, agentIds, settings } = got.body.data;
    expect((await api(server.url, 'PUT', '/api/admin/campaigns/1', { token: admin, body: { name, portfolioId, mode, status, agentIds, settings } })).body).toMatchObject({ ok: true });
    const before = await queued(1);
    // the debtor keeps the promise by paying everything
    await payEverything(a!, 5);
    expect(memberState(1, a!.id)).toBe('promise');
    expect(peek.prepare('SELECT status FROM promises WHERE debtor_id = ?').pluck().get(a!.id)).toBe('kept');
    // the creditor sends a new debt
    await importFile(1, 'append', [line(a!, 'NOVO-P-1', '(11) 98765-4311')]);
    expect(peek.prepare("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND status = 'open'").pluck().get(a!.id)).toBe(1);
    await expect.poll(() => queued(1), { timeout: 5_000 }).toBe(before + 1);
    expect(memberState(1, a!.id)).toBeNull();
    expect(peek.prepare('SELECT attempts, next_attempt_at FROM campaign_members WHERE campaign_id = 1 AND debtor_id = ?').get(a!.id)).toEqual({ attempts: 0, next_attempt_at: 0 });
  });
});
