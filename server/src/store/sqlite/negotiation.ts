import { maskDocument, type DocumentKind } from '../../../../shared/document';
import type { AgreementView, DebtorCard } from '../../../../shared/negotiation';
import { maskPhone } from '../../../../shared/phone';
import { err, ok } from '../../../../shared/result';
import type { RateRegime } from '../../domain/negotiation/balance';
import type { NegotiationPolicy, Offer, OfferVerdict } from '../../domain/negotiation/policy';
import type { ApprovalRecord, DebtForBalance, InstallmentDocuments, NegotiationStore } from '../../ports/negotiation';
import type { Db } from './database';

/** "legal" or "contract:<monthly %>" (e.g. "contract:2.5"). */
export function parseRegime(text: string): RateRegime {
  const m = /^contract:(\d+(?:\.\d+)?)$/.exec(text);
  return m ? { kind: 'contract', monthlyRatePpm: Math.round(Number(m[1]) * 10_000) } : { kind: 'legal' };
}

type ApprovalRow = { id: number; debtor_id: number; debtor_name: string; agent_id: number; agent_name: string; offer: string; verdict: string; status: ApprovalRecord['status']; counter_offer: string | null; note: string | null; created_at: number };
const approvalOf = (r: ApprovalRow): ApprovalRecord => ({
  id: r.id, debtorId: r.debtor_id, debtorName: r.debtor_name, agentId: r.agent_id, agentName: r.agent_name,
  offer: JSON.parse(r.offer) as Offer, verdict: JSON.parse(r.verdict) as OfferVerdict, status: r.status,
  counterOffer: r.counter_offer ? (JSON.parse(r.counter_offer) as Offer) : null, note: r.note, createdAt: r.created_at,
});
const APPROVAL_SELECT = `SELECT a.id, a.debtor_id, d.name AS debtor_name, a.agent_id, u.display_name AS agent_name, a.offer, a.verdict, a.status, a.counter_offer, a.note, a.created_at
                           FROM approval_requests a JOIN debtors d ON d.id = a.debtor_id JOIN users u ON u.id = a.agent_id`;

