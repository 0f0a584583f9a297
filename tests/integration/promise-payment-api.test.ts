import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialCommand, Lead } from '../../shared/dialer';
import type { PaymentApplied } from '../../shared/payments';
import type { PromiseView } from '../../shared/promises';
import { signPayload } from '../../server/src/payments/signature';
import { api, connectSocket, emitWithAck, loginAs, nextEvent, startTestServer, type TestServer } from '../support/test-server';

/**
 * A debtor pays by Pix while still on the line (the agent just sent the code), and the agent records the
 * promise after the call: the payment counts toward it and the promise is kept as it is recorded. Real
 * server on a real port: the agent over socket.io, the bank's signed webhook and the card over HTTP.
 */
let server: TestServer;
let secret = '';
beforeAll(async () => {
  server = await startTestServer({ QUITA_CLOCK_START: '2026-11-24T10:00:00-03:00' });
  const { token } = await loginAs(server, 'admin');
  const created = await api<{ secret: string }>(server.url, 'POST', '/api/admin/integrations', { token, body: { id: 'banco-exemplo', name: 'Banco Exemplo' } });
  if (!created.body.ok) throw new Error(JSON.stringify(created.body));
  secret = created.body.data.secret;
});
afterAll(async () => {
  await server.close();
});

function webhook(body: unknown) {
  const raw = JSON.stringify(body);
  const ts = Math.floor(server.app.clock.now() / 1000);
  return api<PaymentApplied>(server.url, 'POST', '/api/v1/payments', {
    rawBody: raw,
    headers: { 'x-quita-integration': 'banco-exemplo', 'x-quita-timestamp': String(ts), 'x-quita-signature': signPayload(secret, ts, raw) },
  });
}

describe('a payment made during the call counts toward the promise recorded after it (real server)', () => {
  it('a Pix paid on the line, then the promise disposition: the card shows the promise kept', async () => {
    const agent = await loginAs(server, 'agent');
    const socket = await connectSocket(server.url, agent.token);
    try {
      const leadEvent = nextEvent(socket, 'dialer:lead');
      expect((await emitWithAck(socket, 'agent:setState', { state: 'available' })).ok).toBe(true);
      const [lead] = (await leadEvent) as [Lead];
      const dialed = await emitWithAck<DialCommand>(socket, 'dialer:dial', { leaseId: lead.leaseId });
      if (!dialed.ok) throw new Error(dialed.error.message);
      expect(await emitWithAck(socket, 'dialer:callEvent', { attemptId: dialed.data.attemptId, event: 'answered' })).toEqual({ ok: true, data: { connect: true } });
      await new Promise((r) => setTimeout(r, 20)); // the Pix is made after the call started

      const db = new Database(server.dbFile, { readonly: true });
      const document = db.prepare('SELECT document FROM debtors WHERE id = ?').pluck().get(lead.debtor.id) as string;
      db.close();
      const paid = await webhook({ paymentId: 'PIX-ON-THE-LINE', document, amountCents: 100, paidAt: new Date(server.app.clock.now()).toISOString() });
      expect(paid.body).toMatchObject({ ok: true, data: { duplicate: false } });
      expect(paid.body.ok && paid.body.data.openContracts).toBeGreaterThan(0);

      expect((await emitWithAck(socket, 'dialer:callEvent', { attemptId: dialed.data.attemptId, event: 'ended' })).ok).toBe(true);
      const disposed = await emitWithAck(socket, 'dialer:dispose', { leaseId: lead.leaseId, key: 'disp-online-00001', outcome: 'promise', promise: { dueDate: '2026-11-27', amountCents: 100 } });
      expect(disposed).toEqual({ ok: true, data: null });

      const { token } = await loginAs(server, 'supervisor');
      await expect.poll(async () => {
        const card = await api<PromiseView[]>(server.url, 'GET', `/api/debtors/${lead.debtor.id}/promises`, { token });
        return card.body.ok ? card.body.data.map((p) => p.status) : card.body;
      }).toEqual(['kept']);
    } finally {
      socket.disconnect();
    }
  });
});
