import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import type { AgentPresence, PublicUser } from '../../shared/api';
import { cpfCheckDigits } from '../../shared/document';
import { DEFAULT_CAMPAIGN_SETTINGS, type CampaignSettings, type DialCommand, type DialMode, type Lead } from '../../shared/dialer';
import type { CampaignId, UserId } from '../../shared/ids';
import { DialerService } from '../../server/src/dialer/dialer-service';
import type { Store } from '../../server/src/ports/repositories';
import { PresenceService } from '../../server/src/services/presence';
import { openDatabase } from '../../server/src/store/sqlite/database';
import { createSqliteStore } from '../../server/src/store/sqlite/index';

/** Tuesday 24/11/2026 10:00 in Brasília (13:00 UTC): inside every default calling window. */
export const TUESDAY_10H = Date.parse('2026-11-24T13:00:00Z');
export const MINUTE = 60_000;

export interface DebtorSeed {
  name?: string;
  balance: number;
  dueDate?: string;
  phones: string[];
}

export interface Pushed {
  leads: { userId: UserId; lead: Lead }[];
  dials: { userId: UserId; command: DialCommand }[];
  cancels: { userId: UserId; attemptId: number; reason: string }[];
  revoked: { userId: UserId; leaseId: number; reason: string }[];
  paid: { userId: UserId; leaseId: number; amountCents: number }[];
}

/**
 * A real SQLite file with a creditor, a campaign, agents and debtors, and a DialerService wired to a real
 * PresenceService on a fake clock (as the app wires them), with the pushes recorded.
 */