export function sqliteNegotiation(db: Db): NegotiationStore {
  const creditorOf = db.prepare('SELECT cr.name, cr.cnpj, cr.address FROM portfolios p JOIN creditors cr ON cr.id = p.creditor_id WHERE p.id = ?');
  const setPix = db.prepare('UPDATE agreement_installments SET pix_payload = ?, pix_txid = ?, pix_kind = ? WHERE agreement_id = ? AND number = ?');
  const agreementViewOf = (id: number): AgreementView | null => {
    const a = db.prepare('SELECT id, status, total_cents, created_at, broken_reason FROM agreements WHERE id = ?').get(id) as
      | { id: number; status: AgreementView['status']; total_cents: number; created_at: number; broken_reason: string | null }
      | undefined;
    if (!a) return null;
    const installments = (db.prepare('SELECT number, due_date, amount_cents, paid_cents, status, pix_kind, boleto_barcode IS NOT NULL AND pix_payload IS NOT NULL AS docs FROM agreement_installments WHERE agreement_id = ? ORDER BY number').all(id) as
      { number: number; due_date: string; amount_cents: number; paid_cents: number; status: 'open' | 'paid'; pix_kind: 'static' | 'cobv' | null; docs: number }[]).map((i) => ({
      number: i.number, dueDate: i.due_date, amountCents: i.amount_cents, paidCents: i.paid_cents, status: i.status, pixKind: i.pix_kind, hasDocuments: i.docs === 1,
    }));
    return {
      id: a.id, status: a.status, totalCents: a.total_cents, paidCents: installments.reduce((x, i) => x + i.paidCents, 0), createdAt: a.created_at, brokenReason: a.broken_reason,
      current: installments.find((i) => i.status === 'open')?.number ?? null, installments,
    };
  };
  return {
    async debtorCard(debtorId, today) {
      const d = db
        .prepare(
          `SELECT d.id, d.name, d.document, d.document_kind, d.over_indebted_hold,
                  (SELECT a.city || '/' || a.uf FROM debtor_addresses a WHERE a.debtor_id = d.id ORDER BY a.id LIMIT 1) AS place
             FROM debtors d WHERE d.id = ?`,
        )
        .get(debtorId) as { id: number; name: string; document: string; document_kind: DocumentKind; over_indebted_hold: number; place: string | null } | undefined;
      if (!d) return null;
      const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
      const contracts = (db.prepare('SELECT number, product, original_amount_cents, due_date, status, prescribed FROM contracts WHERE debtor_id = ? ORDER BY due_date').all(debtorId) as
        { number: string; product: string; original_amount_cents: number; due_date: string; status: string; prescribed: number }[]).map((c) => ({
        number: c.number, product: c.product, originalCents: c.original_amount_cents, dueDate: c.due_date,
        dpd: Math.max(0, day(today) - day(c.due_date)), status: c.status, prescribed: c.prescribed === 1,
      }));
      const phones = (db.prepare('SELECT e164, kind, status FROM phones WHERE debtor_id = ? ORDER BY id').all(debtorId) as { e164: string; kind: string; status: string }[]).map((p) => ({
        masked: maskPhone(p.e164), kind: p.kind, status: p.status,
      }));
      const timeline = db.prepare('SELECT at, kind, summary FROM timeline_events WHERE debtor_id = ? ORDER BY at DESC, id DESC LIMIT 50').all(debtorId) as { at: number; kind: string; summary: string }[];
      const overdueInstallment = db
        .prepare("SELECT 1 FROM agreement_installments i JOIN agreements a ON a.id = i.agreement_id WHERE a.debtor_id = ? AND a.status = 'active' AND i.status = 'open' AND i.due_date < ?")
        .get(debtorId, today);
      const activeAgreement = db.prepare("SELECT 1 FROM agreements WHERE debtor_id = ? AND status = 'active'").get(debtorId);
      const warnings: DebtorCard['warnings'] = [];
      if (contracts.some((c) => c.prescribed && c.status === 'open')) warnings.push('prescribed');
      if (d.over_indebted_hold === 1) warnings.push('over_indebted');
      if (phones.some((p) => p.status === 'third_party')) warnings.push('third_party_phone');
      if (phones.some((p) => p.status === 'workplace')) warnings.push('workplace_phone');
      if (activeAgreement) warnings.push('agreement_active');
      const open = contracts.filter((c) => c.status === 'open');
      const lastPromise = timeline.find((e) => e.kind === 'promise');
      const nextBestAction: DebtorCard['nextBestAction'] =
        overdueInstallment ? 'collect_overdue_installment'
        : open.length === 0 ? 'nothing_to_collect'
        : lastPromise ? 'resume_promise'
        : Math.max(...open.map((c) => c.dpd)) > 360 ? 'offer_cash_discount'
        : 'offer_installments';
      const latest = db.prepare('SELECT id FROM agreements WHERE debtor_id = ? ORDER BY id DESC LIMIT 1').pluck().get(debtorId) as number | undefined;
      const agreement = latest === undefined ? null : agreementViewOf(latest);
      return { id: d.id, name: d.name, document: maskDocument(d.document_kind, d.document), place: d.place, contracts, phones, timeline, warnings, nextBestAction, agreement };
    },
    async openDebts(debtorId) {
      const debtor = db.prepare('SELECT name, document, document_kind FROM debtors WHERE id = ?').get(debtorId) as { name: string; document: string; document_kind: DocumentKind } | undefined;
      if (!debtor) return null;
      const rows = db
        .prepare("SELECT id, number, portfolio_id, product, original_amount_cents, due_date, late_fee_bps, rate_regime FROM contracts WHERE debtor_id = ? AND status = 'open' ORDER BY due_date, id")
        .all(debtorId) as { id: number; number: string; portfolio_id: number; product: string; original_amount_cents: number; due_date: string; late_fee_bps: number; rate_regime: string }[];
      const paymentsOf = db.prepare('SELECT p.paid_at, a.amount_cents FROM payment_allocations a JOIN payments p ON p.id = a.payment_id WHERE a.contract_id = ? ORDER BY p.paid_at');
      const debts = rows.map((r): DebtForBalance => ({
        id: r.id, number: r.number, portfolioId: r.portfolio_id, product: r.product, originalCents: r.original_amount_cents, dueDate: r.due_date,
        lateFeeBps: r.late_fee_bps, regime: parseRegime(r.rate_regime),
        payments: (paymentsOf.all(r.id) as { paid_at: string; amount_cents: number }[]).map((x) => ({ date: x.paid_at.slice(0, 10), amountCents: x.amount_cents })),
      }));
      const portfolio = rows[0]?.portfolio_id ?? (db.prepare('SELECT portfolio_id FROM contracts WHERE debtor_id = ? LIMIT 1').pluck().get(debtorId) as number | undefined);
      const creditor = (portfolio !== undefined ? creditorOf.get(portfolio) : undefined) as { name: string; cnpj: string; address: string } | undefined;
      return { name: debtor.name, document: debtor.document, documentKind: debtor.document_kind, debts, creditor: creditor ?? { name: '', cnpj: '', address: '' } };
    },
    async indexes() {
      const rows = db.prepare('SELECT index_name, month, rate_ppm FROM index_values').all() as { index_name: 'ipca' | 'selic'; month: string; rate_ppm: number }[];
      const out = { ipca: new Map<string, number>(), selic: new Map<string, number>() };
      for (const r of rows) out[r.index_name].set(r.month, r.rate_ppm);
      return out;
    },
    async importIndex(name, rows) {
      const upsert = db.prepare('INSERT INTO index_values (index_name, month, rate_ppm) VALUES (?, ?, ?) ON CONFLICT (index_name, month) DO UPDATE SET rate_ppm = excluded.rate_ppm');
      return db.transaction(() => rows.reduce((n, r) => n + upsert.run(name, r.month, r.ratePpm).changes, 0))();
    },
    async policyFor(portfolioId) {
      const json = db.prepare('SELECT policy FROM negotiation_policies WHERE portfolio_id = ?').pluck().get(portfolioId) as string | undefined;
      return json ? (JSON.parse(json) as NegotiationPolicy) : null;
    },
    async policies() {
      const rows = db
        .prepare(
          `SELECT p.id, p.name, cr.name AS creditor, np.policy, np.updated_at
             FROM portfolios p JOIN creditors cr ON cr.id = p.creditor_id LEFT JOIN negotiation_policies np ON np.portfolio_id = p.id
            ORDER BY cr.name, p.name`,
        )
        .all() as { id: number; name: string; creditor: string; policy: string | null; updated_at: number | null }[];
      return rows.map((r) => ({ portfolioId: r.id, portfolioName: r.name, creditorName: r.creditor, policy: r.policy ? (JSON.parse(r.policy) as NegotiationPolicy) : null, updatedAt: r.updated_at }));
    },
    async setPolicy(portfolioId, policy, userId, at) {
      if (!db.prepare('SELECT 1 FROM portfolios WHERE id = ?').get(portfolioId)) return false;
      db.prepare(
        `INSERT INTO negotiation_policies (portfolio_id, policy, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (portfolio_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(portfolioId, JSON.stringify(policy), at, userId);
      return true;
    },
    async indexValues(name) {
      return (db.prepare('SELECT month, rate_ppm FROM index_values WHERE index_name = ? ORDER BY month DESC').all(name) as { month: string; rate_ppm: number }[]).map((r) => ({ month: r.month, ratePpm: r.rate_ppm }));
    },
    async createApproval(a) {
      return Number(
        db.prepare('INSERT INTO approval_requests (debtor_id, agent_id, offer, verdict, created_at) VALUES (?, ?, ?, ?, ?)').run(a.debtorId, a.agentId, JSON.stringify(a.offer), JSON.stringify(a.verdict), a.at).lastInsertRowid,
      );
    },
    async getApproval(id) {
      const row = db.prepare(`${APPROVAL_SELECT} WHERE a.id = ?`).get(id) as ApprovalRow | undefined;
      return row ? approvalOf(row) : null;
    },
    async pendingApprovals() {
      return (db.prepare(`${APPROVAL_SELECT} WHERE a.status = 'pending' ORDER BY a.created_at`).all() as ApprovalRow[]).map(approvalOf);
    },
    async decideApproval(id, d) {
      return (
        db
          .prepare("UPDATE approval_requests SET status = ?, supervisor_id = ?, counter_offer = ?, note = ?, decided_at = ? WHERE id = ? AND status = 'pending'")
          .run(d.status, d.supervisorId, d.counterOffer ? JSON.stringify(d.counterOffer) : null, d.note, d.at, id).changes > 0
      );
    },
    async createAgreement(a) {
      return db.transaction(() => {
        if (a.approvalId !== null && db.prepare("UPDATE approval_requests SET status = 'used' WHERE id = ? AND status IN ('approved', 'countered')").run(a.approvalId).changes === 0) {
          return err('conflict', 'approvalId: this approval was already used or is not approved');
        }
        const id = Number(
          db.prepare('INSERT INTO agreements (debtor_id, user_id, approval_id, balance_cents, discount_cents, total_cents, terms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
            .run(a.debtorId, a.userId, a.approvalId, a.balanceCents, a.discountCents, a.totalCents, JSON.stringify(a.terms), a.at).lastInsertRowid,
        );
        const link = db.prepare('INSERT INTO agreement_contracts (agreement_id, contract_id) VALUES (?, ?)');
        const mark = db.prepare("UPDATE contracts SET status = 'agreement' WHERE id = ? AND status = 'open'");
        for (const c of a.contractIds) {
          if (mark.run(c).changes === 0) throw new Error(`contract ${c} is no longer open`);
          link.run(id, c);
        }
        const inst = db.prepare('INSERT INTO agreement_installments (agreement_id, number, due_date, amount_cents) VALUES (?, ?, ?, ?)');
        for (const i of a.installments) inst.run(id, i.number, i.dueDate, i.amountCents);
        // a charge registered at the PSP before the agreement: written with it, never pointing at nothing
        if (a.firstPix) setPix.run(a.firstPix.payload, a.firstPix.txid, a.firstPix.kind, id, a.installments[0]!.number);
        db.prepare("UPDATE campaign_members SET done_reason = 'agreement', done_at = ? WHERE debtor_id = ? AND done_reason IS NULL").run(a.at, a.debtorId);
        db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail, user_id) VALUES (?, ?, 'agreement', ?, ?, ?)").run(a.debtorId, a.at, a.summary, JSON.stringify({ agreementId: id }), a.userId);
        return ok(id);
      })();
    },
    async setInstallmentDocuments(agreementId, number, barcode, pix) {
      db.transaction(() => {
        db.prepare('UPDATE agreement_installments SET boleto_barcode = ? WHERE agreement_id = ? AND number = ?').run(barcode, agreementId, number);
        if (pix) setPix.run(pix.payload, pix.txid, pix.kind, agreementId, number);
      })();
    },
    async agreementView(agreementId) {
      return agreementViewOf(agreementId);
    },
    async installment(agreementId, number) {
      const r = db
        .prepare(
          `SELECT a.debtor_id, a.status AS agreement_status, i.due_date, i.amount_cents, i.boleto_barcode, i.pix_payload, i.pix_txid, i.pix_kind, i.status, i.paid_cents,
                  d.name, d.document, d.document_kind,
                  (SELECT COUNT(*) FROM agreement_installments x WHERE x.agreement_id = a.id) AS total,
                  (SELECT c.portfolio_id FROM agreement_contracts ac JOIN contracts c ON c.id = ac.contract_id WHERE ac.agreement_id = a.id LIMIT 1) AS portfolio_id
             FROM agreement_installments i JOIN agreements a ON a.id = i.agreement_id JOIN debtors d ON d.id = a.debtor_id
            WHERE i.agreement_id = ? AND i.number = ?`,
        )
        .get(agreementId, number) as
        | { debtor_id: number; agreement_status: InstallmentDocuments['agreementStatus']; due_date: string; amount_cents: number; boleto_barcode: string | null; pix_payload: string | null; pix_txid: string | null; pix_kind: InstallmentDocuments['pixKind']; status: 'open' | 'paid'; paid_cents: number; total: number; name: string; document: string; document_kind: DocumentKind; portfolio_id: number }
        | undefined;
      if (!r) return null;
      const creditor = creditorOf.get(r.portfolio_id) as { name: string; cnpj: string; address: string };
      return {
        debtorId: r.debtor_id, number, dueDate: r.due_date, amountCents: r.amount_cents, boletoBarcode: r.boleto_barcode, pixPayload: r.pix_payload, pixTxid: r.pix_txid, pixKind: r.pix_kind,
        status: r.status, paidCents: r.paid_cents, agreementStatus: r.agreement_status, totalInstallments: r.total,
        debtorName: r.name, debtorDocument: maskDocument(r.document_kind, r.document), debtorDocumentDigits: r.document, debtorDocumentKind: r.document_kind === 'cnpj' ? 'cnpj' : 'cpf', creditor,
      };
    },
    async agreementContacts(agreementId) {
      const debtorId = db.prepare('SELECT debtor_id FROM agreements WHERE id = ?').pluck().get(agreementId) as number | undefined;
      if (debtorId === undefined) return null;
      const emails = db.prepare('SELECT email FROM debtor_emails WHERE debtor_id = ? ORDER BY id').pluck().all(debtorId) as string[];
      const mobiles = db.prepare("SELECT e164 FROM phones WHERE debtor_id = ? AND kind = 'mobile' AND status = 'valid' ORDER BY id").pluck().all(debtorId) as string[];
      const firstOpen = (db.prepare("SELECT MIN(number) FROM agreement_installments WHERE agreement_id = ? AND status = 'open'").pluck().get(agreementId) as number | null) ?? null;
      return { debtorId, emails, mobiles, firstOpen };
    },
    async recordSend(r) {
      db.prepare('INSERT INTO timeline_events (debtor_id, at, kind, summary, user_id) VALUES (?, ?, ?, ?, ?)').run(r.debtorId, r.at, r.kind, r.summary, r.userId);
    },
    async breakOverdue(dueBefore, at, spare = []) {
      const spared = new Set(spare);
      return db.transaction(() => {
        const overdue = (
          db
            .prepare(
              `SELECT a.id AS agreement_id, a.debtor_id, MIN(i.number) AS installment, MIN(i.due_date) AS due_date
                 FROM agreements a JOIN agreement_installments i ON i.agreement_id = a.id
                WHERE a.status = 'active' AND i.status = 'open' AND i.due_date < ?
                GROUP BY a.id`,
            )
            .all(dueBefore) as { agreement_id: number; debtor_id: number; installment: number; due_date: string }[]
        ).filter((o) => !spared.has(o.agreement_id));
        for (const o of overdue) {
          db.prepare("UPDATE agreements SET status = 'broken', broken_at = ?, broken_reason = ? WHERE id = ?").run(at, `parcela ${o.installment} vencida em ${o.due_date}`, o.agreement_id);
          db.prepare("UPDATE contracts SET status = 'open' WHERE status = 'agreement' AND id IN (SELECT contract_id FROM agreement_contracts WHERE agreement_id = ?)").run(o.agreement_id);
          // back to collection: the campaigns the debtor left because of this agreement
          // ('paid': closed by an installment payment before payments waited for the agreement to be fulfilled)
          db.prepare("UPDATE campaign_members SET done_reason = NULL, done_at = NULL, next_attempt_at = ? WHERE debtor_id = ? AND done_reason IN ('agreement', 'paid')").run(at, o.debtor_id);
          db.prepare("INSERT INTO timeline_events (debtor_id, at, kind, summary, detail) VALUES (?, ?, 'agreement', ?, ?)").run(
            o.debtor_id, at, `Acordo quebrado: parcela ${o.installment} vencida em ${o.due_date.split('-').reverse().join('/')} sem pagamento; o devedor volta à cobrança`, JSON.stringify({ agreementId: o.agreement_id }),
          );
        }
        return overdue.map((o) => ({ agreementId: o.agreement_id, debtorId: o.debtor_id, installment: o.installment, dueDate: o.due_date }));
      })();
    },
  };
}
