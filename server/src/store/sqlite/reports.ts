import type { AgentKpis, CampaignKpis, ReportStore, TodayCounts } from '../../ports/reports';
import type { Db } from './database';
import type { WriteJournal } from './write-journal';

/** Outcomes where the agent spoke with the debtor (right party contact). */
const RPC = "('rpc', 'promise', 'agreement', 'refused', 'callback')";
const PTP = "('promise', 'agreement')";

const RPC_OUTCOMES: ReadonlySet<string> = new Set(['rpc', 'promise', 'agreement', 'refused', 'callback']);
const PTP_OUTCOMES: ReadonlySet<string> = new Set(['promise', 'agreement']);

const emptyToday = (): TodayCounts => ({
  dials: 0, answered: 0, abandoned: 0, shortCalls: 0, rightParty: 0, promisesOrAgreements: 0, agreements: 0, agreementsCents: 0, recoveredCents: 0, talkSeconds: 0,
  dialsByHour: new Array<number>(24).fill(0), answeredByHour: new Array<number>(24).fill(0), abandonedByHour: new Array<number>(24).fill(0),
});

/**
 * Today's figures per campaign for the wallboard, read incrementally: each call reads only the attempts,
 * agreements and payments written since the previous call, plus the attempts still open then (an attempt is
 * final once it has an outcome). The definitions are the reports' (campaignKpis) so both agree.
 */
function todayTracker(db: Db) {
  type Attempt = { id: number; campaign_id: number; started_at: number; answered_at: number | null; ended_at: number | null; outcome: string | null };
  const attemptsSince = db.prepare(
    `SELECT id, campaign_id, started_at, answered_at, ended_at, outcome FROM dial_attempts
      WHERE (id > @after AND started_at >= @dayStart) OR id IN (SELECT value FROM json_each(@open))`,
  );
  const agreementsSince = db.prepare(
    `SELECT g.id, g.total_cents AS cents, m.campaign_id FROM agreements g JOIN campaign_members m ON m.debtor_id = g.debtor_id
      WHERE g.id > ? AND g.created_at >= ?`,
  );
  const paymentsSince = db.prepare(
    `SELECT p.id, p.amount_cents AS cents, m.campaign_id FROM payments p JOIN campaign_members m ON m.debtor_id = p.debtor_id
      WHERE p.id > ? AND p.received_at >= ?`,
  );
  let day = -1;
  let lastAttempt = 0;
  let lastAgreement = 0;
  let lastPayment = 0;
  let open = new Set<number>();
  let final = new Map<number, TodayCounts>();
  const add = (into: Map<number, TodayCounts>, a: Attempt) => {
    let c = into.get(a.campaign_id);
    if (!c) into.set(a.campaign_id, (c = emptyToday()));
    const hour = Math.floor(((a.started_at / 1000 - 10_800) % 86_400) / 3600);
    c.dials++;
    c.dialsByHour[hour]!++;
    if (a.answered_at !== null) {
      c.answered++;
      c.answeredByHour[hour]!++;
      if (a.ended_at !== null) c.talkSeconds += Math.floor((a.ended_at - a.answered_at) / 1000);
    }
    if (a.outcome === 'abandoned') {
      c.abandoned++;
      c.abandonedByHour[hour]!++;
    }
    if (a.answered_at === null || a.outcome === 'machine' || (a.ended_at !== null && a.ended_at - a.answered_at <= 6000)) c.shortCalls++;
    if (a.outcome !== null && RPC_OUTCOMES.has(a.outcome)) c.rightParty++;
    if (a.outcome !== null && PTP_OUTCOMES.has(a.outcome)) c.promisesOrAgreements++;
  };
  const copy = (c: TodayCounts): TodayCounts => ({ ...c, dialsByHour: [...c.dialsByHour], answeredByHour: [...c.answeredByHour], abandonedByHour: [...c.abandonedByHour] });
  return (dayStart: number): Map<number, TodayCounts> => {
    if (dayStart !== day) {
      day = dayStart;
      lastAttempt = lastAgreement = lastPayment = 0;
      open = new Set();
      final = new Map();
    }
    const rows = attemptsSince.all({ after: lastAttempt, dayStart, open: JSON.stringify([...open]) }) as Attempt[];
    const live: Attempt[] = [];
    for (const a of rows) {
      lastAttempt = Math.max(lastAttempt, a.id);
      if (a.outcome === null) {
        open.add(a.id);
        live.push(a);
      } else {
        open.delete(a.id);
        add(final, a);
      }
    }
    for (const [stmt, key] of [[agreementsSince, 'agreements'], [paymentsSince, 'payments']] as const) {
      for (const r of stmt.all(key === 'agreements' ? lastAgreement : lastPayment, dayStart) as { id: number; cents: number; campaign_id: number }[]) {
        if (key === 'agreements') lastAgreement = Math.max(lastAgreement, r.id);
        else lastPayment = Math.max(lastPayment, r.id);
        let c = final.get(r.campaign_id);
        if (!c) final.set(r.campaign_id, (c = emptyToday()));
        if (key === 'agreements') {
          c.agreements++;
          c.agreementsCents += r.cents;
        } else c.recoveredCents += r.cents;
      }
    }
    // open attempts count as they stand now, on a copy: they are read again until they end
    const out = new Map([...final].map(([id, c]) => [id, copy(c)]));
    for (const a of live) add(out, a);
    return out;
  };
}