export async function dialerFixture(options: {
  mode?: DialMode;
  agents?: number;
  debtors: DebtorSeed[];
  settings?: Partial<CampaignSettings>;
  callerIds?: string[];
  start?: number;
  leaseTtlMs?: number;
  ringTimeoutMs?: number;
  file?: string;
}) {
  const dir = options.file ? path.dirname(options.file) : fs.mkdtempSync(path.join(os.tmpdir(), 'quita-dialer-'));
  const file = options.file ?? path.join(dir, 'quita.db');
  const clock = { t: options.start ?? TUESDAY_10H, now() { return this.t; } };
  const seedDb = openDatabase(file);
  let agents: PublicUser[] = [];
  let campaignId = 0;
  if (!options.file) {
    const seeded = seed(seedDb, options, clock.t);
    agents = seeded.agents;
    campaignId = seeded.campaignId;
  } else {
    agents = (seedDb.prepare("SELECT id, username, display_name AS displayName, role FROM users WHERE role = 'agent' ORDER BY id").all() as PublicUser[]);
    campaignId = seedDb.prepare('SELECT id FROM campaigns ORDER BY id LIMIT 1').pluck().get() as number;
  }
  seedDb.close();

  const store: Store = createSqliteStore(file);
  const peek = new Database(file, { readonly: true });
  const pushed: Pushed = { leads: [], dials: [], cancels: [], revoked: [], paid: [] };
  let dialer: DialerService | null = null;
  const presence = new PresenceService({ clock, offlineGraceMs: 0, onChange: (p: AgentPresence) => dialer?.onPresence(p) });
  dialer = new DialerService({
    store: store.dialer,
    clock,
    logger: pino({ level: 'silent' }),
    agentState: (id) => presence.get(id),
    dispatchAgent: (id, e) => presence.dispatch(id, e),
    leaseTtlMs: options.leaseTtlMs,
    ringTimeoutMs: options.ringTimeoutMs,
    push: {
      lead: (userId, lead) => pushed.leads.push({ userId, lead }),
      dial: (userId, command) => pushed.dials.push({ userId, command }),
      cancel: (userId, c) => pushed.cancels.push({ userId, ...c }),
      revoked: (userId, r) => pushed.revoked.push({ userId, ...r }),
      paid: (userId, p) => pushed.paid.push({ userId, leaseId: p.leaseId, amountCents: p.amountCents }),
    },
  });
  await dialer.start();
  const service = dialer;
  let paymentSeq = 0;

  /** Lets the fire-and-forget assignments triggered by presence changes finish. */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 10)); // the 5 ms lease batch
  };

  return {
    file,
    clock,
    store,
    dialer: service,
    presence,
    pushed,
    peek,
    agents,
    campaignId: campaignId as CampaignId,
    settle,
    async available(agent: PublicUser) {
      if (presence.get(agent.id)?.state.name === 'offline' || !presence.get(agent.id)) presence.connected(agent);
      presence.dispatch(agent.id, { type: 'goAvailable' });
      await settle();
    },
    lastLead(agent: PublicUser): Lead | undefined {
      return pushed.leads.filter((l) => l.userId === agent.id).at(-1)?.lead;
    },
    /**
     * The payment's own transaction (store.payments.recordPayment), paying `amountCents` over the debtor's open
     * contracts: leaving nothing open, it closes the debtor's campaign rows as paid. PaymentService then calls
     * dialer.stopDebtor; tests do that themselves, to see what it did.
     */
    async recordPayment(debtorId: number, amountCents: number) {
      const document = peek.prepare('SELECT document FROM debtors WHERE id = ?').pluck().get(debtorId) as string;
      const recorded = await store.payments.recordPayment({
        source: 'manual', externalId: `test-${++paymentSeq}`, document, contractNumber: null, amountCents,
        paidAt: new Date(clock.t).toISOString(), receivedAt: clock.t, userId: null, installment: null,
      });
      if (!recorded.ok) throw new Error(recorded.error.message);
      return recorded.data;
    },
    count(sql: string, ...params: unknown[]): number {
      return peek.prepare(sql).pluck().get(...params) as number;
    },
    async close() {
      service.stop();
      presence.stop();
      peek.close();
      await store.close();
      if (!options.file) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type DialerFixture = Awaited<ReturnType<typeof dialerFixture>>;

let cpfSeq = 100_000_000;
function nextCpf(): string {
  const base = String(cpfSeq++).padStart(9, '0');
  return base + cpfCheckDigits(base);
}

function seed(db: Database.Database, o: Parameters<typeof dialerFixture>[0], now: number) {
  return db.transaction(() => {
    const agents: PublicUser[] = [];
    for (let i = 1; i <= (o.agents ?? 2); i++) {
      const id = Number(db.prepare("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES (?, ?, 'agent', 'x', 0)").run(`agente${i}`, `Agente ${i}`).lastInsertRowid);
      agents.push({ id: id as UserId, username: `agente${i}`, displayName: `Agente ${i}`, role: 'agent' });
    }
    db.prepare("INSERT INTO creditors (name, cnpj, address) VALUES ('Banco Teste', '11222333000181', 'Rua A, 1')").run();
    db.prepare("INSERT INTO portfolios (creditor_id, name, created_at) VALUES (1, 'Cartões', 0)").run();
    const settings = { ...DEFAULT_CAMPAIGN_SETTINGS, ...o.settings };
    const campaignId = Number(
      db.prepare("INSERT INTO campaigns (portfolio_id, name, mode, status, created_at, settings) VALUES (1, 'Teste', ?, 'active', 0, ?)").run(o.mode ?? 'preview', JSON.stringify(settings)).lastInsertRowid,
    );
    for (const a of agents) db.prepare('INSERT INTO campaign_agents (campaign_id, user_id) VALUES (?, ?)').run(campaignId, a.id);
    o.debtors.forEach((d, i) => {
      const debtorId = Number(db.prepare("INSERT INTO debtors (document_kind, document, name, created_at) VALUES ('cpf', ?, ?, 0)").run(nextCpf(), d.name ?? `Devedor ${i + 1}`).lastInsertRowid);
      db.prepare("INSERT INTO contracts (debtor_id, portfolio_id, number, product, original_amount_cents, due_date) VALUES (?, 1, ?, 'cartão', ?, ?)").run(debtorId, `K-${debtorId}`, d.balance, d.dueDate ?? '2025-01-10');
      for (const e164 of d.phones) db.prepare("INSERT INTO phones (debtor_id, e164, ddd, kind, source) VALUES (?, ?, ?, 'mobile', 'test')").run(debtorId, e164, e164.slice(3, 5));
      db.prepare('INSERT INTO campaign_members (campaign_id, debtor_id) VALUES (?, ?)').run(campaignId, debtorId);
    });
    for (const c of o.callerIds ?? ['+551130000001', '+552130000001', '+551230000001']) {
      db.prepare("INSERT INTO caller_ids (e164, ddd, trunk, attested) VALUES (?, ?, 'trunk-a', 1)").run(c, c.slice(3, 5));
    }
    void now;
    return { agents, campaignId };
  })();
}
