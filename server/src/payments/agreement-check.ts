import type { DebtorId } from '../../../shared/ids';
import type { DialerService } from '../dialer/dialer-service';
import type { Logger } from '../logger';
import type { NegotiationService } from '../negotiation/negotiation-service';
import type { PaymentProvider } from '../ports/payment-provider';
import type { PaymentService } from './payment-service';

/**
 * The hourly agreement check: Pix whose webhooks were lost are caught up from the PSP first, then agreements
 * overdue past the grace days are broken and their debtors dialed again. An agreement whose charge the PSP
 * could not be asked about (down, timing out) is not broken on this run: the next run asks again. A run
 * still going when the next starts is not doubled (the second returns at once).
 */
export function agreementCheck(deps: {
  payments: PaymentService;
  negotiation: NegotiationService;
  dialer: Pick<DialerService, 'resumeDebtor' | 'reloadAll'>;
  pixProvider: PaymentProvider | null;
  graceDays: number;
  logger: Logger;
}): () => Promise<{ broken: number; spared: number } | null> {
  let running = false;
  return async () => {
    if (running) return null;
    running = true;
    try {
      let spare: number[] = [];
      if (deps.pixProvider) {
        const caught = await deps.payments.reconcileCharges(deps.pixProvider);
        if (caught.applied) deps.logger.warn({ applied: caught.applied }, 'Pix payments caught up from the PSP (their webhooks were not received)');
        spare = caught.unchecked;
        if (spare.length) deps.logger.warn({ agreements: spare.length }, 'PSP unreachable: these agreements are not broken on this run');
        if (caught.refused) deps.logger.warn({ charges: caught.refused }, 'charges the PSP refused or does not know: kept for reconciliation (payment rejections); their agreements follow our records');
      }
      const broken = await deps.negotiation.breakOverdue(deps.graceDays, spare);
      if (broken.length) {
        deps.logger.info({ broken: broken.length }, 'agreements broken: debtors back to collection');
        for (const b of broken) deps.dialer.resumeDebtor(b.debtorId as DebtorId);
        await deps.dialer.reloadAll();
      }
      return { broken: broken.length, spared: spare.length };
    } catch (e) {
      deps.logger.error({ err: e }, 'checking agreements failed');
      return null;
    } finally {
      running = false;
    }
  };
}
