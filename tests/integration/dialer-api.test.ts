import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_SETTINGS, type CampaignDetail, type CampaignUpsert, type DialCommand, type Lead } from '../../shared/dialer';
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
  name: 'Veículos', portfolioId: 2, mode: 'progressive', status: 'paused', agentIds: [], settings: DEFAULT_CAMPAIGN_SETTINGS, ...over,
});

describe('campaign configuration over REST (real server)', () => {
  it('an admin creates and updates a campaign; every change is audited; bad input names the field', async () => {
    const { token } = await loginAs(server, 'admin');
    const created = await api<CampaignDetail>(server.url, 'POST', '/api/admin/campaigns', { token, body: campaign() });
    expect(created.status).toBe(201);
    if (!created.body.ok) return;
    const id = created.body.data.id;
    expect(created.body.data).toMatchObject({ name: 'Veículos', mode: 'progressive', settings: { pacing: { abandonTarget: 0.03 } } });

    const dup = await api(server.url, 'POST', '/api/admin/campaigns', { token, body: campaign() });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ ok: false, error: { message: 'name: a campaign named "Veículos" already exists' } });

    const badHours = await api(server.url, 'PUT', `/api/admin/campaigns/${id}`, { token, body: campaign({ settings: { ...DEFAULT_CAMPAIGN_SETTINGS, hours: { weekdays: ['20:00', '08:00'], saturday: null } } }) });
    expect(badHours.status).toBe(400);
    expect(badHours.body).toMatchObject({ ok: false, error: { message: expect.stringContaining('settings.hours.weekdays') } });
    const badRule = await api(server.url, 'PUT', `/api/admin/campaigns/${id}`, { token, body: { ...campaign(), settings: { ...DEFAULT_CAMPAIGN_SETTINGS, retry: { busy: { delayMinutes: -1, final: false } } } } });
    expect(badRule.status).toBe(400);
    const badAgent = await api(server.url, 'PUT', `/api/admin/campaigns/${id}`, { token, body: campaign({ agentIds: [999] }) });
    expect(badAgent.body).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'agentIds: user 999 is not an agent' } });
    expect((await api(server.url, 'PUT', '/api/admin/campaigns/999', { token, body: campaign({ name: 'x' }) })).status).toBe(404);

    const updated = await api<CampaignDetail>(server.url, 'PUT', `/api/admin/campaigns/${id}`, { token, body: campaign({ status: 'active', settings: { ...DEFAULT_CAMPAIGN_SETTINGS, pacing: { ...DEFAULT_CAMPAIGN_SETTINGS.pacing, maxLinesPerAgent: 3 } } }) });
    expect(updated.body).toMatchObject({ ok: true, data: { status: 'active', settings: { pacing: { maxLinesPerAgent: 3 } } } });
    const read = await api<CampaignDetail & { leads: unknown }>(server.url, 'GET', `/api/campaigns/${id}`, { token });
    expect(read.body).toMatchObject({ ok: true, data: { id, leads: { leadsReady: 0, leased: 0 } } });

    const db = new Database(server.dbFile, { readonly: true });
    const audit = db.prepare("SELECT action FROM audit_log WHERE action LIKE 'campaign.%' ORDER BY id").pluck().all();
    db.close();
    expect(audit).toEqual(['campaign.create', 'campaign.update']);
  });

  it("the small-team extra lines setting: saved as the editor sends it, out of range refused by name, old stored settings read as 0.4", async () => {
    const { token } = await loginAs(server, 'admin');
    const created = await api<CampaignDetail>(server.url, 'POST', '/api/admin/campaigns', { token, body: campaign({ name: 'Equipe pequena' }) });
    if (!created.body.ok) throw new Error('not created');
    const id = created.body.data.id;
    expect(created.body.data.settings.pacing.smallTeamAnswersPerFreeAgent).toBe(0.4);
    const withValue = (v: unknown) => campaign({ name: 'Equipe pequena', settings: { ...DEFAULT_CAMPAIGN_SETTINGS, pacing: { ...DEFAULT_CAMPAIGN_SETTINGS.pacing, smallTeamAnswersPerFreeAgent: v as number } } });

    const saved = await api<CampaignDetail>(server.url, 'PUT', `/api/admin/campaigns/${id}`, { token, body: withValue(0.7) });
    expect(saved.body).toMatchObject({ ok: true, data: { settings: { pacing: { smallTeamAnswersPerFreeAgent: 0.7 } } } });
    const read = await api<CampaignDetail>(server.url, 'GET', `/api/campaigns/${id}`, { token });
    expect(read.body).toMatchObject({ ok: true, data: { settings: { pacing: { smallTeamAnswersPerFreeAgent: 0.7 } } } });
    const bad = await api(server.url, 'PUT', `/api/admin/campaigns/${id}`, { token, body: withValue(1.5) });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { message: expect.stringContaining('settings.pacing.smallTeamAnswersPerFreeAgent') } });

    // a supervisor's live pacing change leaves it alone (a patch changes only what it names)
    const supervisor = await loginAs(server, 'supervisor');
    const patched = await api<CampaignDetail>(server.url, 'PATCH', `/api/supervisor/campaigns/${id}/pacing`, { token: supervisor.token, body: { maxLinesPerAgent: 3 } });
    expect(patched.body).toMatchObject({ ok: true, data: { settings: { pacing: { maxLinesPerAgent: 3, smallTeamAnswersPerFreeAgent: 0.7 } } } });

    // settings stored before the field existed
    const db = new Database(server.dbFile);
    const { smallTeamAnswersPerFreeAgent: _, ...oldPacing } = DEFAULT_CAMPAIGN_SETTINGS.pacing;
    db.prepare('UPDATE campaigns SET settings = ? WHERE id = ?').run(JSON.stringify({ ...DEFAULT_CAMPAIGN_SETTINGS, pacing: { ...oldPacing, maxLinesPerAgent: 2 } }), id);
    db.close();
    const old = await api<CampaignDetail>(server.url, 'GET', `/api/campaigns/${id}`, { token });
    expect(old.body).toMatchObject({ ok: true, data: { settings: { pacing: { maxLinesPerAgent: 2, smallTeamAnswersPerFreeAgent: 0.4 } } } });
  });

  it('agents and supervisors cannot change campaigns', async () => {
    for (const role of ['agent', 'supervisor'] as const) {
      const { token } = await loginAs(server, role);
      const r = await api(server.url, 'POST', '/api/admin/campaigns', { token, body: campaign({ name: `x-${role}` }) });
      expect(r.status, role).toBe(403);
    }
  });
});

