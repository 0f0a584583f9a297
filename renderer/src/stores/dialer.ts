import { create } from 'zustand';
import type { CancelNotice, DialCommand, Lead, PaidNotice, RevokedNotice } from '../../../shared/dialer';
import type { LeaseId } from '../../../shared/ids';

/**
 * What the dialer gave this agent: leads (one in preview/progressive, several lines in predictive), the
 * calls it asked the softphone to place, and the last notice (a lead revoked). The server is the truth:
 * a reconnecting console is sent its open leads again.
 */
interface DialerState {
  leads: Lead[];
  calls: DialCommand[];
  notice: { kind: 'revoked'; reason: RevokedNotice['reason'] } | { kind: 'paid'; amountCents: number } | null;
  leadReceived(lead: Lead): void;
  dialReceived(call: DialCommand): void;
  /** The server stopped a line (and closed its lead): another line answered, the pacer trimmed, the debtor paid. */
  cancelled(attemptId: number, reason?: CancelNotice['reason']): void;
  revoked(leaseId: LeaseId, reason: RevokedNotice['reason']): void;
  /** The debtor on the live call paid: the agent is told at once. */
  paid(notice: PaidNotice): void;
  /** The agent's disposition was acknowledged: the lead and its calls are done. */
  done(leaseId: LeaseId): void;
  clear(): void;
}

export const useDialerStore = create<DialerState>((set) => ({
  leads: [],
  calls: [],
  notice: null,
  leadReceived: (lead) => set((s) => ({ leads: [...s.leads.filter((l) => l.leaseId !== lead.leaseId), lead], notice: null })),
  dialReceived: (call) => set((s) => ({ calls: [...s.calls.filter((c) => c.attemptId !== call.attemptId), call] })),
  cancelled: (attemptId, reason) =>
    set((s) => {
      const leaseId = s.calls.find((c) => c.attemptId === attemptId)?.leaseId;
      return {
        calls: s.calls.filter((c) => c.attemptId !== attemptId),
        leads: leaseId === undefined ? s.leads : s.leads.filter((l) => l.leaseId !== leaseId),
        notice: reason === 'paid' ? { kind: 'revoked', reason: 'paid' } : s.notice,
      };
    }),
  revoked: (leaseId, reason) =>
    set((s) => ({ leads: s.leads.filter((l) => l.leaseId !== leaseId), calls: s.calls.filter((c) => c.leaseId !== leaseId), notice: { kind: 'revoked', reason } })),
  paid: (notice) => set({ notice: { kind: 'paid', amountCents: notice.amountCents } }),
  done: (leaseId) => set((s) => ({ leads: s.leads.filter((l) => l.leaseId !== leaseId), calls: s.calls.filter((c) => c.leaseId !== leaseId) })),
  clear: () => set({ leads: [], calls: [], notice: null }),
}));
