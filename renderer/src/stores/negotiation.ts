import { create } from 'zustand';
import type { ApprovalView } from '../../../shared/negotiation';

/** Approval requests: pending ones on supervisors' screens, decisions on the agent's. Pushed by the server. */
interface NegotiationState {
  pending: ApprovalView[];
  decisions: Record<number, ApprovalView>;
  requested(a: ApprovalView): void;
  decided(a: ApprovalView): void;
  replacePending(list: ApprovalView[]): void;
  clear(): void;
}

export const useNegotiationStore = create<NegotiationState>((set) => ({
  pending: [],
  decisions: {},
  requested: (a) => set((s) => ({ pending: [...s.pending.filter((p) => p.id !== a.id), a] })),
  decided: (a) => set((s) => ({ decisions: { ...s.decisions, [a.id]: a }, pending: s.pending.filter((p) => p.id !== a.id) })),
  replacePending: (list) => set({ pending: list }),
  clear: () => set({ pending: [], decisions: {} }),
}));
