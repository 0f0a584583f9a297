import type { DebtorId } from '../../../../shared/ids';
import { formatBRL, centavos } from '../../../../shared/money';
import type { PaymentApplied } from '../../../../shared/payments';
import { err, ok, type Result } from '../../../../shared/result';
import { addBusinessDays } from '../../domain/contact/calendar';
import type { ContactListStore, InboundMatch, Integration, OutboxMessage, OutboxStore, PaymentStore } from '../../ports/payments';
import { maskDocument, type DocumentKind } from '../../../../shared/document';
import type { Db } from './database';
import { keepPromisesAfterPayment } from './promises';

interface ContractRow {
  id: number;
  number: string;
  original_amount_cents: number;
  status: string;
  paid: number;
}

export function sqlitePayments(db: Db): PaymentStore {
  const openContracts = db.prepare("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND status = 'open'").pluck();
  const contractsOf = db.prepare(
    `SELECT c.id, c.number, c.original_amount_cents, c.status,
            COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.contract_id = c.id), 0) AS paid
       FROM contracts c WHERE c.debtor_id = ? ORDER BY c.due_date, c.id`,
  );
  return {
    async findIntegration(id) {
      const row = db.prepare('SELECT id, name, secret, callback_url, active FROM integrations WHERE id = ?').get(id) as
        | { id: string; name: string; secret: string; callback_url: string | null; active: number }
        | undefined;
      return row ? { id: row.id, name: row.name, secret: row.secret, callbackUrl: row.callback_url, active: row.active === 1 } : null;
    },
    async createIntegration(i, at): Promise<Result<Integration>> {
      if (db.prepare('SELECT 1 FROM integrations WHERE id = ?').get(i.id)) return err('conflict', `id: integration "${i.id}" already exists`);
      db.prepare('INSERT INTO integrations (id, name, secret, callback_url, created_at) VALUES (?, ?, ?, ?, ?)').run(i.id, i.name, i.secret, i.callbackUrl, at);
      return ok({ ...i, active: true });
    },
    async recordPayment(p) {
      return db.transaction((): Result<PaymentApplied> => {
        const existing = db.prepare('SELECT id, debtor_id, bureau_removal_due FROM payments WHERE source = ? AND external_id = ?').get(p.source, p.externalId) as
          | { id: number; debtor_id: number; bureau_removal_due: string | null }
          | undefined;
        if (existing) {
          return ok({
            paymentId: existing.id, debtorId: existing.debtor_id as DebtorId, duplicate: true, contractsPaid: [],
            openContracts: openContracts.get(existing.debtor_id) as number, bureauRemovalDue: existing.bureau_removal_due,
          });
        }
        const debtor = db.prepare('SELECT id FROM debtors WHERE document = ?').get(p.document) as { id: number } | undefined;
        if (!debtor) return err('not_found', 'document: no debtor with this CPF/CNPJ');
        const all = contractsOf.all(debtor.id) as ContractRow[];
        let targets: ContractRow[];
        if (p.contractNumber !== null) {
          const named = all.find((c) => c.number === p.contractNumber);
          if (!named) return err('not_found', `contractNumber: the debtor has no contract "${p.contractNumber}"`);
          targets = [named];
        } else {
          targets = all.filter((c) => c.status === 'open');
          if (targets.length === 0) targets = all.slice(-1); // nothing open: recorded against the latest, for reconciliation
        }
        const paymentId = Number(
          db.prepare('INSERT INTO payments (source, external_id, debtor_id, amount_cents, paid_at, received_at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
            .run(p.source, p.externalId, debtor.id, p.amountCents, p.paidAt, p.receivedAt, p.userId).lastInsertRowid,
        );
        const allocate = db.prepare('INSERT INTO payment_allocations (payment_id, contract_id, amount_cents) VALUES (?, ?, ?)');
        const markPaid = db.prepare("UPDATE contracts SET status = 'paid' WHERE id = ? AND status IN ('open', 'agreement')");
        const contractsPaid: string[] = [];
        let left = p.amountCents;
        targets.forEach((c, i) => {
          if (left <= 0) return;
          // the last target takes whatever is left (an overpayment stays visible on it)
          const due = Math.max(0, c.original_amount_cents - c.paid);
          const take = i === targets.length - 1 ? left : Math.min(left, due);
          if (take <= 0) return;
          allocate.run(paymentId, c.id, take);
          left -= take;
          if (c.paid + take >= c.original_amount_cents && markPaid.run(c.id).changes > 0) contractsPaid.push(c.number);
        });
        const open = openContracts.get(debtor.id) as number;
        let bureauRemovalDue: string | null = null;
        if (open === 0) {
          bureauRemovalDue = addBusinessDays(p.paidAt.slice(0, 10), 5);
          db.prepare('UPDATE payments SET bureau_removal_due = ? WHERE id = ?').run(bureauRemovalDue, paymentId);
          db.prepare("UPDATE campaign_members SET done_reason = 'paid', done_at = ? WHERE debtor_id = ? AND done_reason IS NULL").run(p.receivedAt, debtor.id);
        }
        // the creditor's systems are told, atomically with the payment (sent and retried by the outbox)
        const notice = JSON.stringify({
          event: 'payment.applied', paymentId, source: p.source, externalId: p.externalId, document: p.document, amountCents: p.amountCents,
          paidAt: p.paidAt, contractsPaid, openContracts: open, collectionStopped: open === 0, bureauRemovalDue,
        });
        db.prepare(
          `INSERT INTO outbox (integration_id, event, payload, next_at, created_at)
           SELECT id, 'payment.applied', ?, ?, ? FROM integrations WHERE active = 1 AND callback_url IS NOT NULL`,
        ).run(notice, p.receivedAt, p.receivedAt);
        const summary = `Pagamento recebido: ${formatBRL(centavos(p.amountCents))}${contractsPaid.length ? ` (quitado: ${contractsPaid.join(', ')})` : ''}`;
        db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail, user_id) VALUES (?, ?, 'payment', ?, ?, ?)")
          .run(debtor.id, p.receivedAt, summary, JSON.stringify({ paymentId, source: p.source, externalId: p.externalId, bureauRemovalDue }), p.userId);
        // a promise is kept by the payment that reaches its amount by its date (same transaction)
        keepPromisesAfterPayment(db, debtor.id, p.receivedAt);
        return ok({ paymentId, debtorId: debtor.id as DebtorId, duplicate: false, contractsPaid, openContracts: open, bureauRemovalDue });
      })();
    },
    async pendingBureauRemovals(limit) {
      const rows = db
        .prepare(
          `SELECT p.id, d.id AS debtor_id, d.name, d.document_kind, d.document, p.bureau_removal_due AS due
             FROM payments p JOIN debtors d ON d.id = p.debtor_id
            WHERE p.bureau_removal_due IS NOT NULL AND p.bureau_removal_done_at IS NULL
            ORDER BY p.bureau_removal_due, p.id LIMIT ?`,
        )
        .all(limit) as { id: number; debtor_id: number; name: string; document_kind: DocumentKind; document: string; due: string }[];
      return rows.map((r) => ({ paymentId: r.id, debtorId: r.debtor_id, name: r.name, document: maskDocument(r.document_kind, r.document), due: r.due }));
    },
    async markBureauRemoved(paymentId, userId, at) {
      return db.prepare('UPDATE payments SET bureau_removal_done_at = ?, bureau_removal_done_by = ? WHERE id = ? AND bureau_removal_due IS NOT NULL AND bureau_removal_done_at IS NULL').run(at, userId, paymentId).changes > 0;
    },
    async recordRejection(r) {
      db.prepare('INSERT INTO payment_rejections (source, external_id, reason, body, received_at) VALUES (?, ?, ?, ?, ?)').run(r.source, r.externalId, r.reason, r.body, r.at);
    },
  };
}

