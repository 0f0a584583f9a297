import { isValidCnpj, isValidCpf, normalizeCnpj } from '../../../shared/document';
import type { UserId } from '../../../shared/ids';
import { createHash, timingSafeEqual } from 'node:crypto';
import { paymentWebhookSchema, pixWebhookSchema, type ManualWriteOff, type PaymentApplied, type PixWebhookResult } from '../../../shared/payments';
import type { LineError } from '../../../shared/api';
import { parsePayoffCsv } from '../domain/payments/payoff-csv';
import { err, ok, type Result } from '../../../shared/result';
import { describeZodError } from '../../../shared/schemas';
import type { DialerService } from '../dialer/dialer-service';
import type { Clock } from '../ports/clock';
import type { PaymentProvider } from '../ports/payment-provider';
import type { DueCharge, PaymentInput, PaymentStore } from '../ports/payments';
import { verifySignature } from './signature';

/** The hourly check reads due charges this many at a time from the store, and asks the PSP about this many at once. */
const RECONCILE_PAGE = 200;
const RECONCILE_CONCURRENCY = 4;
/** Charges in a row the PSP could not answer about before the hourly check stops asking it (this run). */
const PSP_DOWN_AFTER = 10;

/** CPF (11 digits) or CNPJ (14, alphanumeric allowed) as the store keeps it, or why not. */
export function normalizeDocument(input: string): Result<string> {
  const raw = input.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  if (/^\d{11}$/.test(raw)) return isValidCpf(raw) ? ok(raw) : err('bad_request', 'document: invalid CPF (check digits)');
  if (raw.length === 14) return isValidCnpj(raw) ? ok(normalizeCnpj(raw)) : err('bad_request', 'document: invalid CNPJ (check digits)');
  return err('bad_request', 'document: must be a CPF (11 digits) or a CNPJ (14 characters)');
}

/**
 * Payments into Quita. The order is the guarantee: the payment is committed, then the dialer takes the
 * debtor out of collection in memory (synchronously), and only then is the sender acknowledged. Once
 * acknowledged, that debtor is never dialed again for that debt.
 */
export class PaymentService {
  constructor(
    private readonly deps: {
      store: PaymentStore;
      dialer: DialerService;
      clock: Clock;
      /** The secret in the Pix webhook's path (null: the Pix webhook is off). */
      pixWebhookToken?: string | null;
      /**
       * The PSP the Pix charges are registered at: a Pix webhook is applied only when the PSP lists that Pix
       * (endToEndId and amount) on the charge. Null: the webhook's token is the only check.
       */
      pixProvider?: PaymentProvider | null;
      /** An installment was paid and another is open: its boleto and Pix become current (not awaited). */
      nextInstallment?: (agreementId: number, number: number) => void;
    },
  ) {}

