import { randomBytes } from 'node:crypto';
import type { UserId } from '../../../shared/ids';
import { err, ok, type Result } from '../../../shared/result';
import { maskPhone } from '../../../shared/phone';
import { makeBoleto, typedLineOf } from '../domain/billing/boleto';
import { pixPayload } from '../domain/billing/pix';
import { updatedBalance, type Balance, type BalanceLine } from '../domain/negotiation/balance';
import { DEFAULT_POLICY, evaluateOffer, readyOptions, type NegotiationPolicy, type Offer, type OfferVerdict } from '../domain/negotiation/policy';
import type { Clock } from '../ports/clock';
import type { EmailSender, TextSender } from '../ports/messaging';
import type { ApprovalRecord, InstallmentDocuments, NegotiationStore, PixDocument } from '../ports/negotiation';
import type { ChargeRequest, PaymentProvider } from '../ports/payment-provider';
import { boletoPage } from './boleto-page';

export type NegotiatorRole = 'agent' | 'supervisor' | 'admin';

export interface BillingSettings {
  /** FEBRABAN code of the bank that registers the boletos. */
  bank: string;
  /** The creditor's Pix key for static codes (a registered cobv charge replaces it). */
  pixKey: string;
  pixCity: string;
}

/** Registering each installment's Pix as a cobv charge at a PSP (without it: the static code). */
export interface PixCharging {
  provider: PaymentProvider;
  /** Days after the due date the charge can still be paid: the agreement's grace days. */
  validAfterDueDays: number;
}

/** The charges' late fee (CDC art. 52 §1: 2%) and default interest (1% a month), as the PSP applies them after the due date. */
const CHARGE_FINE_BPS = 200;
const CHARGE_MONTHLY_INTEREST_BPS = 100;

/** A txid of our own (API Pix: 26–35 letters and digits), so a retry finds the charge it may have created. */
const newTxid = () => randomBytes(16).toString('hex');

export interface Quote {
  debtor: { id: number; name: string };
  dpd: number;
  contracts: { number: string; product: string; balance: Balance }[];
  total: Balance;
  options: (OfferVerdict & { offer: Offer })[];
  /** What this role may grant alone, as shares of the matrix ceilings. */
  authorityBps: number;
}

const DAY = 86_400_000;
const isoToday = (now: number) => new Date(now - 3 * 3_600_000).toISOString().slice(0, 10); // Brasília date

function sumBalances(parts: Balance[], calcDate: string): Balance {
  const add = (k: keyof Omit<Balance, 'lines' | 'missingIndexMonths'>) => parts.reduce((a, b) => a + b[k], 0);
  const kinds: BalanceLine['kind'][] = ['principal', 'correction', 'interest', 'fee', 'payment'];
  const lines: BalanceLine[] = kinds
    .map((kind) => ({ kind, label: parts.find((p) => p.lines.some((l) => l.kind === kind))?.lines.find((l) => l.kind === kind)?.label ?? kind, amountCents: parts.reduce((a, p) => a + p.lines.filter((l) => l.kind === kind).reduce((x, l) => x + l.amountCents, 0), 0) }))
    .filter((l) => l.kind !== 'payment' || l.amountCents !== 0);
  const total = add('totalCents');
  lines.push({ kind: 'total', label: `Saldo atualizado em ${calcDate.split('-').reverse().join('/')}`, amountCents: total });
  if (parts.length > 1) lines[0] = { ...lines[0]!, label: `Valor original (${parts.length} contratos)` };
  return {
    principalCents: add('principalCents'), correctionCents: add('correctionCents'), interestCents: add('interestCents'), feeCents: add('feeCents'),
    paidCents: add('paidCents'), totalCents: total, lines, missingIndexMonths: [...new Set(parts.flatMap((p) => p.missingIndexMonths))].sort(),
  };
}

/**
 * The moment a call becomes money: the updated balance, the options the agent may offer, approvals above
 * the agent's authority, and the agreement with its first boleto and Pix code.
 */