type OutboxRow = { id: number; integration_id: string; url: string; secret: string; event: string; payload: string; attempts: number; status: OutboxMessage['status']; last_error: string | null; created_at: number };
const outboxMessage = (r: OutboxRow): OutboxMessage => ({
  id: r.id, integrationId: r.integration_id, url: r.url, secret: r.secret, event: r.event, payload: r.payload, attempts: r.attempts, status: r.status, lastError: r.last_error, createdAt: r.created_at,
});

export function sqliteOutbox(db: Db): OutboxStore {
  const select = `SELECT o.id, o.integration_id, i.callback_url AS url, i.secret, o.event, o.payload, o.attempts, o.status, o.last_error, o.created_at
                    FROM outbox o JOIN integrations i ON i.id = o.integration_id`;
  return {
    async due(now, limit) {
      return (db.prepare(`${select} WHERE o.status = 'pending' AND o.next_at <= ? ORDER BY o.next_at LIMIT ?`).all(now, limit) as OutboxRow[]).map(outboxMessage);
    },
    async delivered(id, at) {
      db.prepare("UPDATE outbox SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?").run(at, id);
    },
    async failed(id, attempts, nextAt, error) {
      db.prepare('UPDATE outbox SET attempts = ?, next_at = COALESCE(?, next_at), status = ?, last_error = ? WHERE id = ?').run(attempts, nextAt, nextAt === null ? 'dead' : 'pending', error.slice(0, 500), id);
    },
    async list(status, limit) {
      return (db.prepare(`${select} WHERE o.status = ? ORDER BY o.id DESC LIMIT ?`).all(status, limit) as OutboxRow[]).map(outboxMessage);
    },
    async retry(id, now) {
      return db.prepare("UPDATE outbox SET status = 'pending', next_at = ? WHERE id = ? AND status = 'dead'").run(now, id).changes > 0;
    },
  };
}

