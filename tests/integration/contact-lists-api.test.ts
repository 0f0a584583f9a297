import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, loginAs, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let peek: Database.Database;
beforeAll(async () => {
  server = await startTestServer({ QUITA_CLOCK_START: '2026-11-24T10:00:00-03:00' });
  peek = new Database(server.dbFile, { readonly: true });
});
afterAll(async () => {
  peek.close();
  await server.close();
});

describe('do-not-call lists and the inbound pop (real server)', () => {
  it('an admin loads "Não Me Ligue": good numbers added (once), bad lines named, audited; agents cannot', async () => {
    const agent = await loginAs(server, 'agent');
    const csv = 'telefone\n(11) 98765-4321\n11 98765-4321\n(20) 3333-4444\n+55 21 3333-4444\n';
    const send = (token: string, method = 'POST') => api<{ added?: number; removed?: number; errors: unknown[] }>(server.url, method, '/api/admin/do-not-call/nao_me_ligue', { token, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    expect((await send(agent.token)).status).toBe(403);
    const { token } = await loginAs(server, 'admin');
    const r = await send(token);
    expect(r.body).toEqual({ ok: true, data: { added: 2, errors: [{ line: 4, value: '(20) 3333-4444', reason: 'DDD inexistente' }] } });
    expect((await api(server.url, 'GET', '/api/admin/do-not-call/nao_me_ligue', { token })).body).toEqual({ ok: true, data: { list: 'nao_me_ligue', count: 2 } });
    expect((await api(server.url, 'GET', '/api/admin/do-not-call/whatever', { token })).status).toBe(404);
    const removed = await send(token, 'DELETE');
    expect(removed.body).toMatchObject({ ok: true, data: { removed: 2 } });
    expect(peek.prepare("SELECT action FROM audit_log WHERE action LIKE 'do_not_call.%' ORDER BY id").pluck().all()).toEqual(['do_not_call.add', 'do_not_call.remove']);
  });

  it('a call from a debtor\'s phone to a pool number names the debtor (masked); a number outside the pool is not a pop', async () => {
    const phone = peek.prepare("SELECT p.e164, d.name FROM phones p JOIN debtors d ON d.id = p.debtor_id WHERE p.status = 'valid' LIMIT 1").get() as { e164: string; name: string };
    const pool = peek.prepare('SELECT e164 FROM caller_ids LIMIT 1').pluck().get() as string;
    const { token } = await loginAs(server, 'agent');
    const r = await api<{ from: string; debtors: { name: string; document: string }[] }>(server.url, 'GET', `/api/inbound/identify?from=${encodeURIComponent(phone.e164)}&to=${encodeURIComponent(pool)}`, { token });
    expect(r.body.ok && r.body.data.debtors[0]).toMatchObject({ name: phone.name, document: expect.stringMatching(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/) });
    const notPool = await api(server.url, 'GET', `/api/inbound/identify?from=${encodeURIComponent(phone.e164)}&to=%2B551199999999`, { token });
    expect(notPool.status).toBe(404);
    const admin = await loginAs(server, 'admin');
    expect((await api(server.url, 'GET', `/api/inbound/identify?from=${encodeURIComponent(phone.e164)}&to=${encodeURIComponent(pool)}`, { token: admin.token })).status).toBe(403);
  });
});