export class NegotiationService {
  constructor(private readonly deps: { store: NegotiationStore; clock: Clock; billing: BillingSettings; email: EmailSender | null; text: TextSender | null; pix?: PixCharging | null }) {}

  /**
   * Sends the agreement's next open installment (typed line, Pix code; by e-mail with the printable boleto)
   * to the debtor, naming the creditor, its address and CNPJ (CDC art. 42-A). Every send goes on the timeline.
   */
  async sendDocuments(agreementId: number, channel: 'email' | 'sms' | 'whatsapp', userId: UserId): Promise<Result<{ to: string }>> {
    const contacts = await this.deps.store.agreementContacts(agreementId);
    if (!contacts) return err('not_found', 'No such agreement');
    if (contacts.firstOpen === null) return err('conflict', 'This agreement has no open installment');
    // the current installment's documents, made now if its predecessor was just paid and they are not there yet
    const prepared = await this.prepareInstallment(agreementId, contacts.firstOpen);
    if (!prepared.ok) return prepared;
    const inst = prepared.data;
    if (!inst.boletoBarcode || !inst.pixPayload) return err('conflict', 'The installment has no boleto yet');
    const c = inst.creditor;
    const amount = `R$ ${(inst.amountCents / 100).toFixed(2).replace('.', ',')}`;
    const due = inst.dueDate.split('-').reverse().join('/');
    const line = typedLineOf(inst.boletoBarcode).typedLineFormatted;
    const text = `${inst.debtorName}, segue a parcela ${inst.number} do seu acordo com ${c.name} (CNPJ ${c.cnpj}, ${c.address}): ${amount}, vencimento ${due}. Linha digitável: ${line}. Pix copia e cola: ${inst.pixPayload}`;
    if (channel === 'email') {
      const to = contacts.emails[0];
      if (!to) return err('conflict', 'The debtor has no e-mail address');
      if (!this.deps.email) return err('conflict', 'E-mail is not configured on this server (QUITA_SMTP_URL)');
      const sent = await this.deps.email.send({
        to,
        subject: `Boleto da parcela ${inst.number} — ${c.name}`,
        text,
        html: `<p>${text.replace(/[&<>]/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`,
        attachments: [{ filename: `boleto-parcela-${inst.number}.html`, content: boletoPage({ ...inst, boletoBarcode: inst.boletoBarcode }), contentType: 'text/html; charset=utf-8' }],
      });
      if (!sent.ok) return sent;
      await this.deps.store.recordSend({ debtorId: contacts.debtorId, at: this.deps.clock.now(), kind: 'email', summary: `E-mail com o boleto da parcela ${inst.number} enviado para ${to.replace(/^(.).*(@.*)$/, '$1***$2')}`, userId });
      return ok({ to });
    }
    const to = contacts.mobiles[0];
    if (!to) return err('conflict', 'The debtor has no valid mobile phone');
    if (!this.deps.text) return err('conflict', 'SMS/WhatsApp is not configured on this server (QUITA_SMS_URL)');
    const sent = await this.deps.text.send({ channel, to, text });
    if (!sent.ok) return sent;
    await this.deps.store.recordSend({ debtorId: contacts.debtorId, at: this.deps.clock.now(), kind: 'sms', summary: `${channel === 'sms' ? 'SMS' : 'WhatsApp'} com a linha digitável e o Pix da parcela ${inst.number} enviado para ${maskPhone(to)}`, userId });
    return ok({ to: maskPhone(to) });
  }