export function sqliteReports(db: Db, journal: WriteJournal): ReportStore {
  const logState = db.prepare('INSERT INTO agent_state_log (user_id, at, state, reason) VALUES (?, ?, ?, ?)');
  const today = todayTracker(db);
  return {
    async todayByCampaign(dayStart) {
      return today(dayStart);
    },
    async logAgentState(e) {
      // through the journal: an agent's click never waits for an import's lock
      journal.write(() => logState.run(e.userId, e.at, e.state, e.reason));
    },
    async campaignKpis(from, to, f = {}) {
      const where = [f.campaignId ? 'c.id = @campaignId' : '', f.teamId ? 'c.team_id = @teamId' : ''].filter(Boolean);
      const byAgent = f.userId ? 'AND a.user_id = @userId' : '';
      const params = { from, to, campaignId: f.campaignId ?? null, teamId: f.teamId ?? null, userId: f.userId ?? null };
      const rows = db
        .prepare(
          `SELECT c.id, c.name, c.team_id,
                  COUNT(a.id) AS dials,
                  SUM(a.answered_at IS NOT NULL) AS answered,
                  SUM(a.outcome = 'abandoned') AS abandoned,
                  SUM(a.answered_at IS NULL OR a.outcome = 'machine' OR (a.ended_at - a.answered_at) <= 6000) AS short_calls,
                  SUM(a.outcome IN ${RPC}) AS rpc,
                  SUM(a.outcome IN ${PTP}) AS ptp,
                  COALESCE(SUM(CASE WHEN a.answered_at IS NOT NULL AND a.ended_at IS NOT NULL THEN (a.ended_at - a.answered_at) / 1000 END), 0) AS talk
             FROM campaigns c LEFT JOIN dial_attempts a ON a.campaign_id = c.id AND a.started_at >= @from AND a.started_at < @to ${byAgent}
            ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
            GROUP BY c.id ORDER BY c.name`,
        )
        .all(params) as { id: number; name: string; team_id: number | null; dials: number; answered: number | null; abandoned: number | null; short_calls: number | null; rpc: number | null; ptp: number | null; talk: number }[];
      const agreementsOf = db.prepare(
        `SELECT COUNT(*) AS n, COALESCE(SUM(g.total_cents), 0) AS cents FROM agreements g
          WHERE g.created_at >= ? AND g.created_at < ? AND (? IS NULL OR g.user_id = ?) AND EXISTS (SELECT 1 FROM campaign_members m WHERE m.campaign_id = ? AND m.debtor_id = g.debtor_id)`,
      );
      const recoveredOf = db.prepare(
        `SELECT COALESCE(SUM(p.amount_cents), 0) FROM payments p
          WHERE p.received_at >= ? AND p.received_at < ? AND EXISTS (SELECT 1 FROM campaign_members m WHERE m.campaign_id = ? AND m.debtor_id = p.debtor_id)`,
      ).pluck();
      const byHour = db.prepare(
        `SELECT CAST(((started_at / 1000 - 10800) % 86400) / 3600 AS INTEGER) AS hour, COUNT(*) AS n,
                SUM(answered_at IS NOT NULL) AS answered, SUM(outcome = 'abandoned') AS abandoned FROM dial_attempts
          WHERE campaign_id = ? AND started_at >= ? AND started_at < ? AND (? IS NULL OR user_id = ?) GROUP BY hour`,
      );
      return rows.map((r): CampaignKpis => {
        const ag = agreementsOf.get(from, to, params.userId, params.userId, r.id) as { n: number; cents: number };
        const hours = new Array<number>(24).fill(0);
        const answeredHours = new Array<number>(24).fill(0);
        const abandonedHours = new Array<number>(24).fill(0);
        for (const h of byHour.all(r.id, from, to, params.userId, params.userId) as { hour: number; n: number; answered: number; abandoned: number }[]) {
          hours[h.hour] = h.n;
          answeredHours[h.hour] = h.answered;
          abandonedHours[h.hour] = h.abandoned;
        }
        return {
          campaignId: r.id, campaignName: r.name, dials: r.dials, answered: r.answered ?? 0, abandoned: r.abandoned ?? 0, shortCalls: r.short_calls ?? 0,
          rightParty: r.rpc ?? 0, promisesOrAgreements: r.ptp ?? 0, agreements: ag.n, agreementsCents: ag.cents, recoveredCents: recoveredOf.get(from, to, r.id) as number,
          talkSeconds: r.talk, dialsByHour: hours, answeredByHour: answeredHours, abandonedByHour: abandonedHours, teamId: r.team_id,
        };
      });
    },
    async agentKpis(from, to, f = {}) {
      const agents = db
        .prepare("SELECT id, display_name, team_id FROM users WHERE role = 'agent' AND (@userId IS NULL OR id = @userId) AND (@teamId IS NULL OR team_id = @teamId) ORDER BY display_name")
        .all({ userId: f.userId ?? null, teamId: f.teamId ?? null }) as { id: number; display_name: string; team_id: number | null }[];
      const campaignId = f.campaignId ?? null;
      const stateLog = db.prepare('SELECT at, state FROM agent_state_log WHERE user_id = ? AND at < ? AND at >= ? ORDER BY at');
      const before = db.prepare('SELECT state FROM agent_state_log WHERE user_id = ? AND at < ? ORDER BY at DESC LIMIT 1').pluck();
      const calls = db.prepare(
        `SELECT COUNT(*) AS calls, SUM(answered_at IS NOT NULL) AS answered, SUM(outcome IN ${RPC}) AS rpc, SUM(outcome IN ${PTP}) AS ptp,
                COALESCE(SUM(CASE WHEN answered_at IS NOT NULL AND ended_at IS NOT NULL THEN (ended_at - answered_at) / 1000 END), 0) AS talk
           FROM dial_attempts WHERE user_id = ? AND started_at >= ? AND started_at < ? AND (? IS NULL OR campaign_id = ?)`,
      );
      const agreements = db.prepare(
        `SELECT COUNT(*) AS n, COALESCE(SUM(total_cents), 0) AS cents FROM agreements g WHERE user_id = ? AND created_at >= ? AND created_at < ?
            AND (? IS NULL OR EXISTS (SELECT 1 FROM campaign_members m WHERE m.campaign_id = ? AND m.debtor_id = g.debtor_id))`,
      );
      return agents.map((a): AgentKpis => {
        // logged-in time: every moment not offline, from the state log (the state at `from` included)
        let state = (before.get(a.id, from) as string | undefined) ?? 'offline';
        let t = from;
        let logged = 0;
        for (const e of stateLog.all(a.id, to, from) as { at: number; state: string }[]) {
          if (state !== 'offline') logged += e.at - t;
          state = e.state;
          t = e.at;
        }
        if (state !== 'offline') logged += Math.max(0, Math.min(to, Date.now()) - t);
        const c = calls.get(a.id, from, to, campaignId, campaignId) as { calls: number; answered: number | null; rpc: number | null; ptp: number | null; talk: number };
        const g = agreements.get(a.id, from, to, campaignId, campaignId) as { n: number; cents: number };
        return { userId: a.id, name: a.display_name, loggedInSeconds: Math.round(logged / 1000), talkSeconds: c.talk, calls: c.calls, answered: c.answered ?? 0, rightParty: c.rpc ?? 0, promisesOrAgreements: c.ptp ?? 0, agreements: g.n, agreementsCents: g.cents, teamId: a.team_id };
      });
    },
  };
}
