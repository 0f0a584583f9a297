import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '../../shared/dialer';
import type { PaymentApplied } from '../../shared/payments';
import { signPayload } from '../../server/src/payments/signature';
import { api, connectSocket, emitWithAck, loginAs, nextEvent, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let secret = '';
let peek: Database.Database;
beforeAll(async () => {
  server = await startTestServer({ QUITA_CLOCK_START: '2026-11-24T10:00:00-03:00' });
  peek = new Database(server.dbFile, { readonly: true });
  const { token } = await loginAs(server, 'admin');
  const created = await api<{ secret: string }>(server.url, 'POST', '/api/admin/integrations', { token, body: { id: 'banco-exemplo', name: 'Banco Exemplo (baixas)' } });
  expect(created.status).toBe(201);
  if (created.body.ok) secret = created.body.data.secret;
});
afterAll(async () => {
  peek.close();
  await server.close();
});

const nowSeconds = () => Math.floor(server.app.clock.now() / 1000);
function post(body: unknown, opts: { secret?: string; timestamp?: number; integration?: string; raw?: string; signature?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  const ts = opts.timestamp ?? nowSeconds();
  return api<PaymentApplied>(server.url, 'POST', '/api/v1/payments', {
    rawBody: raw,
    headers: { 'x-quita-integration': opts.integration ?? 'banco-exemplo', 'x-quita-timestamp': String(ts), 'x-quita-signature': opts.signature ?? signPayload(opts.secret ?? secret, ts, raw) },
  });
}
const count = (sql: string, ...p: unknown[]) => peek.prepare(sql).pluck().get(...p) as number;

describe('POST /api/v1/payments (signed webhook, real server)', () => {
  it('forged, unsigned, stale or unknown-integration requests are refused with 401 and change nothing', async () => {
    const body = { paymentId: 'x-1', document: '52998224725', amountCents: 100, paidAt: '2026-11-24T09:00:00-03:00' };
    for (const opts of [{ secret: 'wrong-secret' }, { signature: 'sha256=00' }, { timestamp: nowSeconds() - 301 }, { integration: 'nobody' }]) {
      const r = await post(body, opts);
      expect(r.status, JSON.stringify(opts)).toBe(401);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    const missing = await api(server.url, 'POST', '/api/v1/payments', { body });
    expect(missing.status).toBe(401);
    expect(count('SELECT COUNT(*) FROM payments')).toBe(0);
  });

  it('malformed bodies name what is wrong; unknown debtors are 422 and kept for reconciliation', async () => {
    expect((await post(null, { raw: '{"paymentId": ' })).body).toMatchObject({ ok: false, error: { code: 'bad_request', message: 'body: not valid JSON' } });
    const noAmount = await post({ paymentId: 'p', document: '52998224725', paidAt: '2026-11-24T09:00:00-03:00' });
    expect(noAmount.body).toMatchObject({ ok: false, error: { message: expect.stringContaining('amountCents') } });
    const badCpf = await post({ paymentId: 'p', document: '529.982.247-26', amountCents: 1, paidAt: '2026-11-24T09:00:00-03:00' });
    expect(badCpf.body).toMatchObject({ ok: false, error: { message: 'document: invalid CPF (check digits)' } });
    const unknown = await post({ paymentId: 'u-1', document: '111.444.777-35', amountCents: 100, paidAt: '2026-11-24T09:00:00-03:00' });
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ ok: false, error: { code: 'unprocessable', message: 'document: no debtor with this CPF/CNPJ' } });
    expect(peek.prepare('SELECT external_id, reason FROM payment_rejections').all()).toEqual([{ external_id: 'u-1', reason: 'document: no debtor with this CPF/CNPJ' }]);
    const huge = await post(null, { raw: JSON.stringify({ paymentId: 'h', pad: 'x'.repeat(100_000) }) });
    expect(huge.status).toBe(413);
    expect(count('SELECT COUNT(*) FROM payments')).toBe(0);
  });

  it('a full payment writes the debt off, takes the debtor off the agent\'s screen at once, and a replay changes nothing', async () => {
    const { token } = await loginAs(server, 'agent');
    const socket = await connectSocket(server.url, token);
    try {
      const leadEvent = nextEvent(socket, 'dialer:lead');
      await emitWithAck(socket, 'agent:setState', { state: 'available' });
      const [lead] = (await leadEvent) as [Lead];
      const debtor = peek.prepare('SELECT document FROM debtors WHERE id = ?').get(lead.debtor.id) as { document: string };
      const owed = count("SELECT SUM(original_amount_cents) FROM contracts WHERE debtor_id = ? AND status = 'open'", lead.debtor.id);
      const revoked = nextEvent(socket, 'dialer:revoked');
      const body = { paymentId: 'PIX-000123', document: debtor.document, amountCents: owed, paidAt: '2026-11-24T09:30:00-03:00' };
      const r = await post(body);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ ok: true, data: { duplicate: false, openContracts: 0, bureauRemovalDue: '2026-12-01' } });
      expect(await revoked).toEqual([{ leaseId: lead.leaseId, reason: 'paid' }]);
      expect(count("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND status = 'open'", lead.debtor.id)).toBe(0);
      expect(count("SELECT COUNT(*) FROM campaign_members WHERE debtor_id = ? AND done_reason = 'paid'", lead.debtor.id)).toBeGreaterThan(0);
      expect(peek.prepare("SELECT summary FROM timeline_events WHERE debtor_id = ? AND kind = 'payment'").pluck().get(lead.debtor.id)).toMatch(/^Pagamento recebido: R\$/);

      const replay = await post(body);
      expect(replay.body).toMatchObject({ ok: true, data: { duplicate: true, paymentId: r.body.ok ? r.body.data.paymentId : 0 } });
      expect(count('SELECT COUNT(*) FROM payments')).toBe(1);
      expect(count('SELECT COUNT(*) FROM payment_allocations')).toBeGreaterThan(0);
    } finally {
      socket.disconnect();
    }
  });

  it('a supervisor writes a debt off by hand (with a reason, audited); an agent cannot', async () => {
    const debtor = peek.prepare("SELECT d.id, d.document, c.number, c.original_amount_cents FROM debtors d JOIN contracts c ON c.debtor_id = d.id WHERE c.status = 'open' ORDER BY d.id DESC LIMIT 1").get() as { id: number; document: string; number: string; original_amount_cents: number };
    const agent = await loginAs(server, 'agent');
    const body = { document: debtor.document, contractNumber: debtor.number, amountCents: debtor.original_amount_cents, paidAt: '2026-11-23', reason: 'pago no balcão da agência' };
    expect((await api(server.url, 'POST', '/api/payments/write-off', { token: agent.token, body })).status).toBe(403);
    const { token } = await loginAs(server, 'supervisor');
    const noReason = await api(server.url, 'POST', '/api/payments/write-off', { token, body: { ...body, reason: '' } });
    expect(noReason.body).toMatchObject({ ok: false, error: { message: expect.stringContaining('reason') } });
    const r = await api<PaymentApplied>(server.url, 'POST', '/api/payments/write-off', { token, body });
    expect(r.body).toMatchObject({ ok: true, data: { contractsPaid: [debtor.number] } });
    expect(peek.prepare("SELECT detail FROM audit_log WHERE action = 'payment.write_off'").pluck().get()).toContain('pago no balc');
  });

  it('a payoff file applies every good line, names every bad one, and is safe to send again', async () => {
    const [a, b] = peek.prepare("SELECT d.document, c.number, c.original_amount_cents AS amount FROM debtors d JOIN contracts c ON c.debtor_id = d.id WHERE c.status = 'open' ORDER BY d.id LIMIT 2").all() as { document: string; number: string; amount: number }[];
    const reais = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;
    const csv = [
      'id;documento;contrato;valor;data',
      `F-1;${a!.document};${a!.number};${reais(a!.amount)};23/11/2026`,
      `F-2;${b!.document};;abc;23/11/2026`,
      'F-3;11144477735;;10,00;23/11/2026',
      `F-4;${b!.document};NAO-EXISTE;10,00;31/02/2026`,
    ].join('\r\n');
    const { token } = await loginAs(server, 'supervisor');
    const send = () => api<{ applied: number; duplicates: number; debtorsStopped: number; errors: unknown[] }>(server.url, 'POST', '/api/payments/payoff', { token, rawBody: csv, headers: { 'content-type': 'text/csv' } });
    const first = await send();
    expect(first.body).toMatchObject({ ok: true, data: { applied: 1, duplicates: 0 } });
    expect(first.body.ok && first.body.data.errors).toEqual([
      { line: 3, column: 'valor', value: 'abc', reason: 'valor inválido' },
      { line: 4, column: 'documento', value: '11144477735', reason: 'devedor não encontrado' },
      { line: 5, column: 'data', value: '31/02/2026', reason: 'data inválida (use dd/mm/aaaa)' },
    ]);
    const again = await send();
    expect(again.body).toMatchObject({ ok: true, data: { applied: 0, duplicates: 1 } });
  });
  it('the bureau-removal deadline counts from the Brasília date of the payment (a Pix at 22:30 on a Thursday, sent in UTC, is Thursday\'s, not Friday\'s)', async () => {
    const debtorId = peek.prepare("SELECT debtor_id FROM contracts WHERE status = 'open' GROUP BY debtor_id ORDER BY debtor_id DESC LIMIT 1").pluck().get() as number;
    const document = peek.prepare('SELECT document FROM debtors WHERE id = ?').pluck().get(debtorId) as string;
    const owed = count("SELECT SUM(original_amount_cents) FROM contracts WHERE debtor_id = ? AND status = 'open'", debtorId);
    const r = await post({ paymentId: 'late-evening-1', document, amountCents: owed, paidAt: '2026-11-27T01:30:00Z' });
    // Thursday 26/11 + 5 business days = Thursday 03/12 (from Friday 27/11, the UTC date, it would be 04/12)
    expect(r.body).toMatchObject({ ok: true, data: { openContracts: 0, bureauRemovalDue: '2026-12-03' } });
  });
});