export function sqliteContactLists(db: Db): ContactListStore {
  return {
    async count(list) {
      return db.prepare('SELECT COUNT(*) FROM do_not_call WHERE list = ?').pluck().get(list) as number;
    },
    async add(list, numbers, at, source) {
      const insert = db.prepare('INSERT OR IGNORE INTO do_not_call (list, e164, added_at, source) VALUES (?, ?, ?, ?)');
      return db.transaction(() => numbers.reduce((n, e164) => n + insert.run(list, e164, at, source).changes, 0))();
    },
    async remove(list, numbers) {
      const del = db.prepare('DELETE FROM do_not_call WHERE list = ? AND e164 = ?');
      return db.transaction(() => numbers.reduce((n, e164) => n + del.run(list, e164).changes, 0))();
    },
    async debtorsByPhone(e164) {
      const rows = db
        .prepare(
          `SELECT d.id, d.name, d.document_kind, d.document, p.status,
                  COALESCE((SELECT SUM(c.original_amount_cents) FROM contracts c WHERE c.debtor_id = d.id AND c.status = 'open'), 0) AS open_cents,
                  COALESCE((SELECT MAX(a.started_at) FROM dial_attempts a WHERE a.debtor_id = d.id), 0) AS last_contact
             FROM phones p JOIN debtors d ON d.id = p.debtor_id
            WHERE p.e164 = ?
            ORDER BY (p.status = 'valid') DESC, open_cents DESC, last_contact DESC, d.id
            LIMIT 20`,
        )
        .all(e164) as { id: number; name: string; document_kind: DocumentKind; document: string; status: string; open_cents: number }[];
      return rows.map((r): InboundMatch => ({ debtorId: r.id, name: r.name, document: maskDocument(r.document_kind, r.document), phoneStatus: r.status, openCents: r.open_cents }));
    },
  };
}
