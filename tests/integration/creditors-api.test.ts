import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Creditor, Portfolio } from '../../shared/creditors';
import { cnpjCheckDigits } from '../../shared/document';
import type { AuditEntry } from '../../server/src/ports/repositories';
import { api, loginAs, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startTestServer();
  token = (await loginAs(server, 'admin')).token;
});
afterAll(async () => {
  await server.close();
});

/** The alphanumeric CNPJ form (July 2026), formatted as people type it. */
const BASE = '12ABC34501DE';
const ALNUM_CNPJ = `${BASE.slice(0, 2)}.${BASE.slice(2, 5)}.${BASE.slice(5, 8)}/${BASE.slice(8)}-${cnpjCheckDigits(BASE)}`;
const NUMERIC_CNPJ = `112223330001${cnpjCheckDigits('112223330001')}`;
const ADDRESS = 'Av. Paulista, 1000, Bela Vista, São Paulo - SP, 01310-100';

const post = <T>(route: string, body: unknown, as = token) => api<T>(server.url, 'POST', route, { token: as, body });
const errorOf = (r: { body: { ok: boolean } }) => (r.body as { error?: { message: string } }).error?.message ?? '';

describe('creditors and portfolios (real server)', () => {
  it('an admin creates a creditor (alphanumeric CNPJ stored normalized), edits it, adds portfolios; all audited', async () => {
    const created = await post<Creditor>('/api/admin/creditors', { name: 'Banco Horizonte', cnpj: ALNUM_CNPJ.toLowerCase(), address: ADDRESS });
    expect(created.status).toBe(201);
    if (!created.body.ok) return;
    const creditor = created.body.data;
    expect(creditor).toMatchObject({ name: 'Banco Horizonte', cnpj: `${BASE}${cnpjCheckDigits(BASE)}`, address: ADDRESS, portfolios: [] });

    const edited = await api<Creditor>(server.url, 'PATCH', `/api/admin/creditors/${creditor.id}`, { token, body: { name: 'Banco Horizonte S.A.', address: 'Rua Nova, 55, Centro, Campinas - SP' } });
    expect(edited.status).toBe(200);
    expect(edited.body.ok && edited.body.data).toMatchObject({ name: 'Banco Horizonte S.A.', address: 'Rua Nova, 55, Centro, Campinas - SP', cnpj: creditor.cnpj });

    const portfolio = await post<Portfolio>('/api/admin/portfolios', { creditorId: creditor.id, name: 'Cartões 2026' });
    expect(portfolio.status).toBe(201);
    const portfolioId = portfolio.body.ok ? portfolio.body.data.id : 0;
    // the same name under another creditor is fine
    const other = await post<Creditor>('/api/admin/creditors', { name: 'Financeira Sul', cnpj: NUMERIC_CNPJ, address: ADDRESS });
    expect(other.status).toBe(201);
    expect((await post('/api/admin/portfolios', { creditorId: other.body.ok ? other.body.data.id : 0, name: 'Cartões 2026' })).status).toBe(201);

    const list = await api<Creditor[]>(server.url, 'GET', '/api/admin/creditors', { token });
    const mine = list.body.ok ? list.body.data.find((c) => c.id === creditor.id) : undefined;
    expect(mine?.portfolios.map((p) => p.name)).toEqual(['Cartões 2026']);
    // the campaign editor's picker sees the new portfolio at once
    const pickers = await api<{ id: number; name: string; creditorName: string }[]>(server.url, 'GET', '/api/admin/portfolios', { token });
    expect(pickers.body.ok && pickers.body.data.find((p) => p.id === portfolioId)).toMatchObject({ name: 'Cartões 2026', creditorName: 'Banco Horizonte S.A.' });

    const audit = await api<AuditEntry[]>(server.url, 'GET', '/api/admin/audit?action=creditor.', { token });
    expect(audit.body.ok && audit.body.data.map((e) => e.action)).toEqual(['creditor.create', 'creditor.update', 'creditor.create']);
    const portfolioAudit = await api<AuditEntry[]>(server.url, 'GET', '/api/admin/audit?action=portfolio.create', { token });
    expect(portfolioAudit.body.ok && portfolioAudit.body.data.length).toBe(2);
  });

  it('refuses a bad CNPJ, a duplicate CNPJ, a missing address, a duplicate portfolio name and an unknown creditor, naming the field', async () => {
    const bad = await post('/api/admin/creditors', { name: 'Loja X', cnpj: '11.222.333/0001-00', address: ADDRESS });
    expect(bad.status).toBe(400);
    expect(errorOf(bad)).toMatch(/^cnpj: /);

    const first = await post<Creditor>('/api/admin/creditors', { name: 'Varejo Norte', cnpj: '45.997.418/0001-53', address: ADDRESS });
    expect(first.status).toBe(201);
    // the same CNPJ typed differently is the same creditor
    const duplicate = await post('/api/admin/creditors', { name: 'Outro nome', cnpj: '45997418000153', address: ADDRESS });
    expect(duplicate.status).toBe(409);
    expect(errorOf(duplicate)).toMatch(/^cnpj: /);

    const noAddress = await post('/api/admin/creditors', { name: 'Sem Endereço', cnpj: '11444777000161' });
    expect(noAddress.status).toBe(400);
    expect(errorOf(noAddress)).toMatch(/^address: /);
    const blankAddress = await post('/api/admin/creditors', { name: 'Sem Endereço', cnpj: '11444777000161', address: '   ' });
    expect(errorOf(blankAddress)).toMatch(/^address: /);

    const creditorId = first.body.ok ? first.body.data.id : 0;
    expect((await post('/api/admin/portfolios', { creditorId, name: 'Crediário' })).status).toBe(201);
    const dupPortfolio = await post('/api/admin/portfolios', { creditorId, name: ' Crediário ' });
    expect(dupPortfolio.status).toBe(409);
    expect(errorOf(dupPortfolio)).toMatch(/^name: /);
    const unknown = await post('/api/admin/portfolios', { creditorId: 999_999, name: 'Crediário' });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown)).toMatch(/^creditorId: /);

    // the CNPJ is not editable, an address cannot be blanked
    const patchCnpj = await api(server.url, 'PATCH', `/api/admin/creditors/${creditorId}`, { token, body: { cnpj: '11444777000161' } });
    expect(patchCnpj.status).toBe(400);
    const patchAddress = await api(server.url, 'PATCH', `/api/admin/creditors/${creditorId}`, { token, body: { address: '' } });
    expect(patchAddress.status).toBe(400);
    expect(errorOf(patchAddress)).toMatch(/^address: /);
    expect((await api(server.url, 'PATCH', '/api/admin/creditors/999999', { token, body: { name: 'Ninguém' } })).status).toBe(404);

    const list = await api<Creditor[]>(server.url, 'GET', '/api/admin/creditors', { token });
    expect(list.body.ok && list.body.data.filter((c) => c.name === 'Sem Endereço' || c.name === 'Loja X' || c.name === 'Outro nome')).toEqual([]);
  });

  it('refuses agents and supervisors on every route', async () => {
    for (const role of ['agent', 'supervisor'] as const) {
      const other = (await loginAs(server, role)).token;
      expect((await api(server.url, 'GET', '/api/admin/creditors', { token: other })).status).toBe(403);
      expect((await post('/api/admin/creditors', { name: 'Banco Y', cnpj: '11444777000161', address: ADDRESS }, other)).status).toBe(403);
      expect((await api(server.url, 'PATCH', '/api/admin/creditors/1', { token: other, body: { name: 'Banco Y' } })).status).toBe(403);
      expect((await post('/api/admin/portfolios', { creditorId: 1, name: 'Nova' }, other)).status).toBe(403);
    }
    expect((await api(server.url, 'GET', '/api/admin/creditors')).status).toBe(401);
  });
});
