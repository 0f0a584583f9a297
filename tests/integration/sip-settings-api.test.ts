import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SipSettings } from '../../shared/api';
import { api, loginAs, startTestServer, type TestServer } from '../support/test-server';

let withSip: TestServer;
let withoutSip: TestServer;
beforeAll(async () => {
  withSip = await startTestServer({ QUITA_SIP_WS_URL: 'wss://sip.exemplo.com.br/ws', QUITA_SIP_DOMAIN: 'sip.exemplo.com.br', QUITA_SIP_PASSWORD: 'segredo-de-teste', QUITA_SIP_RING_TIMEOUT_SECONDS: '20' });
  withoutSip = await startTestServer();
});
afterAll(async () => {
  await withSip.close();
  await withoutSip.close();
});

describe('GET /api/me/sip: the softphone account', () => {
  it('gives an agent its SIP account (user = login) and is never cached', async () => {
    const login = await loginAs(withSip, 'agent');
    const r = await api<SipSettings>(withSip.url, 'GET', '/api/me/sip', { token: login.token });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.body).toEqual({
      ok: true,
      data: { wsUrl: 'wss://sip.exemplo.com.br/ws', domain: 'sip.exemplo.com.br', username: login.user.username, displayName: login.user.displayName, password: 'segredo-de-teste', ringTimeoutSeconds: 20 },
    });
  });
  it('gives nothing to supervisors and admins, nor when no SIP proxy is configured', async () => {
    for (const role of ['supervisor', 'admin'] as const) {
      const login = await loginAs(withSip, role);
      expect((await api(withSip.url, 'GET', '/api/me/sip', { token: login.token })).body).toEqual({ ok: true, data: null });
    }
    const agent = await loginAs(withoutSip, 'agent');
    expect((await api(withoutSip.url, 'GET', '/api/me/sip', { token: agent.token })).body).toEqual({ ok: true, data: null });
  });
  it('requires a session', async () => {
    expect((await api(withSip.url, 'GET', '/api/me/sip')).status).toBe(401);
  });
});
