import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '../../shared/api';
import type { AuditEntry } from '../../server/src/ports/repositories';
import { api, connectSocket, loginAs, startTestServer, type TestServer } from '../support/test-server';

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

  it('a user changes their own password (the current one required): other sessions end, this one stays', async () => {
    const { token: adminToken } = await loginAs(server, 'admin');
    const made = await api<{ user: PublicUser; password: string }>(server.url, 'POST', '/api/admin/users', { token: adminToken, body: { username: 'carla.dias', displayName: 'Carla Dias', role: 'supervisor' } });
    if (!made.body.ok) throw new Error('user not created');
    const first = made.body.data.password;
    const signIn = async (password: string) => {
      const r = await api<{ token: string }>(server.url, 'POST', '/api/auth/login', { body: { username: 'carla.dias', password } });
      return r.body.ok ? r.body.data.token : null;
    };
    const here = (await signIn(first))!;
    const elsewhere = (await signIn(first))!;
    const otherConsole = await connectSocket(server.url, elsewhere);
    const ended = new Promise((resolve) => otherConsole.on('session:ended', resolve));
    try {
      const change = (body: unknown) => api(server.url, 'POST', '/api/me/password', { token: here, body });
      expect((await change({ currentPassword: 'wrong-password', newPassword: 'uma senha nova e longa' })).body).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'currentPassword: wrong password' } });
      expect((await change({ currentPassword: first, newPassword: 'curta' })).body).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('12 characters') } });
      expect((await change({ currentPassword: first, newPassword: first })).body).toMatchObject({ ok: false, error: { message: expect.stringContaining('differ') } });
      expect((await api(server.url, 'POST', '/api/me/password', { body: { currentPassword: first, newPassword: 'uma senha nova e longa' } })).status).toBe(401);
      expect((await change({ currentPassword: first, newPassword: 'uma senha nova e longa' })).status).toBe(200);
      await ended;
      expect((await api(server.url, 'GET', '/api/me', { token: elsewhere })).status).toBe(401);
      expect((await api(server.url, 'GET', '/api/me', { token: here })).status).toBe(200);
      expect(await signIn(first)).toBeNull();
      expect(await signIn('uma senha nova e longa')).not.toBeNull();
    } finally {
      otherConsole.disconnect();
    }
  });

  it('an admin resets a forgotten password: a new one shown once, the user signed out; not their own, not as a supervisor', async () => {
    const { token: adminToken, user: admin } = await loginAs(server, 'admin');
    const made = await api<{ user: PublicUser; password: string }>(server.url, 'POST', '/api/admin/users', { token: adminToken, body: { username: 'davi.reis', displayName: 'Davi Reis', role: 'agent' } });
    if (!made.body.ok) throw new Error('user not created');
    const { user, password: old } = made.body.data;
    const login = await api<{ token: string }>(server.url, 'POST', '/api/auth/login', { body: { username: 'davi.reis', password: old } });
    const davi = login.body.ok ? login.body.data.token : '';
    const reset = await api<{ password: string }>(server.url, 'POST', `/api/admin/users/${user.id}/password`, { token: adminToken });
    expect(reset.status).toBe(200);
    const fresh = reset.body.ok ? reset.body.data.password : '';
    expect(fresh.length).toBeGreaterThanOrEqual(16);
    expect((await api(server.url, 'GET', '/api/me', { token: davi })).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { username: 'davi.reis', password: old } })).status).toBe(401);
    expect((await api(server.url, 'POST', '/api/auth/login', { body: { username: 'davi.reis', password: fresh } })).status).toBe(200);
    expect((await api(server.url, 'POST', `/api/admin/users/${admin.id}/password`, { token: adminToken })).status).toBe(409);
    expect((await api(server.url, 'POST', '/api/admin/users/99999/password', { token: adminToken })).status).toBe(404);
    const supervisor = await loginAs(server, 'supervisor');
    expect((await api(server.url, 'POST', `/api/admin/users/${user.id}/password`, { token: supervisor.token })).status).toBe(403);
    const audit = await api<AuditEntry[]>(server.url, 'GET', `/api/admin/audit?action=user.password_reset`, { token: adminToken });
    expect(audit.body.ok && audit.body.data.map((e) => JSON.parse(String(e.detail)))).toEqual([{ id: user.id, username: 'davi.reis' }]);
  });
});