describe('an agent works leads over socket.io (real server)', () => {
  it('ready → lead pushed; dial → command with the full number and caller ID; a malformed or foreign command is refused', async () => {
    const { token } = await loginAs(server, 'agent');
    const socket = await connectSocket(server.url, token);
    try {
      const leadEvent = nextEvent(socket, 'dialer:lead');
      expect((await emitWithAck(socket, 'agent:setState', { state: 'available' })).ok).toBe(true);
      const [lead] = (await leadEvent) as [Lead];
      expect(lead).toMatchObject({ mode: 'preview', campaignName: 'Cartões — recuperação 2024' });
      expect(JSON.stringify(lead)).not.toMatch(/\+55\d{10,11}/); // the lead carries masked data only

      expect(await emitWithAck(socket, 'dialer:dial', { leaseId: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('leaseId') } });
      expect(await emitWithAck(socket, 'dialer:dial', { leaseId: lead.leaseId + 1000 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
      const dialed = await emitWithAck<DialCommand>(socket, 'dialer:dial', { leaseId: lead.leaseId });
      expect(dialed.ok).toBe(true);
      if (!dialed.ok) return;
      expect(dialed.data.to).toMatch(new RegExp(`^\\+55${lead.phone.ddd}\\d{8,9}$`));
      expect(dialed.data.callerId).toMatch(/^\+55\d{10}$/);

      expect(await emitWithAck(socket, 'dialer:callEvent', { attemptId: dialed.data.attemptId, event: 'exploded' })).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      const next = nextEvent(socket, 'dialer:lead', (l) => l.leaseId !== lead.leaseId);
      expect(await emitWithAck(socket, 'dialer:callEvent', { attemptId: dialed.data.attemptId, event: 'ended', outcome: 'no_answer', sipCode: 480 })).toEqual({ ok: true, data: null });
      const [second] = (await next) as [Lead];
      expect(second.debtor.id).not.toBe(lead.debtor.id);

      // a reconnecting console is given its open lead again
      socket.disconnect();
      let resentEvent: Promise<[Lead]> | null = null;
      const again = await connectSocket(server.url, token, (s) => (resentEvent = nextEvent(s, 'dialer:lead') as Promise<[Lead]>));
      const [resent] = await resentEvent!;
      expect(resent.leaseId).toBe(second.leaseId);
      again.disconnect();
    } finally {
      socket.disconnect();
    }
  });
});
