import type { DebtorId } from '../../../../shared/ids';
import { formatBRL, centavos } from '../../../../shared/money';
import type { InstallmentPaid, PaymentApplied } from '../../../../shared/payments';
import { err, ok, type Result } from '../../../../shared/result';
import { addBusinessDays } from '../../domain/contact/calendar';
import { brasiliaDayStart } from '../../domain/dialer/retry';
import type { ContactListStore, DueCharge, InboundMatch, Integration, OutboxMessage, OutboxStore, PaymentInput, PaymentStore, RecordedPayment } from '../../ports/payments';
import { maskDocument, type DocumentKind } from '../../../../shared/document';
import type { Db } from './database';
import { keepPromisesAfterPayment } from './promises';

/** The Brasília calendar date of a payment instant (a date alone is taken as already Brasília's). */
export function brasiliaDateOf(paidAt: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(paidAt)) return paidAt;
  return new Date(brasiliaDayStart(Date.parse(paidAt))).toISOString().slice(0, 10);
}

interface ContractRow {
  id: number;
  number: string;
  original_amount_cents: number;
  status: string;
  paid: number;
}

export function sqlitePayments(db: Db): PaymentStore {
  // still owed: open, or under an agreement not yet fulfilled (an installment paid settles nothing yet)
  const openContracts = db.prepare("SELECT COUNT(*) FROM contracts WHERE debtor_id = ? AND status IN ('open', 'agreement')").pluck();
  const contractsOf = db.prepare(
    `SELECT c.id, c.number, c.original_amount_cents, c.status,
            COALESCE((SELECT SUM(a.amount_cents) FROM payment_allocations a WHERE a.contract_id = c.id), 0) AS paid
       FROM contracts c WHERE c.debtor_id = ? ORDER BY c.due_date, c.id`,
  );

  /**
   * What every applied payment does, in its transaction: when nothing is left open, the debtor leaves every
   * campaign and the bureau-removal deadline is set; the creditor's systems are told (outbox); the timeline.
   */
  function afterPayment(p: PaymentInput, debtorId: number, paymentId: number, contractsPaid: string[], summary: string, extra: Record<string, unknown>, settled: (open: number) => boolean) {
    const open = openContracts.get(debtorId) as number;
    let bureauRemovalDue: string | null = null;
    // Súmula 548 STJ: the debt is settled (an agreement counts once its last installment is paid)
    if (settled(open)) {
      bureauRemovalDue = addBusinessDays(brasiliaDateOf(p.paidAt), 5);
      db.prepare('UPDATE payments SET bureau_removal_due = ? WHERE id = ?').run(bureauRemovalDue, paymentId);
    }
    if (open === 0) db.prepare("UPDATE campaign_members SET done_reason = 'paid', done_at = ? WHERE debtor_id = ? AND done_reason IS NULL").run(p.receivedAt, debtorId);
    // the creditor's systems are told, atomically with the payment (sent and retried by the outbox)
    const notice = JSON.stringify({
      event: 'payment.applied', paymentId, source: p.source, externalId: p.externalId, document: p.document, amountCents: p.amountCents,
      paidAt: p.paidAt, contractsPaid, openContracts: open, collectionStopped: open === 0, bureauRemovalDue, ...extra,
    });
    db.prepare(
      `INSERT INTO outbox (integration_id, event, payload, next_at, created_at)
       SELECT id, 'payment.applied', ?, ?, ? FROM integrations WHERE active = 1 AND callback_url IS NOT NULL`,
    ).run(notice, p.receivedAt, p.receivedAt);
    db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail, user_id) VALUES (?, ?, 'payment', ?, ?, ?)")
      .run(debtorId, p.receivedAt, summary, JSON.stringify({ paymentId, source: p.source, externalId: p.externalId, bureauRemovalDue, ...extra }), p.userId);
    // a promise is kept by the payment that reaches its amount by its date (same transaction)
    const campaignsLeft = keepPromisesAfterPayment(db, debtorId, p.receivedAt);
    return { open, bureauRemovalDue, campaignsLeft };
  }

  /**
   * A payment for an agreement's installment (inside recordPayment's transaction): exact in centavos, a
   * partial one leaves the installment open; the last installment paid fulfils the agreement and its contracts.
   */
  function payInstallment(p: PaymentInput, debtorId: number, target: { agreementId: number; number: number | null }): Result<RecordedPayment> {
    const agreement = db.prepare('SELECT id, status FROM agreements WHERE id = ? AND debtor_id = ?').get(target.agreementId, debtorId) as { id: number; status: InstallmentPaid['agreementStatus'] } | undefined;
    if (!agreement) return err('not_found', `agreementId: the debtor has no agreement ${target.agreementId}`);
    const number =
      target.number ??
      ((db.prepare("SELECT MIN(number) FROM agreement_installments WHERE agreement_id = ? AND status = 'open'").pluck().get(agreement.id) as number | null) ??
        (db.prepare('SELECT MAX(number) FROM agreement_installments WHERE agreement_id = ?').pluck().get(agreement.id) as number));
    const inst = db.prepare('SELECT number, amount_cents, paid_cents, status FROM agreement_installments WHERE agreement_id = ? AND number = ?').get(agreement.id, number) as
      | { number: number; amount_cents: number; paid_cents: number; status: 'open' | 'paid' }
      | undefined;
    if (!inst) return err('not_found', `installment: agreement ${agreement.id} has no installment ${number}`);
    const paymentId = Number(
      db.prepare('INSERT INTO payments (source, external_id, debtor_id, amount_cents, paid_at, received_at, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(p.source, p.externalId, debtorId, p.amountCents, p.paidAt, p.receivedAt, p.userId).lastInsertRowid,
    );
    db.prepare('INSERT INTO installment_payments (payment_id, agreement_id, number, amount_cents) VALUES (?, ?, ?, ?)').run(paymentId, agreement.id, number, p.amountCents);
    const paidCents = inst.paid_cents + p.amountCents;
    const paid = paidCents >= inst.amount_cents;
    db.prepare("UPDATE agreement_installments SET paid_cents = ?, status = CASE WHEN ? THEN 'paid' ELSE status END, paid_at = CASE WHEN ? AND paid_at IS NULL THEN ? ELSE paid_at END WHERE agreement_id = ? AND number = ?")
      .run(paidCents, paid ? 1 : 0, paid ? 1 : 0, p.receivedAt, agreement.id, number);
    const nextOpen = (db.prepare("SELECT MIN(number) FROM agreement_installments WHERE agreement_id = ? AND status = 'open'").pluck().get(agreement.id) as number | null) ?? null;
    const total = db.prepare('SELECT COUNT(*) FROM agreement_installments WHERE agreement_id = ?').pluck().get(agreement.id) as number;
    let agreementStatus = agreement.status;
    const contractsPaid: string[] = [];
    if (nextOpen === null && agreement.status === 'active') {
      // fulfilled: the agreement and the contracts it settled are paid
      agreementStatus = 'paid';
      db.prepare("UPDATE agreements SET status = 'paid' WHERE id = ?").run(agreement.id);
      const settled = db.prepare("SELECT c.id, c.number FROM agreement_contracts ac JOIN contracts c ON c.id = ac.contract_id WHERE ac.agreement_id = ? AND c.status = 'agreement' ORDER BY c.due_date, c.id").all(agreement.id) as { id: number; number: string }[];
      for (const c of settled) db.prepare("UPDATE contracts SET status = 'paid' WHERE id = ?").run(c.id);
      contractsPaid.push(...settled.map((c) => c.number));
    }
    const brl = (cents: number) => formatBRL(centavos(cents));
    const summary =
      `Pagamento recebido: ${brl(p.amountCents)} — parcela ${number}/${total} do acordo ${agreement.id}` +
      (paid ? ' paga' : ` (parcial: faltam ${brl(inst.amount_cents - paidCents)})`) +
      (agreementStatus === 'paid' && agreement.status === 'active' ? '; acordo cumprido' : '') +
      (agreement.status === 'broken' ? ' (acordo já quebrado: conciliar)' : '');
    const installment: InstallmentPaid = { agreementId: agreement.id, number, amountCents: inst.amount_cents, paidCents, paid, agreementStatus, nextOpen };
    const { open, bureauRemovalDue, campaignsLeft } = afterPayment(p, debtorId, paymentId, contractsPaid, summary, { agreementId: agreement.id, installment: number }, (open) => open === 0 && contractsPaid.length > 0);
    return ok({ paymentId, debtorId: debtorId as DebtorId, duplicate: false, contractsPaid, openContracts: open, bureauRemovalDue, installment, campaignsLeft });
  }

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
    async installmentByTxid(txid) {
      const r = db
        .prepare('SELECT i.agreement_id, i.number, i.pix_kind, d.document FROM agreement_installments i JOIN agreements a ON a.id = i.agreement_id JOIN debtors d ON d.id = a.debtor_id WHERE i.pix_txid = ?')
        .get(txid) as { agreement_id: number; number: number; pix_kind: 'cobv' | 'static' | null; document: string } | undefined;
      return r ? { agreementId: r.agreement_id, number: r.number, document: r.document, pixKind: r.pix_kind } : null;
    },
    async chargesDueBefore(date, limit, after) {
      // keyset paging: charges paid while the check runs leave the set without shifting the pages
      return db
        .prepare(
          `SELECT i.pix_txid AS txid, i.due_date AS dueDate, i.agreement_id AS agreementId
             FROM agreement_installments i JOIN agreements a ON a.id = i.agreement_id
            WHERE a.status = 'active' AND i.status = 'open' AND i.pix_kind = 'cobv' AND i.due_date < ?
              AND (i.due_date, i.pix_txid) > (?, ?)
            ORDER BY i.due_date, i.pix_txid LIMIT ?`,
        )
        .all(date, after?.dueDate ?? '', after?.txid ?? '', limit) as DueCharge[];
    },
    async recordPayment(p) {
      return db.transaction((): Result<RecordedPayment> => {
        const existing = db.prepare('SELECT id, debtor_id, bureau_removal_due FROM payments WHERE source = ? AND external_id = ?').get(p.source, p.externalId) as
          | { id: number; debtor_id: number; bureau_removal_due: string | null }
          | undefined;
        if (existing) {
          return ok({
            paymentId: existing.id, debtorId: existing.debtor_id as DebtorId, duplicate: true, contractsPaid: [],
            openContracts: openContracts.get(existing.debtor_id) as number, bureauRemovalDue: existing.bureau_removal_due, campaignsLeft: [],
          });
        }
        const debtor = db.prepare('SELECT id FROM debtors WHERE document = ?').get(p.document) as { id: number } | undefined;
        if (!debtor) return err('not_found', 'document: no debtor with this CPF/CNPJ');
        if (p.installment) return payInstallment(p, debtor.id, p.installment);
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
        const summary = `Pagamento recebido: ${formatBRL(centavos(p.amountCents))}${contractsPaid.length ? ` (quitado: ${contractsPaid.join(', ')})` : ''}`;
        const { open, bureauRemovalDue, campaignsLeft } = afterPayment(p, debtor.id, paymentId, contractsPaid, summary, {}, (open) => open === 0);
        return ok({ paymentId, debtorId: debtor.id as DebtorId, duplicate: false, contractsPaid, openContracts: open, bureauRemovalDue, campaignsLeft });
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
      db.prepare('INSERT OR IGNORE INTO payment_rejections (source, external_id, reason, body, received_at) VALUES (?, ?, ?, ?, ?)').run(r.source, r.externalId, r.reason, r.body, r.at);
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