  /**
   * The PSP's Pix webhook (BCB API Pix: POST <registered url>/pix with { pix: [...] }). The PSP
   * authenticates by mTLS in the spec; behind Quita's HTTP server the secret token in the path does it,
   * compared in constant time. Every Pix is applied on its own, idempotent by endToEndId; a Pix naming no
   * installment is kept for reconciliation and reported.
   */
  async pixWebhook(token: string, rawBody: Buffer): Promise<Result<PixWebhookResult>> {
    const expected = this.deps.pixWebhookToken;
    if (!expected) return err('not_found', 'The Pix webhook is not configured on this server (QUITA_PIX_WEBHOOK_TOKEN)');
    const digest = (t: string) => createHash('sha256').update(t).digest();
    if (!timingSafeEqual(digest(token), digest(expected))) return err('unauthenticated', 'Wrong Pix webhook token');
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return err('bad_request', 'body: not valid JSON');
    }
    const parsed = pixWebhookSchema.safeParse(json);
    if (!parsed.success) return err('bad_request', describeZodError(parsed.error));
    const result: PixWebhookResult = { applied: 0, duplicates: 0, unknown: [] };
    for (const pix of parsed.data.pix) {
      const [reais = '0', cents = '0'] = pix.valor.split('.');
      const item = { endToEndId: pix.endToEndId, txid: pix.txid ?? null, amountCents: Number(reais) * 100 + Number(cents), paidAt: pix.horario, body: JSON.stringify(pix) };
      const refused = await this.unconfirmed(item);
      const outcome = refused ?? (await this.applyPix(item));
      if (typeof outcome === 'object') result.unknown.push({ endToEndId: pix.endToEndId, txid: pix.txid ?? null, reason: outcome.reason });
      else result[outcome]++;
    }
    return ok(result);
  }

  /**
   * With a PSP configured, a Pix from the webhook is asked about at the PSP (GET cobv/{txid}: a paid charge
   * lists its Pix): one it does not list with the same endToEndId and amount, or one it cannot answer about
   * now, is kept for reconciliation (the hourly check applies it once the PSP lists it). Null: go ahead
   * (no PSP, an unknown txid — applyPix reports it — or a static Pix code, which has no charge to read).
   */
  private async unconfirmed(pix: { endToEndId: string; txid: string | null; amountCents: number; body: string }): Promise<{ reason: string } | null> {
    const provider = this.deps.pixProvider;
    // only a registered charge (cobv) can be asked about; a static code (made without a PSP) has none
    if (!provider || !pix.txid || (await this.deps.store.installmentByTxid(pix.txid))?.pixKind !== 'cobv') return null;
    const charge = await provider.charge(pix.txid);
    const listed = charge.ok && charge.data.paidBy.some((p) => p.endToEndId === pix.endToEndId && p.amountCents === pix.amountCents);
    if (listed) return null;
    const reason = charge.ok ? `txid ${pix.txid}: the PSP does not list this Pix on the charge` : `txid ${pix.txid}: the PSP could not be asked about this Pix (${charge.error.message})`;
    await this.deps.store.recordRejection({ source: 'pix', externalId: pix.endToEndId, reason, body: pix.body, at: this.deps.clock.now() });
    return { reason };
  }

  /** One Pix into the payment flow: its installment found by txid; none (or a refusal) kept for reconciliation. */
  private async applyPix(pix: { endToEndId: string; txid: string | null; amountCents: number; paidAt: string; body: string }): Promise<'applied' | 'duplicates' | { reason: string }> {
    const target = pix.txid ? await this.deps.store.installmentByTxid(pix.txid) : null;
    const applied = target
      ? await this.apply({ source: 'pix', externalId: pix.endToEndId, document: target.document, contractNumber: null, amountCents: pix.amountCents, paidAt: pix.paidAt, userId: null, installment: { agreementId: target.agreementId, number: target.number } })
      : null;
    if (applied?.ok) return applied.data.duplicate ? 'duplicates' : 'applied';
    await this.deps.store.recordRejection({ source: 'pix', externalId: pix.endToEndId, reason: applied ? applied.error.message : 'txid: no installment with this txid', body: pix.body, at: this.deps.clock.now() });
    return { reason: applied ? applied.error.message : `txid: no installment with txid ${pix.txid ?? '(sem txid)'}` };
  }

  /**
   * Catching up on webhooks the PSP could not deliver: the charges of installments already due and still
   * open are read at the PSP, and the Pix listed on the paid ones applied (idempotent by endToEndId). Run
   * before agreements are broken, so a paid installment never breaks one because its webhook was lost; the
   * agreements whose charge could not be read (PSP down) are reported, not to be broken on this run.
   * Every due charge is read, RECONCILE_PAGE at a time from the store (memory bounded by the page), at most
   * RECONCILE_CONCURRENCY at once at the PSP. After PSP_DOWN_AFTER failures in a row the PSP is taken as down for this run: the charges
   * left are not asked about (each would wait for the adapter's retries) and their agreements are reported as
   * unchecked (spared on this run). A charge the PSP refuses or does not know (an answer, not an outage) spares
   * nothing — no Pix can have been paid on it as far as the PSP says, so our records decide — and is kept for
   * reconciliation (payment rejections, once per txid) and counted as refused.
   * A worker that throws stops the others taking more charges; the run ends (and throws) once all have stopped.
   */
  async reconcileCharges(provider: PaymentProvider): Promise<{ checked: number; applied: number; unchecked: number[]; refused: number }> {
    const today = new Date(this.deps.clock.now() - 3 * 3_600_000).toISOString().slice(0, 10); // Brasília date
    let checked = 0;
    let applied = 0;
    let refused = 0;
    let failuresInARow = 0;
    const unchecked = new Set<number>();
    const check = async (due: DueCharge) => {
      if (failuresInARow >= PSP_DOWN_AFTER) {
        unchecked.add(due.agreementId);
        return;
      }
      const charge = await provider.charge(due.txid);
      if (!charge.ok && charge.error.code === 'unavailable') {
        failuresInARow++;
        unchecked.add(due.agreementId);
        return;
      }
      failuresInARow = 0;
      if (!charge.ok) {
        refused++;
        await this.deps.store.recordRejection({
          source: 'pix', externalId: `charge:${due.txid}`, reason: `charge of agreement ${due.agreementId}: ${charge.error.message}`,
          body: JSON.stringify({ txid: due.txid, agreementId: due.agreementId, via: 'reconciliation', error: charge.error.code }), at: this.deps.clock.now(),
        });
        return;
      }
      failuresInARow = 0;
      checked++;
      if (charge.data.status !== 'paid') return;
      for (const p of charge.data.paidBy) {
        if ((await this.applyPix({ ...p, txid: due.txid, body: JSON.stringify({ ...p, txid: due.txid, via: 'reconciliation' }) })) === 'applied') applied++;
      }
    };
    for (let after: DueCharge | null = null; ; ) {
      const page = await this.deps.store.chargesDueBefore(today, RECONCILE_PAGE, after);
      if (page.length === 0) break;
      after = page[page.length - 1]!;
      let next = 0;
      let failed = false;
      const worker = async () => {
        try {
          while (!failed && next < page.length) await check(page[next++]!);
        } catch (e) {
          failed = true;
          throw e;
        }
      };
      const ended = await Promise.allSettled(Array.from({ length: Math.min(RECONCILE_CONCURRENCY, page.length) }, worker));
      const error = ended.find((r) => r.status === 'rejected');
      if (error) throw (error as PromiseRejectedResult).reason;
    }
    return { checked, applied, unchecked: [...unchecked], refused };
  }

  /** A signed webhook: integration id, timestamp and signature headers, raw body. */
  async webhook(headers: { integration?: string; timestamp?: string; signature?: string }, rawBody: Buffer): Promise<Result<PaymentApplied>> {
    const now = this.deps.clock.now();
    const integration = headers.integration ? await this.deps.store.findIntegration(headers.integration) : null;
    if (!integration || !integration.active) return err('unauthenticated', 'X-Quita-Integration is missing or unknown');
    const signed = verifySignature({ secret: integration.secret, timestamp: headers.timestamp, signature: headers.signature, rawBody, nowMs: now });
    if (!signed.ok) return err('unauthenticated', signed.reason);
    const source = `webhook:${integration.id}`;
    let json: unknown;
    try {
      json = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return err('bad_request', 'body: not valid JSON');
    }
    const parsed = paymentWebhookSchema.safeParse(json);
    if (!parsed.success) return err('bad_request', describeZodError(parsed.error));
    const p = parsed.data;
    const document = normalizeDocument(p.document);
    if (!document.ok) return document;
    const result = await this.apply({
      source, externalId: p.paymentId, document: document.data, contractNumber: p.contractNumber ?? null, amountCents: p.amountCents, paidAt: p.paidAt, userId: null,
      installment: p.agreementId === undefined ? null : { agreementId: p.agreementId, number: p.installment ?? null },
    });
    if (!result.ok && result.error.code === 'not_found') {
      // kept for reconciliation; the sender is told exactly what is unknown
      await this.deps.store.recordRejection({ source, externalId: p.paymentId, reason: result.error.message, body: rawBody.toString('utf8'), at: now });
      return err('unprocessable', result.error.message);
    }
    return result;
  }

  /** A supervisor's write-off ("baixa"): a payment with its reason, audited by the caller. */
  async writeOff(w: ManualWriteOff, userId: UserId): Promise<Result<PaymentApplied>> {
    const document = normalizeDocument(w.document);
    if (!document.ok) return document;
    const applied = await this.apply({ source: 'manual', externalId: `manual-${this.deps.clock.now()}-${userId}`, document: document.data, contractNumber: w.contractNumber ?? null, amountCents: w.amountCents, paidAt: w.paidAt, userId });
    return applied.ok || applied.error.code !== 'not_found' ? applied : err('unprocessable', applied.error.message);
  }

  /**
   * A payoff file: every good line is applied (a real payment is never held back because another line is
   * wrong: that debtor would go on being called), every bad line is reported — format, or an unknown debtor
   * or contract (also kept for reconciliation). Payment ids make sending a fixed file again safe.
   */
  async payoffFile(text: string, userId: UserId): Promise<{ applied: number; duplicates: number; debtorsStopped: number; errors: LineError[] }> {
    const { lines, errors } = parsePayoffCsv(text);
    let applied = 0;
    let duplicates = 0;
    let debtorsStopped = 0;
    for (const l of lines) {
      const document = normalizeDocument(l.document);
      if (!document.ok) {
        errors.push({ line: l.line, column: 'documento', value: l.document, reason: 'CPF/CNPJ inválido' });
        continue;
      }
      const r = await this.apply({ source: 'payoff_csv', externalId: l.paymentId, document: document.data, contractNumber: l.contractNumber, amountCents: l.amountCents, paidAt: l.paidAt, userId });
      if (!r.ok) {
        const unknownContract = r.error.message.startsWith('contractNumber');
        errors.push({ line: l.line, column: unknownContract ? 'contrato' : 'documento', value: unknownContract ? (l.contractNumber ?? '') : l.document, reason: unknownContract ? 'contrato não encontrado para este devedor' : 'devedor não encontrado' });
        await this.deps.store.recordRejection({ source: 'payoff_csv', externalId: l.paymentId, reason: r.error.message, body: JSON.stringify(l), at: this.deps.clock.now() });
        continue;
      }
      if (r.data.duplicate) duplicates++;
      else applied++;
      if (!r.data.duplicate && r.data.openContracts === 0 && r.data.contractsPaid.length > 0) debtorsStopped++;
    }
    errors.sort((x, y) => x.line - y.line);
    return { applied, duplicates, debtorsStopped, errors };
  }

  /** Any payment (webhook, payoff file, manual write-off): committed, then collection stops at once. */
  async apply(p: Omit<PaymentInput, 'receivedAt' | 'installment'> & { installment?: PaymentInput['installment'] }): Promise<Result<PaymentApplied>> {
    const recorded = await this.deps.store.recordPayment({ ...p, installment: p.installment ?? null, receivedAt: this.deps.clock.now() });
    if (!recorded.ok) return recorded;
    const { campaignsLeft, ...applied } = recorded.data;
    if (applied.openContracts === 0) this.deps.dialer.stopDebtor(applied.debtorId, p.amountCents);
    // a broken promise kept after all: out of the campaign it had been returned to, as the store left it
    for (const campaignId of campaignsLeft) this.deps.dialer.promiseKept(applied.debtorId, campaignId);
    const inst = applied.duplicate ? undefined : applied.installment;
    if (inst?.paid && inst.nextOpen !== null && inst.agreementStatus === 'active') this.deps.nextInstallment?.(inst.agreementId, inst.nextOpen);
    return ok(applied);
  }
}
