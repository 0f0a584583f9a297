import { campaignSettingsSchema, DEFAULT_CAMPAIGN_SETTINGS, type CampaignDetail, type CampaignSettings, type CampaignUpsert } from '../../../../shared/dialer';
import type { AttemptId, CallbackId, CampaignId, DebtorId, LeaseId, PhoneId, UserId } from '../../../../shared/ids';
import type { Uf } from '../../../../shared/phone';
import type { NumberDay, PoolNumber } from '../../domain/dialer/caller-id';
import { leadColumns, type DialablePhone } from '../../domain/dialer/retry';
import type { CallerIdRow, DialerStore, DueCallback, OpenLease } from '../../ports/dialer';
import { err, ok, type Result } from '../../../../shared/result';
import type { Db } from './database';
import type { WriteJournal } from './write-journal';
import { breakOverduePromises, insertPromise, promisesOf } from './promises';

interface CampaignRow {
  id: number;
  name: string;
  portfolio_id: number;
  mode: CampaignDetail['mode'];
  status: CampaignDetail['status'];
  settings: string;
  team_id: number | null;
}

/** Stored settings may predate a field: missing parts take the defaults. */
function parseSettings(json: string): CampaignSettings {
  const stored = JSON.parse(json) as Partial<CampaignSettings>;
  const merged = { ...DEFAULT_CAMPAIGN_SETTINGS, ...stored, retry: { ...DEFAULT_CAMPAIGN_SETTINGS.retry, ...stored.retry } };
  const parsed = campaignSettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_CAMPAIGN_SETTINGS;
}

const leaseOf = (r: { id: number; campaign_id: number; debtor_id: number; user_id: number; expires_at: number }): OpenLease => ({
  id: r.id as LeaseId,
  campaignId: r.campaign_id as CampaignId,
  debtorId: r.debtor_id as OpenLease['debtorId'],
  userId: r.user_id as OpenLease['userId'],
  expiresAt: r.expires_at,
});

const callerIdRow = (r: { e164: string; ddd: string; trunk: string; attested: number; active: number; daily_cap: number; fallback: number }): CallerIdRow => ({
  e164: r.e164, ddd: r.ddd, trunk: r.trunk, attested: r.attested === 1, active: r.active === 1, dailyCap: r.daily_cap, fallback: r.fallback === 1,
});

