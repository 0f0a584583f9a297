import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialCommand, Lead } from '../../shared/dialer';
import type { PromiseView } from '../../shared/promises';
import { api, connectSocket, emitWithAck, loginAs, nextEvent, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ QUITA_CLOCK_START: '2026-11-24T10:00:00-03:00' });
});
afterAll(async () => {
  await server.close();
});

describe('dispositions over socket.io (real server, real port)', () => {
  it('a line still ringing is sent again to a reconnecting console; a disposition retried with its key is recorded once; the promise is on the card', async () => {
    const { token } = await loginAs(server, 'agent');
    const socket = await connectSocket(server.url, token);
    try {
      const leadEvent = nextEvent(socket, 'dialer:lead');
      expect((await emitWithAck(socket, 'agent:setState', { state: 'available' })).ok).toBe(true);
      const [lead] = (await leadEvent) as [Lead];
      expect(lead.wrapUpSeconds).toBe(60);
      const dialed = await emitWithAck<DialCommand>(socket, 'dialer:dial', { leaseId: lead.leaseId });
      if (!dialed.ok) throw new Error(dialed.error.message);

      // the console drops off while the line rings: on reconnection the server sends the dial again
      socket.disconnect();
      let resent: Promise<[DialCommand]> | null = null;
      const again = await connectSocket(server.url, token, (s) => (resent = nextEvent(s, 'dialer:dial') as Promise<[DialCommand]>));
      try {
        const [command] = await resent!;
        expect(command).toEqual(dialed.data);

        expect(await emitWithAck(again, 'dialer:callEvent', { attemptId: command.attemptId, event: 'answered' })).toEqual({ ok: true, data: { connect: true } });
        expect((await emitWithAck(again, 'dialer:callEvent', { attemptId: command.attemptId, event: 'ended' })).ok).toBe(true);

        const bad = await emitWithAck(again, 'dialer:dispose', { leaseId: lead.leaseId, key: 'k1', outcome: 'promise' });
        expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('key') } });
        const noTerms = await emitWithAck(again, 'dialer:dispose', { leaseId: lead.leaseId, key: 'disp-api-000001', outcome: 'promise' });
        expect(noTerms).toMatchObject({ ok: false, error: { message: expect.stringContaining('promise') } });
        const badReason = await emitWithAck(again, 'dialer:dispose', { leaseId: lead.leaseId, key: 'disp-api-000001', outcome: 'rpc', defaultReason: 'lazy' });
        expect(badReason).toMatchObject({ ok: false, error: { message: expect.stringContaining('defaultReason') } });

        const disposition = { leaseId: lead.leaseId, key: 'disp-api-000001', outcome: 'promise', defaultReason: 'illness', promise: { dueDate: '2026-11-27', amountCents: 9_990 } };
        expect(await emitWithAck(again, 'dialer:dispose', disposition)).toEqual({ ok: true, data: null });
        // the ack was lost on the way: the outbox sends it again, and it is acknowledged again
        expect(await emitWithAck(again, 'dialer:dispose', disposition)).toEqual({ ok: true, data: null });
        const db = new Database(server.dbFile, { readonly: true });
        try {
          expect(db.prepare('SELECT COUNT(*) FROM promises WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe(1);
          expect(db.prepare("SELECT COUNT(*) FROM timeline_events WHERE debtor_id = ? AND kind = 'call'").pluck().get(lead.debtor.id)).toBe(1);
          expect(db.prepare('SELECT outcome, default_reason FROM dial_attempts WHERE id = ?').get(command.attemptId)).toEqual({ outcome: 'promise', default_reason: 'illness' });
          // health is sensitive data (LGPD art. 11): stored in its column for the attempt and the promise, never written in the timeline's text
          expect(db.prepare('SELECT default_reason FROM promises WHERE debtor_id = ?').pluck().get(lead.debtor.id)).toBe('illness');
          const texts = db.prepare('SELECT summary FROM timeline_events WHERE debtor_id = ?').pluck().all(lead.debtor.id) as string[];
          expect(texts.filter((t) => t.includes('motivo'))).toEqual([expect.stringContaining('motivo: informado (dado sensível, não exibido)'), expect.stringContaining('motivo: informado (dado sensível, não exibido)')]);
          expect(texts.join('\n')).not.toMatch(/doença/i);
        } finally {
          db.close();
        }
      } finally {
        again.disconnect();
      }
    } finally {
      socket.disconnect();
    }
  });

  it("the debtor's promises: a supervisor reads any debtor's; an agent only the debtor on their screen", async () => {
    const supervisor = await loginAs(server, 'supervisor');
    const db = new Database(server.dbFile, { readonly: true });
    const debtorId = db.prepare('SELECT debtor_id FROM promises ORDER BY id LIMIT 1').pluck().get() as number;
    db.close();
    const read = await api<PromiseView[]>(server.url, 'GET', `/api/debtors/${debtorId}/promises`, { token: supervisor.token });
    expect(read.body).toMatchObject({ ok: true, data: [{ amountCents: 9_990, dueDate: '2026-11-27', status: 'open', defaultReason: null }] }); // sensitive: not listed
    const agent = await loginAs(server, 'agent');
    expect((await api(server.url, 'GET', `/api/debtors/${debtorId}/promises`, { token: agent.token })).status).toBe(403);
    expect((await api(server.url, 'GET', `/api/debtors/${debtorId}/promises`)).status).toBe(401);
  });
});
