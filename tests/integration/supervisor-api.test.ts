import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, connectSocket, emitWithAck, loginAs, nextEvent, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ QUITA_CLOCK_START: '2026-11-24T10:00:00-03:00' });
});
afterAll(async () => {
  await server.close();
});

describe('supervisor actions (real server)', () => {
  it('logging an agent out ends every session of theirs at once; pausing a campaign stops its leads; audited', async () => {
    const agent = await loginAs(server, 'agent');
    const socket = await connectSocket(server.url, agent.token);
    const { token } = await loginAs(server, 'supervisor');
    try {
      await emitWithAck(socket, 'agent:setState', { state: 'available' });
      const ended = nextEvent(socket, 'session:ended');
      const r = await api(server.url, 'POST', `/api/supervisor/agents/${agent.user.id}/logout`, { token });
      expect(r.body).toEqual({ ok: true, data: null });
      expect(await ended).toEqual([{ code: 'logged_out' }]);
      expect((await api(server.url, 'GET', '/api/me', { token: agent.token })).status).toBe(401);
      expect(server.app.presence.get(agent.user.id)?.state.name).toBe('offline');

      const paused = await api<{ status: string }>(server.url, 'POST', '/api/supervisor/campaigns/1/status', { token, body: { status: 'paused' } });
      expect(paused.body).toMatchObject({ ok: true, data: { status: 'paused' } });
      expect(await server.app.dialer.nextLead(agent.user.id)).toBeNull();
      const bad = await api(server.url, 'PATCH', '/api/supervisor/campaigns/1/pacing', { token, body: { maxLinesPerAgent: 99 } });
      expect(bad.status).toBe(400);
      const db = new Database(server.dbFile, { readonly: true });
      expect(db.prepare("SELECT action FROM audit_log WHERE action LIKE 'supervisor.%' ORDER BY id").pluck().all()).toEqual(['supervisor.logout_agent', 'supervisor.campaign_status']);
      db.close();
    } finally {
      socket.disconnect();
    }
  });

  it('reports: JSON and CSV for a period; a bad period names the field; agents cannot', async () => {
    const { token } = await loginAs(server, 'supervisor');
    const json = await api<{ campaignName: string; dials: number }[]>(server.url, 'GET', '/api/reports/campaigns?from=2026-11-24&to=2026-11-24', { token });
    expect(json.body.ok && json.body.data[0]).toMatchObject({ campaignName: 'Cartões — recuperação 2024' });
    const csv = await fetch(`${server.url}/api/reports/agents?from=2026-11-01&to=2026-11-24&format=csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a BOM: spreadsheets read the accents right
    expect(bytes.subarray(3).toString('utf8').split('\r\n')[0]).toMatch(/^userId;name;loggedInSeconds;/);
    const bad = await api(server.url, 'GET', '/api/reports/agents?from=2026-11-24&to=2026-11-01', { token });
    expect(bad.body).toMatchObject({ ok: false, error: { message: expect.stringContaining('from') } });
    const agent = await loginAs(server, 'agent');
    expect((await api(server.url, 'GET', '/api/reports/agents?from=2026-11-24&to=2026-11-24', { token: agent.token })).status).toBe(403);
  });
});
