import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '../../shared/api';
import type { AuditEntry } from '../../server/src/ports/repositories';
import { api, loginAs, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('administration (real server)', () => {
  it('an admin creates a user (password shown once), the user signs in; deactivating ends their sessions and sign-ins', async () => {
    const { token, user: admin } = await loginAs(server, 'admin');
    const created = await api<{ user: PublicUser; password: string }>(server.url, 'POST', '/api/admin/users', { token, body: { username: 'bruno.lima', displayName: 'Bruno Lima', role: 'agent' } });
    expect(created.status).toBe(201);
    if (!created.body.ok) return;
    const { user, password } = created.body.data;
    expect(password.length).toBeGreaterThanOrEqual(16);
    expect((await api(server.url, 'POST', '/api/admin/users', { token, body: { username: 'bruno.lima', displayName: 'Outro', role: 'agent' } })).status).toBe(409);
    expect((await api(server.url, 'POST', '/api/admin/users', { token, body: { username: 'X Y', displayName: 'Outro', role: 'root' } })).status).toBe(400);

    const login = await api<{ token: string }>(server.url, 'POST', '/api/auth/login', { body: { username: 'bruno.lima', password } });
    expect(login.status).toBe(200);
    const brunoToken = login.body.ok ? login.body.data.token : '';
    expect((await api(server.url, 'PATCH', `/api/admin/users/${user.id}`, { token, body: { active: false } })).status).toBe(200);
    expect((await api(server.url, 'GET', '/api/me', { token: brunoToken })).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { username: 'bruno.lima', password } })).status).toBe(401);
    expect((await api(server.url, 'PATCH', `/api/admin/users/${admin.id}`, { token, body: { active: false } })).status).toBe(409);

    const audit = await api<AuditEntry[]>(server.url, 'GET', `/api/admin/audit?action=user.&user=${admin.id}`, { token });
    expect(audit.body.ok && audit.body.data.map((e) => e.action)).toEqual(['user.update', 'user.create']);
    expect((await api(server.url, 'GET', '/api/admin/audit?from=not-a-date', { token })).status).toBe(400);
    const supervisor = await loginAs(server, 'supervisor');
    expect((await api(server.url, 'GET', '/api/admin/audit', { token: supervisor.token })).status).toBe(403);
  });
});
