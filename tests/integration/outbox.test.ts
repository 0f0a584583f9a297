import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { OutboxDispatcher } from '../../server/src/payments/outbox';
import { PaymentService } from '../../server/src/payments/payment-service';
import { verifySignature } from '../../server/src/payments/signature';
import { dialerFixture, type DialerFixture } from '../support/dialer-fixture';

let f: DialerFixture | null = null;
let crm: http.Server | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
  await new Promise((r) => (crm ? crm.close(r) : r(null)));
  crm = null;
});

/** A creditor's CRM on a real port: answers with the given statuses in turn, recording what it got. */
async function startCrm(statuses: number[]) {
  const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
  crm = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(statuses[Math.min(got.length - 1, statuses.length - 1)]!).end();
    });
  });
  await new Promise<void>((r) => crm!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/quita`, got };
}

describe('outgoing notices to the creditor (real HTTP server)', () => {
  it('a payment is notified, signed; failures are retried with backoff until delivered; a dead letter stays listed and can be retried', async () => {
    f = await dialerFixture({ agents: 1, debtors: [{ balance: 5000, phones: ['+5511970000001'] }, { balance: 7000, phones: ['+5511970000002'] }] });
    const target = await startCrm([500, 503, 200]);
    await f.store.payments.createIntegration({ id: 'crm', name: 'CRM do credor', secret: 's3cr3t', callbackUrl: target.url }, f.clock.t);
    const payments = new PaymentService({ store: f.store.payments, dialer: f.dialer, clock: f.clock });
    const document = f.peek.prepare('SELECT document FROM debtors WHERE id = 1').pluck().get() as string;
    const paid = await payments.apply({ source: 'manual', externalId: 'm-1', document, contractNumber: null, amountCents: 5000, paidAt: '2026-11-24', userId: null });
    expect(paid.ok).toBe(true);

    const outbox = new OutboxDispatcher({ store: f.store.outbox, clock: f.clock, logger: pino({ level: 'silent' }), backoffMs: [1000, 2000] });
    expect(await outbox.runOnce()).toBe(0); // 500
    expect(await outbox.runOnce()).toBe(0); // not due yet: nothing sent
    expect(target.got).toHaveLength(1);
    f.clock.t += 1000;
    expect(await outbox.runOnce()).toBe(0); // 503
    f.clock.t += 2000;
    expect(await outbox.runOnce()).toBe(1); // 200
    expect(target.got).toHaveLength(3);
    const last = target.got[2]!;
    expect(JSON.parse(last.body)).toMatchObject({ event: 'payment.applied', externalId: 'm-1', amountCents: 5000, collectionStopped: true, bureauRemovalDue: '2026-12-01' });
    expect(verifySignature({ secret: 's3cr3t', timestamp: last.headers['x-quita-timestamp'] as string, signature: last.headers['x-quita-signature'] as string, rawBody: Buffer.from(last.body), nowMs: f.clock.t }).ok).toBe(true);
    expect(await f.store.outbox.list('delivered', 10)).toHaveLength(1);

    // a CRM that keeps failing: after the last backoff the notice is a dead letter, listed, and can be sent again
    await new Promise((r) => crm!.close(r));
    crm = null;
    const down = await startCrm([500]);
    f.peek.close();
    const Database = (await import('better-sqlite3')).default;
    const rw = new Database(f.file);
    rw.prepare('UPDATE integrations SET callback_url = ? WHERE id = ?').run(down.url, 'crm');
    rw.close();
    f.peek = new Database(f.file, { readonly: true });
    const document2 = f.peek.prepare('SELECT document FROM debtors WHERE id = 2').pluck().get() as string;
    await payments.apply({ source: 'manual', externalId: 'm-2', document: document2, contractNumber: null, amountCents: 7000, paidAt: '2026-11-24', userId: null });
    for (let i = 0; i < 3; i++) {
      await outbox.runOnce();
      f.clock.t += 5000;
    }
    const dead = await f.store.outbox.list('dead', 10);
    expect(dead).toMatchObject([{ attempts: 3, lastError: 'HTTP 500' }]);
    expect(down.got).toHaveLength(3);
    expect(await f.store.outbox.retry(dead[0]!.id, f.clock.t)).toBe(true);
    expect(await f.store.outbox.list('pending', 10)).toHaveLength(1);
  });
});
