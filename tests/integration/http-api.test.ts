import { MIGRATIONS } from '../../server/src/store/sqlite/migrations/index';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignSummary, DebtorListItem, HealthResponse, Page, PublicUser } from '../../shared/api';
import { api, loginAs, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('REST API on a real server', () => {
  it('GET /api/health reports version and a WAL database at the latest schema', async () => {
    const r = await api<HealthResponse>(server.url, 'GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, data: { name: 'quita', version: 'test', database: { state: 'ok', journalMode: 'wal', schemaVersion: MIGRATIONS[MIGRATIONS.length - 1]!.version } } });
  });

  it('logs each demo user in with the role', async () => {
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      const login = await loginAs(server, role);
      expect(login.user.role).toBe(role);
      expect(login.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const me = await api<PublicUser>(server.url, 'GET', '/api/me', { token: login.token });
      expect(me.body).toEqual({ ok: true, data: login.user });
    }
  });

  it('refuses a wrong password with 401 and a clear message', async () => {
    const r = await api(server.url, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'wrong' } });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ ok: false, error: { code: 'unauthenticated', message: 'Invalid username or password' } });
  });

  it('names the missing field of a malformed login, and rejects broken JSON', async () => {
    const missing = await api(server.url, 'POST', '/api/auth/login', { body: { username: 'admin' } });
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('password') } });
    const broken = await api(server.url, 'POST', '/api/auth/login', { rawBody: '{"username": "admin",' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses a huge body with 413 before reading it whole', async () => {
    const r = await api(server.url, 'POST', '/api/auth/login', { rawBody: JSON.stringify({ username: 'x'.repeat(2 * 1024 * 1024), password: 'y' }) });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ ok: false, error: { message: 'Request body is too large' } });
  });

  it('requires a session on every route but login and health', async () => {
    for (const route of ['/api/me', '/api/admin/users', '/api/campaigns', '/api/debtors']) {
      const r = await api(server.url, 'GET', route);
      expect(r.status, route).toBe(401);
      const forged = await api(server.url, 'GET', route, { token: 'forged-token' });
      expect(forged.status, route).toBe(401);
    }
  });

  it('checks the role: an agent cannot reach admin or supervisor routes', async () => {
    const { token } = await loginAs(server, 'agent');
    for (const route of ['/api/admin/users', '/api/campaigns', '/api/debtors']) {
      const r = await api(server.url, 'GET', route, { token });
      expect(r.status, route).toBe(403);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const supervisor = await loginAs(server, 'supervisor');
    expect((await api(server.url, 'GET', '/api/admin/users', { token: supervisor.token })).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/campaigns', { token: supervisor.token })).status).toBe(200);
  });

  it('lists users, campaigns and masked debtors to the admin', async () => {
    const { token } = await loginAs(server, 'admin');
    const users = await api<PublicUser[]>(server.url, 'GET', '/api/admin/users', { token });
    expect(users.body.ok && users.body.data.map((u) => u.username).sort()).toEqual(['admin', 'agente', 'supervisor']);
    expect(JSON.stringify(users.body)).not.toContain('scrypt');

    const campaigns = await api<CampaignSummary[]>(server.url, 'GET', '/api/campaigns', { token });
    expect(campaigns.body.ok && campaigns.body.data[0]).toMatchObject({ mode: 'preview', status: 'active', creditorName: 'Banco Exemplo S.A.' });
    expect(campaigns.body.ok && campaigns.body.data[0]!.debtorCount).toBeGreaterThan(200);

    const debtors = await api<Page<DebtorListItem>>(server.url, 'GET', '/api/debtors?pageSize=200', { token });
    expect(debtors.body.ok).toBe(true);
    if (!debtors.body.ok) return;
    expect(debtors.body.data.total).toBe(500);
    expect(debtors.body.data.items).toHaveLength(200);
    for (const d of debtors.body.data.items) expect(d.document).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
  });

  it('searches debtors by name and rejects a bad page size naming the field', async () => {
    const { token } = await loginAs(server, 'admin');
    const all = await api<Page<DebtorListItem>>(server.url, 'GET', '/api/debtors?pageSize=1', { token });
    const name = all.body.ok ? all.body.data.items[0]!.name : '';
    const found = await api<Page<DebtorListItem>>(server.url, 'GET', `/api/debtors?search=${encodeURIComponent(name)}`, { token });
    expect(found.body.ok && found.body.data.items.every((d) => d.name.includes(name))).toBe(true);
    const bad = await api(server.url, 'GET', '/api/debtors?pageSize=5000', { token });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, error: { message: expect.stringContaining('pageSize') } });
  });

  it('logout revokes the token', async () => {
    const { token } = await loginAs(server, 'supervisor');
    expect((await api(server.url, 'POST', '/api/auth/logout', { token })).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/me', { token })).status).toBe(401);
  });

  it('answers unknown API routes with a Result and sets security headers', async () => {
    const r = await api(server.url, 'GET', '/api/nope');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(r.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(r.headers.get('x-frame-options')).toBe('DENY');
  });

  it('allows CORS only for the listed origins (the desktop app)', async () => {
    const ok = await fetch(`${server.url}/api/health`, { method: 'OPTIONS', headers: { origin: 'app://quita' } });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe('app://quita');
    const other = await fetch(`${server.url}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('rate-limits wrong passwords per username (429 after 5), without locking other users', async () => {
    const attempt = (username: string, password: string) => api(server.url, 'POST', '/api/auth/login', { body: { username, password } });
    for (let i = 0; i < 5; i++) expect((await attempt('supervisor', `bad${i}`)).status).toBe(401);
    const locked = await attempt('supervisor', server.passwords.supervisor);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ ok: false, error: { code: 'rate_limited', message: expect.stringMatching(/try again in \d+ min/) } });
    expect((await attempt('admin', server.passwords.admin)).status).toBe(200);
  });
});