export function sqliteDialer(db: Db, journal: WriteJournal): DialerStore & { pendingWrites(): number } {
  const agentsOf = db.prepare('SELECT user_id FROM campaign_agents WHERE campaign_id = ? ORDER BY user_id').pluck();
  const detail = (row: CampaignRow): CampaignDetail => ({
    id: row.id as CampaignId,
    name: row.name,
    portfolioId: row.portfolio_id,
    mode: row.mode,
    status: row.status,
    agentIds: agentsOf.all(row.id) as number[],
    teamId: row.team_id,
    settings: parseSettings(row.settings),
  });
  const byId = db.prepare('SELECT id, name, portfolio_id, mode, status, settings, team_id FROM campaigns WHERE id = ?');

  /** Checks references first so the admin is told which one is wrong (not a bare FOREIGN KEY failure). */
  const checkRefs = (c: CampaignUpsert, self: number | null): Result<null> => {
    if (!db.prepare('SELECT 1 FROM portfolios WHERE id = ?').get(c.portfolioId)) return err('bad_request', `portfolioId: portfolio ${c.portfolioId} does not exist`);
    const agents = db.prepare("SELECT 1 FROM users WHERE role = 'agent' AND id = ?");
    for (const id of c.agentIds) if (!agents.get(id)) return err('bad_request', `agentIds: user ${id} is not an agent`);
    if (c.teamId && !db.prepare('SELECT 1 FROM teams WHERE id = ?').get(c.teamId)) return err('bad_request', `teamId: team ${c.teamId} does not exist`);
    const sameName = db.prepare('SELECT id FROM campaigns WHERE name = ?').get(c.name) as { id: number } | undefined;
    if (sameName && sameName.id !== self) return err('conflict', `name: a campaign named "${c.name}" already exists`);
    return ok(null);
  };
  const setAgents = (id: number, agentIds: number[]) => {
    db.prepare('DELETE FROM campaign_agents WHERE campaign_id = ?').run(id);
    const insert = db.prepare('INSERT OR IGNORE INTO campaign_agents (campaign_id, user_id) VALUES (?, ?)');
    for (const a of agentIds) insert.run(id, a);
  };

  const phonesOf = db.prepare(
    `SELECT p.id, p.e164, p.ddd, p.status,
            EXISTS (SELECT 1 FROM do_not_call d WHERE d.list = 'internal' AND d.e164 = p.e164) AS internal_dnc,
            EXISTS (SELECT 1 FROM do_not_call d WHERE d.list = 'nao_me_ligue' AND d.e164 = p.e164) AS nao_me_ligue,
            (SELECT COUNT(*) FROM dial_attempts a WHERE a.phone_id = p.id AND a.started_at >= @dayStart) AS today,
            (SELECT MAX(a.started_at) FROM dial_attempts a WHERE a.phone_id = p.id) AS last_at
       FROM phones p WHERE p.debtor_id = @debtorId ORDER BY p.id`,
  );
  const debtorOf = db.prepare(
    `SELECT d.name, d.document_kind, d.document, d.over_indebted_hold,
            (SELECT COUNT(*) FROM contracts c WHERE c.debtor_id = d.id AND c.status = 'open') AS open_contracts,
            (SELECT COUNT(*) FROM contracts c WHERE c.debtor_id = d.id AND c.status = 'open' AND c.prescribed = 0) AS collectible,
            (SELECT a.uf FROM debtor_addresses a WHERE a.debtor_id = d.id ORDER BY a.id LIMIT 1) AS uf,
            (SELECT a.city FROM debtor_addresses a WHERE a.debtor_id = d.id ORDER BY a.id LIMIT 1) AS city
       FROM debtors d WHERE d.id = ?`,
  );
  const memberOf = db.prepare(
    `SELECT m.attempts,
            (SELECT COUNT(*) FROM dial_attempts a WHERE a.debtor_id = m.debtor_id AND a.campaign_id = m.campaign_id AND a.started_at >= @dayStart) AS today
       FROM campaign_members m WHERE m.campaign_id = @campaignId AND m.debtor_id = @debtorId AND m.done_reason IS NULL`,
  );
  const insertLease = db.prepare(
    `INSERT INTO leases (id, campaign_id, debtor_id, phone_id, user_id, callback_id, created_at, expires_at)
     VALUES (@id, @campaignId, @debtorId, @phoneId, @userId, @callbackId, @at, @expiresAt)`,
  );
  /*
   * The dialer's writes go through the store's write journal: a mailing import holding the lock never stalls
   * the dialer. Ids are assigned here, so callers never wait for a commit. Leases are batched (one commit per
   * 5 ms), moved into the journal ahead of any later write so rows that reference a lease find it.
   */
  const maxId = (table: string) => db.prepare(`SELECT COALESCE(MAX(id), 0) FROM ${table}`).pluck().get() as number;
  let lastLeaseId = maxId('leases');
  let lastAttemptId = maxId('dial_attempts');
  let lastCallbackId = maxId('callbacks');
  let pendingLeases: Record<string, unknown>[] = [];
  let leaseTimer: ReturnType<typeof setTimeout> | null = null;
  let leaseConflicts = 0;
  let batching = false;
  journal.beforeEach(() => {
    if (leaseTimer) clearTimeout(leaseTimer);
    leaseTimer = null;
    if (pendingLeases.length === 0 || batching) return;
    const rows = pendingLeases;
    pendingLeases = [];
    batching = true;
    try {
      journal.write(() => {
        for (const row of rows) {
          try {
            insertLease.run(row);
          } catch (e) {
            if ((e as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
            leaseConflicts++;
          }
        }
      });
    } finally {
      batching = false;
    }
  });
  const write = (step: () => void) => journal.write(step);
  const flushLeases = () => journal.drain();
  const closeLease = db.prepare('UPDATE leases SET released_at = ? WHERE id = ? AND released_at IS NULL');
  const insertAttempt = db.prepare(
    `INSERT INTO dial_attempts (id, lease_id, campaign_id, debtor_id, phone_id, user_id, mode, caller_id, started_at)
     VALUES (@id, @leaseId, @campaignId, @debtorId, @phoneId, @userId, @mode, @callerId, @at)`,
  );
  const countAttempt = db.prepare('UPDATE campaign_members SET attempts = attempts + 1 WHERE campaign_id = ? AND debtor_id = ?');

  return {
    async listPortfolios() {
      return db
        .prepare('SELECT p.id, p.name, c.name AS creditor_name FROM portfolios p JOIN creditors c ON c.id = p.creditor_id ORDER BY c.name, p.name')
        .all()
        .map((r) => {
          const row = r as { id: number; name: string; creditor_name: string };
          return { id: row.id, name: row.name, creditorName: row.creditor_name };
        });
    },
    async listCampaignDetails() {
      return (db.prepare('SELECT id, name, portfolio_id, mode, status, settings, team_id FROM campaigns ORDER BY id').all() as CampaignRow[]).map(detail);
    },
    async getCampaign(id) {
      const row = byId.get(id) as CampaignRow | undefined;
      return row ? detail(row) : null;
    },
    async createCampaign(c) {
      return db.transaction((): Result<CampaignDetail> => {
        const refs = checkRefs(c, null);
        if (!refs.ok) return refs;
        const { lastInsertRowid } = db
          .prepare('INSERT INTO campaigns (portfolio_id, name, mode, status, created_at, settings) VALUES (?, ?, ?, ?, ?, ?)')
          .run(c.portfolioId, c.name, c.mode, c.status, Date.now(), JSON.stringify(c.settings));
        setAgents(Number(lastInsertRowid), c.agentIds);
        if (c.teamId !== undefined) db.prepare('UPDATE campaigns SET team_id = ? WHERE id = ?').run(c.teamId, lastInsertRowid);
        return ok(detail(byId.get(lastInsertRowid) as CampaignRow));
      })();
    },
    async updateCampaign(id, c) {
      return db.transaction((): Result<CampaignDetail> => {
        if (!byId.get(id)) return err('not_found', `campaign ${id} does not exist`);
        const refs = checkRefs(c, id);
        if (!refs.ok) return refs;
        db.prepare('UPDATE campaigns SET portfolio_id = ?, name = ?, mode = ?, status = ?, settings = ? WHERE id = ?')
          .run(c.portfolioId, c.name, c.mode, c.status, JSON.stringify(c.settings), id);
        setAgents(id, c.agentIds);
        if (c.teamId !== undefined) db.prepare('UPDATE campaigns SET team_id = ? WHERE id = ?').run(c.teamId, id);
        return ok(detail(byId.get(id) as CampaignRow));
      })();
    },
    async loadLeads(campaignId) {
      const count = db.prepare('SELECT COUNT(*) FROM campaign_members WHERE campaign_id = ? AND done_reason IS NULL').pluck().get(campaignId) as number;
      const cols = leadColumns(count);
      const rows = db
        .prepare(
          `SELECT m.debtor_id, m.next_attempt_at, m.attempts,
                  COALESCE(SUM(c.original_amount_cents), 0), CAST(REPLACE(COALESCE(MIN(c.due_date), '9999-12-31'), '-', '') AS INTEGER)
             FROM campaign_members m
             LEFT JOIN contracts c ON c.debtor_id = m.debtor_id AND c.status = 'open'
            WHERE m.campaign_id = ? AND m.done_reason IS NULL
            GROUP BY m.debtor_id`,
        )
        .raw()
        .iterate(campaignId) as IterableIterator<[number, number, number, number, number]>;
      let i = 0;
      for (const [debtorId, nextAttemptAt, attempts, balance, oldestDue] of rows) {
        if (i === count) break;
        cols.debtorId[i] = debtorId;
        cols.nextAttemptAt[i] = nextAttemptAt;
        cols.attempts[i] = attempts;
        cols.balance[i] = balance;
        cols.oldestDue[i] = oldestDue;
        i++;
      }
      return { ...cols, count: i };
    },
    async openLeases(now) {
      return (db.prepare('SELECT id, campaign_id, debtor_id, user_id, expires_at FROM leases WHERE released_at IS NULL AND expires_at > ?').all(now) as Parameters<typeof leaseOf>[0][]).map(leaseOf);
    },
    async loadLeadDebtor(campaignId, debtorId, dayStart) {
      const member = memberOf.get({ campaignId, debtorId, dayStart }) as { attempts: number; today: number } | undefined;
      const debtor = debtorOf.get(debtorId) as
        | { name: string; document_kind: 'cpf' | 'cnpj'; document: string; over_indebted_hold: number; open_contracts: number; collectible: number; uf: Uf | null; city: string | null }
        | undefined;
      if (!member || !debtor) return null;
      const phones = (
        phonesOf.all({ debtorId, dayStart }) as { id: number; e164: string; ddd: string; status: DialablePhone['status']; internal_dnc: number; nao_me_ligue: number; today: number; last_at: number | null }[]
      ).map((p): DialablePhone => ({
        id: p.id, e164: p.e164, ddd: p.ddd, status: p.status, internalDnc: p.internal_dnc === 1, naoMeLigue: p.nao_me_ligue === 1, attemptsToday: p.today, lastAttemptAt: p.last_at,
      }));
      return {
        name: debtor.name,
        documentKind: debtor.document_kind,
        document: debtor.document,
        phones,
        attemptsToday: member.today,
        attemptsInCampaign: member.attempts,
        address: debtor.uf ? { uf: debtor.uf, city: debtor.city } : null,
        holds: { prescribed: debtor.open_contracts > 0 && debtor.collectible === 0, overIndebted: debtor.over_indebted_hold === 1, noOpenDebt: debtor.open_contracts === 0 },
      };
    },
    async openLease(lease) {
      const id = ++lastLeaseId;
      pendingLeases.push({ ...lease, id });
      leaseTimer ??= setTimeout(flushLeases, 5);
      return id as LeaseId;
    },
    async flush() {
      journal.flush();
      return { leaseConflicts };
    },
    pendingWrites: () => journal.pending() + pendingLeases.length,
    async renewLeases(ids, expiresAt) {
      const renew = db.prepare('UPDATE leases SET expires_at = ? WHERE id = ? AND released_at IS NULL');
      write(() => ids.forEach((id) => renew.run(expiresAt, id)));
    },
    async closeLease(id, at) {
      write(() => closeLease.run(at, id));
    },
    async closeExpiredLeases(now) {
      flushLeases();
      const expired = (db.prepare('SELECT id, campaign_id, debtor_id, user_id, expires_at FROM leases WHERE released_at IS NULL AND expires_at <= ?').all(now) as Parameters<typeof leaseOf>[0][]).map(leaseOf);
      if (expired.length) write(() => expired.forEach((l) => closeLease.run(now, l.id)));
      return expired;
    },
    async createAttempt(a) {
      const id = ++lastAttemptId;
      write(() => {
        countAttempt.run(a.campaignId, a.debtorId);
        insertAttempt.run({ ...a, id });
      });
      return id as AttemptId;
    },
    async markAnswered(id, at) {
      write(() => db.prepare('UPDATE dial_attempts SET answered_at = ? WHERE id = ? AND answered_at IS NULL').run(at, id));
    },
    async finishAttempt(f) {
      const callbackId = f.callback ? (++lastCallbackId as CallbackId) : null;
      write(() => {
        if (f.attemptId !== null) {
          db.prepare('UPDATE dial_attempts SET outcome = ?, sip_code = ?, note = ?, ended_at = COALESCE(ended_at, ?) WHERE id = ?')
            .run(f.outcome, f.sipCode, f.note, f.at, f.attemptId);
        }
        // the journal may run this after a transaction closed the row (an agreement, a broken promise a payment
        // kept): only an open row is closed, the reason that transaction gave stays. No next (a paid debtor): the
        // row is not touched, the payment's transaction closed it and a mailing import may have revived it since
        if (f.next?.done) {
          db.prepare('UPDATE campaign_members SET done_reason = ?, done_at = ? WHERE campaign_id = ? AND debtor_id = ? AND done_reason IS NULL').run(f.next.reason, f.at, f.campaignId, f.debtorId);
        } else if (f.next) {
          db.prepare('UPDATE campaign_members SET next_attempt_at = ? WHERE campaign_id = ? AND debtor_id = ?').run(f.next.nextAttemptAt, f.campaignId, f.debtorId);
        }
        if (f.phoneFlag) {
          db.prepare('UPDATE phones SET status = ?, status_by = ?, status_at = ? WHERE id = ?').run(f.phoneFlag.status, f.phoneFlag.userId, f.at, f.phoneFlag.phoneId);
        }
        if (f.callback) {
          db.prepare('INSERT INTO callbacks (id, campaign_id, debtor_id, phone_id, user_id, due_at, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run(callbackId, f.campaignId, f.debtorId, f.callback.phoneId, f.callback.userId, f.callback.dueAt, f.callback.createdBy, f.at);
        }
        if (f.completeCallback !== null) db.prepare("UPDATE callbacks SET status = 'done' WHERE id = ?").run(f.completeCallback);
        const d = f.disposition;
        if (d) {
          if (f.attemptId !== null) db.prepare('UPDATE dial_attempts SET default_reason = ? WHERE id = ?').run(d.defaultReason, f.attemptId);
          if (d.key !== null) db.prepare('INSERT INTO dispositions (key, user_id, lease_id, outcome, at) VALUES (?, ?, ?, ?, ?)').run(d.key, d.userId, f.leaseId, f.outcome, f.at);
          db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail, user_id) VALUES (?, ?, 'call', ?, ?, ?)")
            .run(f.debtorId, f.at, d.timeline, JSON.stringify({ attemptId: f.attemptId, outcome: f.outcome, defaultReason: d.defaultReason }), d.userId);
          if (d.promise) {
            insertPromise(db, { debtorId: f.debtorId, campaignId: f.campaignId, attemptId: f.attemptId, userId: d.userId, amountCents: d.promise.amountCents, dueDate: d.promise.dueDate, defaultReason: d.defaultReason, at: f.at });
          }
        }
        closeLease.run(f.at, f.leaseId);
      });
      return { callbackId };
    },
    // reads, no flush: WAL readers never wait, and what this process wrote lately the dialer has in memory
    async dispositionByKey(key) {
      const row = db.prepare('SELECT user_id, lease_id FROM dispositions WHERE key = ?').get(key) as { user_id: number; lease_id: number } | undefined;
      return row ? { userId: row.user_id as UserId, leaseId: row.lease_id as LeaseId } : null;
    },
    async leaseForDisposition(leaseId, dayStart) {
      const l = db.prepare('SELECT id, campaign_id, debtor_id, phone_id, user_id, callback_id, released_at FROM leases WHERE id = ?').get(leaseId) as
        { id: number; campaign_id: number; debtor_id: number; phone_id: number; user_id: number; callback_id: number | null; released_at: number | null } | undefined;
      if (!l) return null;
      const a = db.prepare('SELECT id, started_at, answered_at, ended_at, outcome FROM dial_attempts WHERE lease_id = ? ORDER BY id DESC LIMIT 1').get(leaseId) as
        { id: number; started_at: number; answered_at: number | null; ended_at: number | null; outcome: string | null } | undefined;
      const newer = a ? db.prepare('SELECT EXISTS (SELECT 1 FROM dial_attempts WHERE debtor_id = ? AND id > ?)').pluck().get(l.debtor_id, a.id) === 1 : false;
      const counts = db.prepare(
        `SELECT (SELECT attempts FROM campaign_members WHERE campaign_id = @c AND debtor_id = @d) AS ever,
                (SELECT COUNT(*) FROM dial_attempts WHERE campaign_id = @c AND debtor_id = @d AND started_at >= @dayStart) AS today`,
      ).get({ c: l.campaign_id, d: l.debtor_id, dayStart }) as { ever: number | null; today: number };
      return {
        id: l.id as LeaseId, campaignId: l.campaign_id as CampaignId, debtorId: l.debtor_id as DebtorId, phoneId: l.phone_id as PhoneId, userId: l.user_id as UserId,
        callbackId: l.callback_id as CallbackId | null, released: l.released_at !== null,
        attempt: a ? { id: a.id as AttemptId, startedAt: a.started_at, answeredAt: a.answered_at, endedAt: a.ended_at, outcome: a.outcome } : null,
        newerAttempt: newer, attemptsToday: counts.today, attemptsInCampaign: counts.ever ?? 0,
      };
    },
    async breakOverduePromises(today, at) {
      journal.flush();
      return breakOverduePromises(db, today, at).map((b) => ({ debtorId: b.debtorId as DebtorId, campaignId: b.campaignId as CampaignId | null }));
    },
    async promisesOf(debtorId) {
      return promisesOf(db, debtorId);
    },
    async recordDenial(d) {
      write(() =>
        db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail) VALUES (?, ?, 'policy_denial', ?, ?)")
          .run(d.debtorId, d.at, d.summary, JSON.stringify({ campaignId: d.campaignId, reasons: d.reasons })),
      );
    },
    async closeLead(campaignId, debtorId, reason, at) {
      write(() => db.prepare('UPDATE campaign_members SET done_reason = ?, done_at = ? WHERE campaign_id = ? AND debtor_id = ? AND done_reason IS NULL').run(reason, at, campaignId, debtorId));
    },
    async deferLead(campaignId, debtorId, nextAttemptAt) {
      write(() => db.prepare('UPDATE campaign_members SET next_attempt_at = ? WHERE campaign_id = ? AND debtor_id = ?').run(nextAttemptAt, campaignId, debtorId));
    },
    async callbacksToAnyone(campaignId, userId) {
      write(() => db.prepare("UPDATE callbacks SET user_id = NULL WHERE campaign_id = ? AND user_id = ? AND status = 'pending'").run(campaignId, userId));
    },
    async pendingCallbacks(campaignId) {
      const rows = db
        .prepare("SELECT id, campaign_id, debtor_id, phone_id, user_id, due_at FROM callbacks WHERE status = 'pending' AND campaign_id = ? ORDER BY due_at")
        .all(campaignId) as { id: number; campaign_id: number; debtor_id: number; phone_id: number | null; user_id: number | null; due_at: number }[];
      return rows.map((r): DueCallback => ({
        id: r.id as CallbackId,
        campaignId: r.campaign_id as CampaignId,
        debtorId: r.debtor_id as DueCallback['debtorId'],
        phoneId: r.phone_id as DueCallback['phoneId'],
        userId: r.user_id as DueCallback['userId'],
        dueAt: r.due_at,
      }));
    },
    async callerIdPool(day) {
      const numbers = (db.prepare('SELECT e164, ddd, active, fallback, daily_cap FROM caller_ids ORDER BY id').all() as { e164: string; ddd: string; active: number; fallback: number; daily_cap: number }[]).map(
        (r): PoolNumber => ({ e164: r.e164, ddd: r.ddd, active: r.active === 1, fallback: r.fallback === 1, dailyCap: r.daily_cap }),
      );
      const rows = db.prepare('SELECT e164, calls, answers, short_calls, rested_until, rest_reason FROM caller_id_daily WHERE day = ?').all(day) as
        { e164: string; calls: number; answers: number; short_calls: number; rested_until: number; rest_reason: NumberDay['restReason'] }[];
      const today = new Map(rows.map((r) => [r.e164, { calls: r.calls, answers: r.answers, shortCalls: r.short_calls, restedUntil: r.rested_until, restReason: r.rest_reason }]));
      return { numbers, today };
    },
    async listCallerIds() {
      return (db.prepare('SELECT e164, ddd, trunk, attested, active, daily_cap, fallback FROM caller_ids ORDER BY ddd, e164').all() as
        { e164: string; ddd: string; trunk: string; attested: number; active: number; daily_cap: number; fallback: number }[]).map(callerIdRow);
    },
    async upsertCallerIds(rows) {
      return db.transaction(() => {
        const exists = db.prepare('SELECT 1 FROM caller_ids WHERE e164 = ?');
        const upsert = db.prepare(
          `INSERT INTO caller_ids (e164, ddd, trunk, attested, active, daily_cap, fallback) VALUES (@e164, @ddd, @trunk, @attested, @active, @dailyCap, @fallback)
           ON CONFLICT (e164) DO UPDATE SET trunk = excluded.trunk, attested = excluded.attested, active = excluded.active,
             daily_cap = excluded.daily_cap, fallback = excluded.fallback`,
        );
        let added = 0;
        for (const r of rows) {
          if (!exists.get(r.e164)) added++;
          upsert.run({ ...r, attested: r.attested ? 1 : 0, active: r.active ? 1 : 0, fallback: r.fallback ? 1 : 0 });
        }
        return { added, updated: rows.length - added };
      })();
    },
    async updateCallerId(e164, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      if (patch.active !== undefined) (sets.push('active = ?'), values.push(patch.active ? 1 : 0));
      if (patch.fallback !== undefined) (sets.push('fallback = ?'), values.push(patch.fallback ? 1 : 0));
      if (patch.dailyCap !== undefined) (sets.push('daily_cap = ?'), values.push(patch.dailyCap));
      if (sets.length) db.prepare(`UPDATE caller_ids SET ${sets.join(', ')} WHERE e164 = ?`).run(...values, e164);
      const row = db.prepare('SELECT e164, ddd, trunk, attested, active, daily_cap, fallback FROM caller_ids WHERE e164 = ?').get(e164) as Parameters<typeof callerIdRow>[0] | undefined;
      return row ? callerIdRow(row) : null;
    },
    async saveCallerIdDay(e164, day, f) {
      write(() =>
        db.prepare(
          `INSERT INTO caller_id_daily (e164, day, calls, answers, short_calls, rested_until, rest_reason) VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (e164, day) DO UPDATE SET calls = excluded.calls, answers = excluded.answers, short_calls = excluded.short_calls,
             rested_until = excluded.rested_until, rest_reason = excluded.rest_reason`,
        ).run(e164, day, f.calls, f.answers, f.shortCalls, f.restedUntil, f.restReason),
      );
    },
  };
}
