import type { ReassignmentView, ReassignRule, ReassignTarget, Team } from '../../../../shared/teams';
import { err, ok, type Result } from '../../../../shared/result';
import type { TeamStore } from '../../ports/teams';
import type { Db } from './database';

const DAY_MS = 86_400_000;

/** A fixed scramble of the debtor id (Knuth's multiplicative hash): shares cut across import order, yet reproducibly. */
const scramble = (debtorId: number) => Math.imul(debtorId, 2654435761) >>> 0;

interface Member {
  debtorId: number;
  balanceCents: number;
  /** Days past due of the oldest open contract (null: no open contract). */
  dpd: number | null;
  uf: string | null;
}

const matches = (m: Member, r: ReassignRule): boolean =>
  (r.minBalanceCents === undefined || m.balanceCents >= r.minBalanceCents) &&
  (r.maxBalanceCents === undefined || m.balanceCents <= r.maxBalanceCents) &&
  (r.minDpd === undefined || (m.dpd !== null && m.dpd >= r.minDpd)) &&
  (r.maxDpd === undefined || (m.dpd !== null && m.dpd <= r.maxDpd)) &&
  (r.ufs === undefined || (m.uf !== null && r.ufs.includes(m.uf)));

export function sqliteTeams(db: Db): TeamStore {
  const teamRow = db.prepare('SELECT id, name, active FROM teams WHERE id = ?');
  const membersOf = db.prepare('SELECT id FROM users WHERE team_id = ? ORDER BY id').pluck();
  const campaignsOf = db.prepare('SELECT id FROM campaigns WHERE team_id = ? ORDER BY id').pluck();
  const toTeam = (r: { id: number; name: string; active: number }): Team => ({
    id: r.id, name: r.name, active: r.active === 1, memberIds: membersOf.all(r.id) as number[], campaignIds: campaignsOf.all(r.id) as number[],
  });
  const teamName = (id: number) => (teamRow.get(id) as { name: string } | undefined)?.name ?? `#${id}`;
  const campaignName = (id: number) => (db.prepare('SELECT name FROM campaigns WHERE id = ?').pluck().get(id) as string | undefined) ?? `#${id}`;
  const labelOf = (t: ReassignTarget) => (t.kind === 'team' ? `${teamName(t.teamId)} · ${campaignName(t.campaignId)}` : t.agency);
  const view = (r: { id: number; campaign_id: number; method: 'share' | 'rule'; at: number; summary: string; user_name: string | null }): ReassignmentView => {
    const summary = JSON.parse(r.summary) as { moved: ReassignmentView['moved']; stayed: number };
    return { id: r.id, campaignId: r.campaign_id, method: r.method, at: r.at, userName: r.user_name, moved: summary.moved, stayed: summary.stayed };
  };

  return {
    async list() {
      return (db.prepare('SELECT id, name, active FROM teams ORDER BY name').all() as { id: number; name: string; active: number }[]).map(toTeam);
    },
    async create(name, at) {
      if (db.prepare('SELECT 1 FROM teams WHERE name = ?').get(name)) return err('conflict', `name: a team named "${name}" already exists`);
      const id = Number(db.prepare('INSERT INTO teams (name, created_at) VALUES (?, ?)').run(name, at).lastInsertRowid);
      return ok(toTeam(teamRow.get(id) as { id: number; name: string; active: number }));
    },
    async update(id, patch) {
      return db.transaction((): Result<Team> => {
        if (!teamRow.get(id)) return err('not_found', `team ${id} does not exist`);
        if (patch.name !== undefined) {
          const same = db.prepare('SELECT id FROM teams WHERE name = ?').pluck().get(patch.name) as number | undefined;
          if (same !== undefined && same !== id) return err('conflict', `name: a team named "${patch.name}" already exists`);
          db.prepare('UPDATE teams SET name = ? WHERE id = ?').run(patch.name, id);
        }
        if (patch.active !== undefined) db.prepare('UPDATE teams SET active = ? WHERE id = ?').run(patch.active ? 1 : 0, id);
        return ok(toTeam(teamRow.get(id) as { id: number; name: string; active: number }));
      })();
    },
    async setUserTeam(userId, teamId) {
      if (!db.prepare('SELECT 1 FROM users WHERE id = ?').get(userId)) return err('not_found', `user ${userId} does not exist`);
      if (teamId !== null) {
        const t = teamRow.get(teamId) as { active: number } | undefined;
        if (!t) return err('bad_request', `teamId: team ${teamId} does not exist`);
        if (t.active !== 1) return err('bad_request', `teamId: team ${teamId} is inactive`);
      }
      db.prepare('UPDATE users SET team_id = ? WHERE id = ?').run(teamId, userId);
      return ok(null);
    },
    async teamsOfUsers() {
      const rows = db.prepare('SELECT id, team_id FROM users WHERE team_id IS NOT NULL').all() as { id: number; team_id: number }[];
      return new Map(rows.map((r) => [r.id, r.team_id]));
    },
    async moveAgent(userId, toCampaignId, fromCampaignId) {
      return db.transaction((): Result<{ left: number[]; joined: number }> => {
        const user = db.prepare('SELECT role, active FROM users WHERE id = ?').get(userId) as { role: string; active: number } | undefined;
        if (!user || user.role !== 'agent') return err('not_found', `user ${userId} is not an agent`);
        if (!db.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(toCampaignId)) return err('bad_request', `toCampaignId: campaign ${toCampaignId} does not exist`);
        const current = db.prepare('SELECT campaign_id FROM campaign_agents WHERE user_id = ?').pluck().all(userId) as number[];
        if (fromCampaignId !== undefined && !current.includes(fromCampaignId)) return err('bad_request', `fromCampaignId: the agent does not work campaign ${fromCampaignId}`);
        if (fromCampaignId === toCampaignId) return err('bad_request', 'toCampaignId: the same as fromCampaignId');
        const left = (fromCampaignId !== undefined ? [fromCampaignId] : current).filter((c) => c !== toCampaignId);
        const drop = db.prepare('DELETE FROM campaign_agents WHERE campaign_id = ? AND user_id = ?');
        for (const c of left) drop.run(c, userId);
        db.prepare('INSERT OR IGNORE INTO campaign_agents (campaign_id, user_id) VALUES (?, ?)').run(toCampaignId, userId);
        return ok({ left, joined: toCampaignId });
      })();
    },
    async reassign(campaignId, request, userId, at, held) {
      return db.transaction((): Result<ReassignmentView> => {
        if (!db.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(campaignId)) return err('not_found', `campaign ${campaignId} does not exist`);
        // every target checked first: the admin is told which one is wrong, and nothing is written
        for (const [i, { target }] of request.targets.entries()) {
          if (target.kind !== 'team') continue;
          const team = teamRow.get(target.teamId) as { active: number } | undefined;
          if (!team || team.active !== 1) return err('bad_request', `targets[${i}].teamId: team ${target.teamId} does not exist or is inactive`);
          const served = db.prepare('SELECT team_id FROM campaigns WHERE id = ?').get(target.campaignId) as { team_id: number | null } | undefined;
          if (!served) return err('bad_request', `targets[${i}].campaignId: campaign ${target.campaignId} does not exist`);
          if (target.campaignId === campaignId) return err('bad_request', `targets[${i}].campaignId: the debtors are already in this campaign`);
          if (served.team_id !== target.teamId) return err('bad_request', `targets[${i}].campaignId: campaign ${target.campaignId} is not served by team ${target.teamId}`);
        }
        const today = Date.parse(`${new Date(at - 3 * 3_600_000).toISOString().slice(0, 10)}T00:00:00-03:00`);
        const rows = db
          .prepare(
            `SELECT m.debtor_id,
                    (SELECT COALESCE(SUM(c.original_amount_cents), 0) FROM contracts c WHERE c.debtor_id = m.debtor_id AND c.status = 'open') AS balance,
                    (SELECT MIN(c.due_date) FROM contracts c WHERE c.debtor_id = m.debtor_id AND c.status = 'open') AS oldest_due,
                    (SELECT a.uf FROM debtor_addresses a WHERE a.debtor_id = m.debtor_id ORDER BY a.id LIMIT 1) AS uf,
                    EXISTS (SELECT 1 FROM leases l WHERE l.debtor_id = m.debtor_id AND l.released_at IS NULL) AS leased
               FROM campaign_members m WHERE m.campaign_id = ? AND m.done_reason IS NULL ORDER BY m.debtor_id`,
          )
          .all(campaignId) as { debtor_id: number; balance: number; oldest_due: string | null; uf: string | null; leased: number }[];
        // a debtor on an agent's screen or call stays: the dialer holds it (its newest lease may not be written yet)
        const members: Member[] = rows.filter((r) => r.leased === 0 && !held.has(r.debtor_id)).map((r) => ({
          debtorId: r.debtor_id, balanceCents: r.balance, uf: r.uf,
          dpd: r.oldest_due === null ? null : Math.floor((today - Date.parse(`${r.oldest_due}T00:00:00-03:00`)) / DAY_MS),
        }));
        const groups: number[][] = request.targets.map(() => []);
        if (request.method === 'share') {
          const order = [...members].sort((a, b) => scramble(a.debtorId) - scramble(b.debtorId) || a.debtorId - b.debtorId);
          let start = 0;
          let cumulative = 0;
          request.targets.forEach((t, i) => {
            cumulative += t.percent;
            const end = Math.round((order.length * cumulative) / 100);
            groups[i] = order.slice(start, end).map((m) => m.debtorId);
            start = end;
          });
        } else {
          for (const m of members) {
            const i = request.targets.findIndex((t) => matches(m, t.rule));
            if (i >= 0) groups[i]!.push(m.debtorId);
          }
        }
        const movedCount = groups.reduce((s, g) => s + g.length, 0);
        const moved = request.targets.map((t, i) => ({ target: t.target, label: labelOf(t.target), debtors: groups[i]!.length }));
        const summary = { moved, stayed: rows.length - movedCount };
        const id = Number(db.prepare('INSERT INTO reassignments (campaign_id, method, spec, summary, user_id, at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(campaignId, request.method, JSON.stringify(request), JSON.stringify(summary), userId, at).lastInsertRowid);
        const endAssignment = db.prepare('UPDATE debtor_assignments SET to_at = ? WHERE debtor_id = ? AND to_at IS NULL');
        const addAssignment = db.prepare('INSERT INTO debtor_assignments (debtor_id, reassignment_id, team_id, agency, campaign_id, from_at) VALUES (?, ?, ?, ?, ?, ?)');
        const leave = db.prepare('UPDATE campaign_members SET done_reason = ?, done_at = ? WHERE campaign_id = ? AND debtor_id = ?');
        const join = db.prepare(
          `INSERT INTO campaign_members (campaign_id, debtor_id) VALUES (?, ?)
           ON CONFLICT (campaign_id, debtor_id) DO UPDATE SET done_reason = NULL, done_at = NULL, next_attempt_at = 0`,
        );
        // 'note': the timeline's kinds are fixed by an older migration; the summary says what happened
        const event = db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail, user_id) VALUES (?, ?, 'note', ?, ?, ?)");
        const source = campaignName(campaignId);
        request.targets.forEach(({ target }, i) => {
          const label = moved[i]!.label;
          for (const debtorId of groups[i]!) {
            endAssignment.run(at, debtorId);
            addAssignment.run(debtorId, id, target.kind === 'team' ? target.teamId : null, target.kind === 'agency' ? target.agency : null, target.kind === 'team' ? target.campaignId : null, at);
            leave.run(target.kind === 'team' ? 'reassigned' : 'agency', at, campaignId, debtorId);
            if (target.kind === 'team') join.run(target.campaignId, debtorId);
            event.run(debtorId, at, `Carteira redistribuída: de ${source} para ${label}`, JSON.stringify({ reassignmentId: id, from: campaignId, target }), userId);
          }
        });
        const userName = db.prepare('SELECT display_name FROM users WHERE id = ?').pluck().get(userId) as string | null;
        return ok({ id, campaignId, method: request.method, at, userName, moved, stayed: summary.stayed });
      })();
    },
    async reassignments(campaignId) {
      const rows = db
        .prepare('SELECT r.id, r.campaign_id, r.method, r.at, r.summary, u.display_name AS user_name FROM reassignments r LEFT JOIN users u ON u.id = r.user_id WHERE r.campaign_id = ? ORDER BY r.id DESC')
        .all(campaignId) as Parameters<typeof view>[0][];
      return rows.map(view);
    },
    async assignmentsOf(debtorId) {
      const rows = db
        .prepare('SELECT team_id, agency, campaign_id, from_at, to_at, reassignment_id FROM debtor_assignments WHERE debtor_id = ? ORDER BY id')
        .all(debtorId) as { team_id: number | null; agency: string | null; campaign_id: number | null; from_at: number; to_at: number | null; reassignment_id: number }[];
      return rows.map((r) => ({ teamId: r.team_id, agency: r.agency, campaignId: r.campaign_id, fromAt: r.from_at, toAt: r.to_at, reassignmentId: r.reassignment_id }));
    },
  };
}