  private async context(debtorId: number) {
    const debts = await this.deps.store.openDebts(debtorId);
    if (!debts) return err('not_found', 'No such debtor');
    if (debts.debts.length === 0) return err('conflict', 'This debtor has no open debt to negotiate');
    const today = isoToday(this.deps.clock.now());
    const { ipca, selic } = await this.deps.store.indexes();
    const contracts = debts.debts.map((d) => ({
      id: d.id,
      number: d.number,
      product: d.product,
      balance: updatedBalance({ principalCents: d.originalCents, dueDate: d.dueDate, calcDate: today, lateFeeBps: d.lateFeeBps, regime: d.regime, payments: d.payments, ipca, selic }),
    }));
    const oldest = debts.debts[0]!.dueDate;
    const dpd = Math.max(0, Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${oldest}T00:00:00Z`)) / DAY));
    const policy: NegotiationPolicy = (await this.deps.store.policyFor(debts.debts[0]!.portfolioId)) ?? DEFAULT_POLICY;
    return ok({ debts, contracts, total: sumBalances(contracts.map((c) => c.balance), today), today, dpd, policy });
  }

  async quote(debtorId: number, role: NegotiatorRole): Promise<Result<Quote>> {
    const c = await this.context(debtorId);
    if (!c.ok) return c;
    const { debts, contracts, total, today, dpd, policy } = c.data;
    return ok({
      debtor: { id: debtorId, name: debts.name },
      dpd,
      contracts: contracts.map(({ number, product, balance }) => ({ number, product, balance })),
      total,
      options: readyOptions(total, { policy, dpd, role, today }),
      authorityBps: policy.authorityBps[role],
    });
  }

  async evaluate(debtorId: number, offer: Offer, role: NegotiatorRole): Promise<Result<OfferVerdict>> {
    const c = await this.context(debtorId);
    if (!c.ok) return c;
    return ok(evaluateOffer(c.data.total, offer, { policy: c.data.policy, dpd: c.data.dpd, role, today: c.data.today }));
  }

  /** Above the agent's authority: a request every supervisor sees at once. */
  async requestApproval(agentId: UserId, debtorId: number, offer: Offer): Promise<Result<ApprovalRecord>> {
    const verdict = await this.evaluate(debtorId, offer, 'agent');
    if (!verdict.ok) return verdict;
    if (!verdict.data.valid) return err('bad_request', `offer: ${verdict.data.problems.map((p) => p.code).join(', ')}`);
    if (!verdict.data.needsApproval) return err('conflict', 'offer: within your authority, no approval needed');
    const id = await this.deps.store.createApproval({ debtorId, agentId, offer, verdict: verdict.data, at: this.deps.clock.now() });
    return ok((await this.deps.store.getApproval(id))!);
  }

  async decide(supervisorId: UserId, role: NegotiatorRole, id: number, d: { decision: 'approve' | 'counter' | 'deny'; counterOffer?: Offer; note?: string }): Promise<Result<ApprovalRecord>> {
    const request = await this.deps.store.getApproval(id);
    if (!request) return err('not_found', 'No such approval request');
    if (request.status !== 'pending') return err('conflict', `This request was already ${request.status}`);
    if (d.decision === 'counter') {
      if (!d.counterOffer) return err('bad_request', 'counterOffer: required to counter');
      const v = await this.evaluate(request.debtorId, d.counterOffer, role);
      if (!v.ok) return v;
      if (!v.data.valid || v.data.needsApproval) return err('bad_request', `counterOffer: ${v.data.problems.map((p) => p.code).join(', ') || 'beyond your authority'}`);
    }
    if (d.decision === 'approve') {
      const v = await this.evaluate(request.debtorId, request.offer, role);
      if (!v.ok) return v;
      if (!v.data.valid || v.data.needsApproval) return err('forbidden', 'offer: beyond your authority to approve');
    }
    const status = d.decision === 'approve' ? 'approved' : d.decision === 'counter' ? 'countered' : 'denied';
    const done = await this.deps.store.decideApproval(id, { status, supervisorId, counterOffer: d.counterOffer ?? null, note: d.note ?? null, at: this.deps.clock.now() });
    if (!done) return err('conflict', 'This request was decided meanwhile');
    return ok((await this.deps.store.getApproval(id))!);
  }

  /**
   * Formalizes an offer: valid, and within the role's authority or approved (the exact offer, or the
   * supervisor's counter). Creates the agreement, its installments, and the first installment's boleto and Pix.
   */
  async formalize(userId: UserId, role: NegotiatorRole, debtorId: number, offer: Offer, approvalId: number | null): Promise<Result<{ agreementId: number; verdict: OfferVerdict }>> {
    const c = await this.context(debtorId);
    if (!c.ok) return c;
    const { total, today, dpd, policy, contracts, debts } = c.data;
    const verdict = evaluateOffer(total, offer, { policy, dpd, role, today });
    if (!verdict.valid) return err('bad_request', `offer: ${verdict.problems.map((p) => p.code).join(', ')}`);
    if (verdict.needsApproval) {
      const approval = approvalId === null ? null : await this.deps.store.getApproval(approvalId);
      const approvedOffer = approval?.status === 'approved' ? approval.offer : approval?.status === 'countered' ? approval.counterOffer : null;
      if (!approval || approval.debtorId !== debtorId || JSON.stringify(approvedOffer) !== JSON.stringify(offer)) {
        return err('forbidden', 'offer: above your authority — ask a supervisor to approve this exact offer');
      }
    }
    const first = verdict.schedule[0]!;
    // with a PSP: the first charge is registered before anything is written, so a refused or failed
    // registration leaves no agreement, and an agreement never points at a charge that does not exist
    let firstPix: PixDocument | null = null;
    if (this.deps.pix) {
      const registered = await this.registerCharge({
        txid: newTxid(), number: first.number, total: verdict.schedule.length, dueDate: first.dueDate, amountCents: first.amountCents,
        debtor: { kind: debts.documentKind, document: debts.document, name: debts.name }, creditorName: debts.creditor.name, agreementId: null,
      });
      if (!registered.ok) return registered;
      firstPix = registered.data;
    }
    const created = await this.deps.store.createAgreement({
      debtorId, userId, approvalId: verdict.needsApproval ? approvalId : null, contractIds: contracts.map((x) => x.id),
      balanceCents: total.totalCents, discountCents: verdict.discountCents, totalCents: verdict.totalCents,
      terms: { offer, balance: total.lines, schedule: verdict.schedule, creditor: debts.creditor, dpd },
      installments: verdict.schedule, firstPix, at: this.deps.clock.now(),
      summary: `Acordo: ${verdict.schedule.length}× totalizando R$ ${(verdict.totalCents / 100).toFixed(2).replace('.', ',')} (desconto de R$ ${(verdict.discountCents / 100).toFixed(2).replace('.', ',')})`,
    }).catch((e: unknown) => err('conflict', `agreement not created: ${(e as Error).message}`));
    if (!created.ok) {
      // the charge registered for it must not stay payable
      if (firstPix && this.deps.pix) await this.deps.pix.provider.cancelCharge(firstPix.txid);
      return created;
    }
    await this.deps.store.setInstallmentDocuments(created.data, first.number, this.boletoFor(created.data, first.number, first.dueDate, first.amountCents), firstPix ?? this.staticPix(created.data, first.number, first.amountCents, debts.creditor.name));
    return ok({ agreementId: created.data, verdict });
  }

  private boletoFor(agreementId: number, number: number, dueDate: string, amountCents: number): string {
    return makeBoleto({ bank: this.deps.billing.bank, dueDate, amountCents, freeField: `${String(agreementId).padStart(12, '0')}${String(number).padStart(3, '0')}`.padEnd(25, '0') }).barcode;
  }

  private staticPix(agreementId: number, number: number, amountCents: number, creditorName: string): PixDocument {
    const txid = `QA${agreementId}P${number}`;
    return { txid, kind: 'static', payload: pixPayload({ key: this.deps.billing.pixKey, amountCents, merchantName: creditorName, merchantCity: this.deps.billing.pixCity, txid }) };
  }

  private async registerCharge(c: { txid: string; number: number; total: number; dueDate: string; amountCents: number; debtor: ChargeRequest['debtor']; creditorName: string; agreementId: number | null }): Promise<Result<PixDocument>> {
    const pix = this.deps.pix!;
    const registered = await pix.provider.registerCharge({
      txid: c.txid, dueDate: c.dueDate, validAfterDueDays: pix.validAfterDueDays, debtor: c.debtor, amountCents: c.amountCents,
      fineBps: CHARGE_FINE_BPS, monthlyInterestBps: CHARGE_MONTHLY_INTEREST_BPS, discounts: [],
      message: `Parcela ${c.number}/${c.total} do acordo${c.agreementId === null ? '' : ` ${c.agreementId}`} com ${c.creditorName}`,
    });
    if (!registered.ok) {
      // the PSP's refusal (its problem named) or its silence, told to whoever formalizes
      const code = registered.error.code === 'unavailable' ? 'unavailable' : 'unprocessable';
      return err(code, `Pix charge not registered: ${registered.error.message}`);
    }
    if (registered.data.amountCents !== c.amountCents) {
      await pix.provider.cancelCharge(c.txid);
      return err('unavailable', 'Pix charge not registered: the PSP answered another amount');
    }
    return ok({ txid: registered.data.txid, payload: registered.data.pixCopyPaste, kind: 'cobv' });
  }

  /**
   * The boleto and Pix of an installment that has none yet (the next one, once the previous is paid): a cobv
   * charge with a PSP, else the static code. Safe to call again: an installment with documents is left alone.
   */
  prepareInstallment(agreementId: number, number: number): Promise<Result<InstallmentDocuments>> {
    // one at a time per installment: two callers at once (the payment's follow-up, a send) must not register two charges
    const key = `${agreementId}/${number}`;
    const running = this.preparing.get(key);
    if (running) return running;
    const work = this.makeInstallmentDocuments(agreementId, number).finally(() => this.preparing.delete(key));
    this.preparing.set(key, work);
    return work;
  }

  private readonly preparing = new Map<string, Promise<Result<InstallmentDocuments>>>();

  private async makeInstallmentDocuments(agreementId: number, number: number): Promise<Result<InstallmentDocuments>> {
    const inst = await this.deps.store.installment(agreementId, number);
    if (!inst) return err('not_found', 'No such installment');
    if (inst.boletoBarcode && inst.pixPayload) return ok(inst);
    if (inst.status !== 'open' || inst.agreementStatus !== 'active') return err('conflict', 'The installment is not open');
    let pix: PixDocument;
    if (this.deps.pix && inst.pixPayload === null) {
      const registered = await this.registerCharge({
        txid: newTxid(), number, total: inst.totalInstallments, dueDate: inst.dueDate, amountCents: inst.amountCents,
        debtor: { kind: inst.debtorDocumentKind, document: inst.debtorDocumentDigits, name: inst.debtorName }, creditorName: inst.creditor.name, agreementId,
      });
      if (!registered.ok) return registered;
      pix = registered.data;
    } else {
      pix = inst.pixPayload && inst.pixTxid && inst.pixKind ? { payload: inst.pixPayload, txid: inst.pixTxid, kind: inst.pixKind } : this.staticPix(agreementId, number, inst.amountCents, inst.creditor.name);
    }
    await this.deps.store.setInstallmentDocuments(agreementId, number, this.boletoFor(agreementId, number, inst.dueDate, inst.amountCents), pix);
    return ok((await this.deps.store.installment(agreementId, number))!);
  }

  /** Agreements with an installment overdue past the grace days are broken (but `spare`); their debtors return to collection. */
  async breakOverdue(graceDays: number, spare: number[] = []): Promise<{ agreementId: number; debtorId: number }[]> {
    const today = isoToday(this.deps.clock.now());
    const limit = new Date(Date.parse(`${today}T00:00:00Z`) - graceDays * DAY).toISOString().slice(0, 10);
    return this.deps.store.breakOverdue(limit, this.deps.clock.now(), spare);
  }
}
