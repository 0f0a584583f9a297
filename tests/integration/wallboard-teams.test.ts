import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_SETTINGS, type CampaignDetail, type CampaignUpsert, type DialCommand, type Lead } from '../../shared/dialer';
import type { ReassignmentView, Team } from '../../shared/teams';
import type { WallboardLive } from '../../shared/wallboard';
import { api, connectSocket, emitWithAck, loginAs, nextEvent, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  // Tuesday 10:00 in Brasília: inside calling hours
  server = await startTestServer({ QUITA_CLOCK_START: '2026-11-24T10:00:00-03:00' });
});
afterAll(async () => {
  await server.close();
});

const campaign = (over: Partial<CampaignUpsert> = {}): CampaignUpsert => ({
  name: 'Veículos', portfolioId: 2, mode: 'preview', status: 'active', agentIds: [], settings: DEFAULT_CAMPAIGN_SETTINGS, ...over,
});
const audited = (prefix: string) => {
  const db = new Database(server.dbFile, { readonly: true });
  const rows = db.prepare('SELECT action, detail FROM audit_log WHERE action LIKE ? ORDER BY id').all(`${prefix}%`) as { action: string; detail: string }[];
  db.close();
  return rows;
};

describe('wallboard, teams, moving agents and reassigning portfolios (real server, real SQLite file)', () => {
  it('the wallboard gets campaign figures and each agent\'s current debtor (masked) and call, every second; agents get none of it', async () => {
    const agent = await loginAs(server, 'agent');
    const agentSocket = await connectSocket(server.url, agent.token);
    const supervisor = await loginAs(server, 'supervisor');
    const board = await connectSocket(server.url, supervisor.token);
    let agentGotLive = false;
    agentSocket.on('wallboard:live', () => (agentGotLive = true));
    try {
      const first = nextEvent(board, 'wallboard:live');
      expect((await emitWithAck(board, 'wallboard:subscribe', {})).ok).toBe(true);
      const [snapshot] = (await first) as [WallboardLive];
      const demo = snapshot.campaigns.find((c) => c.name === 'Cartões — recuperação 2024')!;
      expect(demo).toMatchObject({ mode: 'preview', status: 'active', targets: { abandon: 0.03, shortCallRatio: 0.85, maxLinesPerAgent: 4 }, today: { dials: 0 } });
      expect(demo.teamId).toEqual(expect.any(Number));
      expect(demo.leadsLeft).toBeGreaterThan(100);
      expect(demo.byHour.dials).toHaveLength(24);
      expect(snapshot.callerIds.total).toBeGreaterThan(0);
      expect(snapshot.callerIds.active + snapshot.callerIds.resting + snapshot.callerIds.atCap + snapshot.callerIds.inactive).toBe(snapshot.callerIds.total);

      // the agent takes a lead and calls: the wallboard shows the debtor (masked) and the connected call
      const leadEvent = nextEvent(agentSocket, 'dialer:lead');
      await emitWithAck(agentSocket, 'agent:setState', { state: 'available' });
      const [lead] = (await leadEvent) as [Lead];
      const dialed = await emitWithAck<DialCommand>(agentSocket, 'dialer:dial', { leaseId: lead.leaseId });
      expect(dialed.ok).toBe(true);
      if (!dialed.ok) return;
      await emitWithAck(agentSocket, 'dialer:callEvent', { attemptId: dialed.data.attemptId, event: 'answered' });
      const pushedAt = Date.now();
      const [live] = (await nextEvent(board, 'wallboard:live', (l) => l.agents.some((a) => a.userId === agent.user.id && a.lead?.answeredAt != null))) as [WallboardLive];
      expect(Date.now() - pushedAt).toBeLessThan(1500);
      const work = live.agents.find((a) => a.userId === agent.user.id)!;
      expect(work.lead).toMatchObject({ debtorName: lead.debtor.name, document: lead.debtor.document, campaignName: 'Cartões — recuperação 2024' });
      expect(work.lead!.document).toMatch(/\*/);
      expect(work.lead!.dialedAt).not.toBeNull();
      const now = live.campaigns.find((c) => c.id === demo.id)!;
      expect(now.today).toMatchObject({ dials: 1, answered: 1 });
      expect(now.last30).toMatchObject({ dials: 1, answered: 1 });
      expect(now.occupancy).toBe(1);
      expect(now.linesPerAgent).toBe(1);
      expect(now.byHour.dials[10]).toBe(1);
      // occupancy per hour, sampled every second: the agent was logged in all along, and on a call for a moment
      expect(now.byHour.occupancy[10]).toBeGreaterThan(0);
      expect(now.byHour.occupancy[10]).toBeLessThanOrEqual(1);
      expect(now.byHour.occupancy[3]).toBeNull();
      await emitWithAck(agentSocket, 'dialer:callEvent', { attemptId: dialed.data.attemptId, event: 'ended' });
      await emitWithAck(agentSocket, 'dialer:dispose', { leaseId: lead.leaseId, outcome: 'rpc' });
      const [after] = (await nextEvent(board, 'wallboard:live', (l) => (l.campaigns.find((c) => c.id === demo.id)?.today.rightParty ?? 0) === 1)) as [WallboardLive];
      expect(after.campaigns.find((c) => c.id === demo.id)!.today.rightParty).toBe(1);

      expect((await emitWithAck(agentSocket, 'wallboard:subscribe', {})).ok).toBe(false);
      await new Promise((r) => setTimeout(r, 1200));
      expect(agentGotLive).toBe(false);
    } finally {
      await emitWithAck(agentSocket, 'agent:setState', { state: 'paused', reason: 'break' });
      agentSocket.disconnect();
      board.disconnect();
    }
  });

  it('teams: an admin creates, renames, deactivates and fills them; supervisors read them; bad input names the field; audited', async () => {
    const { token } = await loginAs(server, 'admin');
    const created = await api<Team>(server.url, 'POST', '/api/admin/teams', { token, body: { name: 'Equipe Veículos' } });
    expect(created.status).toBe(201);
    if (!created.body.ok) return;
    const team = created.body.data;
    expect((await api(server.url, 'POST', '/api/admin/teams', { token, body: { name: 'Equipe Veículos' } })).body).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('name') } });
    expect((await api(server.url, 'POST', '/api/admin/teams', { token, body: { name: 'x' } })).body).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('name') } });
    expect((await api(server.url, 'PATCH', `/api/admin/teams/${team.id}`, { token, body: {} })).status).toBe(400);
    expect((await api(server.url, 'PATCH', '/api/admin/teams/999', { token, body: { name: 'Nada' } })).status).toBe(404);
    expect((await api<Team>(server.url, 'PATCH', `/api/admin/teams/${team.id}`, { token, body: { name: 'Equipe Veículos SP' } })).body).toMatchObject({ ok: true, data: { name: 'Equipe Veículos SP' } });

    const agent = await loginAs(server, 'agent');
    expect((await api(server.url, 'PUT', `/api/admin/users/${agent.user.id}/team`, { token, body: { teamId: 999 } })).body).toMatchObject({ ok: false, error: { message: 'teamId: team 999 does not exist' } });
    expect((await api(server.url, 'PUT', `/api/admin/users/${agent.user.id}/team`, { token, body: { teamId: 'a' } })).status).toBe(400);

    const supervisor = await loginAs(server, 'supervisor');
    const teams = await api<Team[]>(server.url, 'GET', '/api/teams', { token: supervisor.token });
    expect(teams.body.ok && teams.body.data.map((t) => t.name)).toEqual(expect.arrayContaining(['Equipe Cartões — recuperação 2024', 'Equipe Veículos SP']));
    const demoTeam = teams.body.ok ? teams.body.data.find((t) => t.name.startsWith('Equipe Cartões'))! : null;
    expect(demoTeam?.memberIds).toContain(agent.user.id);
    // reports by team: the demo team's agent, not the new (empty) team's
    const byTeam = await api<{ userId: number }[]>(server.url, 'GET', `/api/reports/agents?team=${demoTeam!.id}`, { token: supervisor.token });
    expect(byTeam.body.ok && byTeam.body.data.map((a) => a.userId)).toEqual([agent.user.id]);
    const emptyTeam = await api<{ userId: number }[]>(server.url, 'GET', `/api/reports/agents?team=${team.id}`, { token: supervisor.token });
    expect(emptyTeam.body).toEqual({ ok: true, data: [] });
    const campaignsOfTeam = await api<{ campaignId: number; teamId: number | null }[]>(server.url, 'GET', `/api/reports/campaigns?team=${demoTeam!.id}`, { token: supervisor.token });
    expect(campaignsOfTeam.body.ok && campaignsOfTeam.body.data.map((c) => [c.campaignId, c.teamId])).toEqual([[1, demoTeam!.id]]);
    // one campaign; one agent's calls (the first test's dial); an agent in a campaign with no calls
    const one = await api<{ campaignId: number; dials: number }[]>(server.url, 'GET', `/api/reports/campaigns?campaign=1&agent=${agent.user.id}`, { token: supervisor.token });
    expect(one.body.ok && one.body.data.map((c) => [c.campaignId, c.dials])).toEqual([[1, 1]]);
    const other = await api<{ campaignId: number; dials: number }[]>(server.url, 'GET', `/api/reports/campaigns?campaign=1&agent=${supervisor.user.id}`, { token: supervisor.token });
    expect(other.body.ok && other.body.data.map((c) => c.dials)).toEqual([0]);
    const agentsElsewhere = await api<{ calls: number }[]>(server.url, 'GET', '/api/reports/agents?campaign=999', { token: supervisor.token });
    expect(agentsElsewhere.body.ok && agentsElsewhere.body.data.map((a) => a.calls)).toEqual([0]);
    const csv = await fetch(`${server.url}/api/reports/agents?team=${demoTeam!.id}&format=csv`, { headers: { authorization: `Bearer ${supervisor.token}` } });
    expect((await csv.text()).split('\r\n').filter(Boolean)).toHaveLength(2); // the header and the team's one agent
    expect((await api(server.url, 'GET', '/api/reports/campaigns?team=abc', { token: supervisor.token })).body).toMatchObject({ ok: false, error: { message: expect.stringContaining('team') } });

    for (const t of [agent.token, supervisor.token]) {
      expect((await api(server.url, 'POST', '/api/admin/teams', { token: t, body: { name: 'Equipe X' } })).status).toBe(403);
      expect((await api(server.url, 'PATCH', `/api/admin/teams/${team.id}`, { token: t, body: { active: false } })).status).toBe(403);
      expect((await api(server.url, 'GET', '/api/admin/campaigns/1/reassignments', { token: t })).status).toBe(403);
      expect((await api(server.url, 'PUT', `/api/admin/users/${agent.user.id}/team`, { token: t, body: { teamId: null } })).status).toBe(403);
    }
    expect((await api(server.url, 'GET', '/api/teams', { token: agent.token })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/teams')).status).toBe(401);

    expect((await api(server.url, 'PATCH', `/api/admin/teams/${team.id}`, { token, body: { active: false } })).body).toMatchObject({ ok: true, data: { active: false } });
    expect((await api(server.url, 'PUT', `/api/admin/users/${agent.user.id}/team`, { token, body: { teamId: team.id } })).body).toMatchObject({ ok: false, error: { message: `teamId: team ${team.id} is inactive` } });
    expect((await api(server.url, 'PATCH', `/api/admin/teams/${team.id}`, { token, body: { active: true } })).status).toBe(200);
    expect(audited('team.').map((a) => a.action)).toEqual(['team.create', 'team.update', 'team.update', 'team.update']);
  });

  it('a supervisor moves an agent to another campaign: audited, and the agent\'s next lead comes from the new campaign at once', async () => {
    const admin = await loginAs(server, 'admin');
    const teams = await api<Team[]>(server.url, 'GET', '/api/teams', { token: admin.token });
    const vehicles = teams.body.ok ? teams.body.data.find((t) => t.name === 'Equipe Veículos SP')! : null;
    const created = await api<CampaignDetail>(server.url, 'POST', '/api/admin/campaigns', { token: admin.token, body: campaign({ teamId: vehicles!.id }) });
    expect(created.body).toMatchObject({ ok: true, data: { teamId: vehicles!.id } });
    const target = created.body.ok ? created.body.data : null;
    // the new campaign's debtors: half of the demo campaign's, moved by a reassignment below; here some debtors of portfolio 2
    const db = new Database(server.dbFile);
    db.prepare("INSERT INTO campaign_members (campaign_id, debtor_id) SELECT ?, debtor_id FROM contracts WHERE portfolio_id = 2 AND status = 'open' GROUP BY debtor_id LIMIT 20").run(target!.id);
    db.close();
    await server.app.dialer.reloadCampaign(target!.id);

    const agent = await loginAs(server, 'agent');
    const supervisor = await loginAs(server, 'supervisor');
    // a lead from the demo campaign on screen, not dialed yet (kept from the first test, or a new one)
    let first!: ReturnType<typeof nextEvent<'dialer:lead'>>;
    const socket = await connectSocket(server.url, agent.token, (s) => (first = nextEvent(s, 'dialer:lead')));
    try {
      await emitWithAck(socket, 'agent:setState', { state: 'available' });
      const [lead] = (await first) as [Lead];
      expect(lead.campaignId).not.toBe(target!.id);

      expect((await api(server.url, 'POST', `/api/supervisor/agents/${agent.user.id}/move`, { token: supervisor.token, body: { toCampaignId: 'x' } })).status).toBe(400);
      expect((await api(server.url, 'POST', `/api/supervisor/agents/${agent.user.id}/move`, { token: supervisor.token, body: { toCampaignId: 999 } })).body).toMatchObject({ ok: false, error: { message: 'toCampaignId: campaign 999 does not exist' } });
      expect((await api(server.url, 'POST', `/api/supervisor/agents/${agent.user.id}/move`, { token: supervisor.token, body: { toCampaignId: target!.id, fromCampaignId: target!.id } })).status).toBe(400);
      expect((await api(server.url, 'POST', `/api/supervisor/agents/${supervisor.user.id}/move`, { token: supervisor.token, body: { toCampaignId: target!.id } })).status).toBe(404);
      expect((await api(server.url, 'POST', `/api/supervisor/agents/${agent.user.id}/move`, { token: agent.token, body: { toCampaignId: target!.id } })).status).toBe(403);

      const revoked = nextEvent(socket, 'dialer:revoked', (r) => r.leaseId === lead.leaseId);
      const next = nextEvent(socket, 'dialer:lead', (l) => l.campaignId === target!.id);
      const moved = await api<{ left: number[]; joined: number }>(server.url, 'POST', `/api/supervisor/agents/${agent.user.id}/move`, { token: supervisor.token, body: { toCampaignId: target!.id } });
      expect(moved.body).toEqual({ ok: true, data: { left: [lead.campaignId], joined: target!.id } });
      expect((await revoked)[0]).toMatchObject({ reason: 'removed' });
      expect((await next)[0].campaignName).toBe('Veículos');
      const read = await api<CampaignDetail>(server.url, 'GET', `/api/campaigns/${lead.campaignId}`, { token: supervisor.token });
      expect(read.body.ok && read.body.data.agentIds).not.toContain(agent.user.id);
      expect(audited('supervisor.move_agent').map((a) => JSON.parse(a.detail))).toEqual([{ agentId: agent.user.id, from: [lead.campaignId], to: target!.id, callbacksToAnyone: 0 }]);

      // back to the demo campaign for what follows
      await emitWithAck(socket, 'agent:setState', { state: 'paused', reason: 'break' });
      expect((await api(server.url, 'POST', `/api/supervisor/agents/${agent.user.id}/move`, { token: supervisor.token, body: { toCampaignId: lead.campaignId } })).status).toBe(200);
    } finally {
      socket.disconnect();
    }
  });

  it('an admin splits a campaign\'s debtors between a team and an outside agency by share, then by rule: history kept, timeline, audit, dialer reloaded', async () => {
    const { token } = await loginAs(server, 'admin');
    const teams = await api<Team[]>(server.url, 'GET', '/api/teams', { token });
    const vehicles = teams.body.ok ? teams.body.data.find((t) => t.name === 'Equipe Veículos SP')! : null;
    const target = vehicles!.campaignIds[0]!;
    const source = 1;
    const db = new Database(server.dbFile, { readonly: true });
    const open = () => db.prepare('SELECT COUNT(*) FROM campaign_members WHERE campaign_id = ? AND done_reason IS NULL').pluck().get(source) as number;
    const leased = db.prepare('SELECT COUNT(*) FROM leases l JOIN campaign_members m ON m.debtor_id = l.debtor_id AND m.campaign_id = ? AND m.done_reason IS NULL WHERE l.released_at IS NULL').pluck().get(source) as number;
    const before = open();
    const targetBefore = server.app.dialer.campaignStats(target as never)!;

    const share = (percents: number[]) => ({ method: 'share', targets: [{ target: { kind: 'team', teamId: vehicles!.id, campaignId: target }, percent: percents[0] }, { target: { kind: 'agency', agency: 'Agência Recupera' }, percent: percents[1] }] });
    expect((await api(server.url, 'POST', `/api/admin/campaigns/${source}/reassign`, { token, body: share([50, 40]) })).body).toMatchObject({ ok: false, error: { message: expect.stringContaining('add up to 100') } });
    expect((await api(server.url, 'POST', `/api/admin/campaigns/${source}/reassign`, { token, body: { method: 'share', targets: [{ target: { kind: 'team', teamId: vehicles!.id, campaignId: source }, percent: 100 }] } })).body).toMatchObject({ ok: false, error: { message: 'targets[0].campaignId: the debtors are already in this campaign' } });
    const demoTeam = teams.body.ok ? teams.body.data.find((t) => t.name.startsWith('Equipe Cartões'))! : null;
    expect((await api(server.url, 'POST', `/api/admin/campaigns/${source}/reassign`, { token, body: { method: 'share', targets: [{ target: { kind: 'team', teamId: demoTeam!.id, campaignId: target }, percent: 100 }] } })).body).toMatchObject({ ok: false, error: { message: `targets[0].campaignId: campaign ${target} is not served by team ${demoTeam!.id}` } });
    expect((await api(server.url, 'POST', `/api/admin/campaigns/${source}/reassign`, { token, body: { method: 'rule', targets: [{ target: { kind: 'agency', agency: 'Agência Recupera' }, rule: { minDpd: 90, maxDpd: 30 } }] } })).body).toMatchObject({ ok: false, error: { message: expect.stringContaining('minDpd') } });
    expect((await api(server.url, 'POST', '/api/admin/campaigns/999/reassign', { token, body: share([50, 50]) })).status).toBe(404);
    const supervisor = await loginAs(server, 'supervisor');
    expect((await api(server.url, 'POST', `/api/admin/campaigns/${source}/reassign`, { token: supervisor.token, body: share([50, 50]) })).status).toBe(403);
    expect(open()).toBe(before); // nothing written by the refusals

    const r = await api<ReassignmentView>(server.url, 'POST', `/api/admin/campaigns/${source}/reassign`, { token, body: share([30, 70]) });
    expect(r.status).toBe(201);
    if (!r.body.ok) return;
    const movable = before - leased;
    const toTeam = Math.round(movable * 0.3);
    expect(r.body.data.moved.map((m) => m.debtors)).toEqual([toTeam, movable - toTeam]);
    expect(r.body.data.stayed).toBe(leased);
    expect(r.body.data.moved[0]!.label).toBe('Equipe Veículos SP · Veículos');
    expect(open()).toBe(leased);
    // membership moved, assignments opened, a timeline event per debtor
    const assigned = db.prepare('SELECT team_id, agency, COUNT(*) AS n FROM debtor_assignments WHERE reassignment_id = ? AND to_at IS NULL GROUP BY team_id, agency ORDER BY team_id IS NULL').all(r.body.data.id);
    expect(assigned).toEqual([{ team_id: vehicles!.id, agency: null, n: toTeam }, { team_id: null, agency: 'Agência Recupera', n: movable - toTeam }]);
    expect(db.prepare("SELECT COUNT(*) FROM timeline_events WHERE summary LIKE 'Carteira redistribuída%'").pluck().get()).toBe(movable);
    expect(db.prepare("SELECT COUNT(*) FROM campaign_members WHERE campaign_id = ? AND done_reason = 'agency'").pluck().get(source)).toBe(movable - toTeam);
    // the dialer reloaded both queues
    expect(server.app.dialer.campaignStats(target as never)!.leadsReady + server.app.dialer.campaignStats(target as never)!.leadsWaiting).toBeGreaterThan(targetBefore.leadsReady + targetBefore.leadsWaiting);
    expect(audited('campaign.reassign')).toHaveLength(1);

    // by rule, from the team's campaign: debtors owing up to the median go to an agency; their team assignment ends (history kept)
    const balances = db.prepare(
      `SELECT (SELECT SUM(original_amount_cents) FROM contracts c WHERE c.debtor_id = m.debtor_id AND c.status = 'open') AS b
         FROM campaign_members m WHERE m.campaign_id = ? AND m.done_reason IS NULL ORDER BY b`,
    ).pluck().all(target) as number[];
    const median = balances[Math.floor(balances.length / 2)]!;
    const back = await api<ReassignmentView>(server.url, 'POST', `/api/admin/campaigns/${target}/reassign`, { token, body: { method: 'rule', targets: [{ target: { kind: 'agency', agency: 'Agência Pequenos Saldos' }, rule: { maxBalanceCents: median } }] } });
    expect(back.status).toBe(201);
    if (!back.body.ok) return;
    const small = db.prepare(
      `SELECT COUNT(*) FROM debtor_assignments a WHERE a.reassignment_id = ? AND (SELECT SUM(original_amount_cents) FROM contracts c WHERE c.debtor_id = a.debtor_id AND c.status = 'open') > ?`,
    ).pluck().get(back.body.data.id, median);
    expect(small).toBe(0);
    expect(back.body.data.moved[0]!.debtors).toBe(balances.filter((b) => b <= median).length);
    const one = db.prepare('SELECT debtor_id FROM debtor_assignments WHERE reassignment_id = ? AND debtor_id IN (SELECT debtor_id FROM debtor_assignments WHERE reassignment_id = ?) LIMIT 1').pluck().get(back.body.data.id, r.body.data.id) as number | undefined;
    expect(back.body.data.moved[0]!.debtors).toBeGreaterThan(0);
    expect(one).toBeDefined();
    {
      const history = db.prepare('SELECT team_id, agency, to_at IS NULL AS open FROM debtor_assignments WHERE debtor_id = ? ORDER BY id').all(one);
      expect(history).toEqual([{ team_id: vehicles!.id, agency: null, open: 0 }, { team_id: null, agency: 'Agência Pequenos Saldos', open: 1 }]);
    }
    const list = await api<ReassignmentView[]>(server.url, 'GET', `/api/admin/campaigns/${target}/reassignments`, { token });
    expect(list.body.ok && list.body.data.map((x) => x.method)).toEqual(['rule']);
    db.close();
  });
});
