import { create } from 'zustand';
import type { AgentPresence } from '../../../shared/api';
import type { UserId } from '../../../shared/ids';

/** Agent states as the server pushes them: the agent's own and, for supervisors, everyone's. */
interface PresenceState {
  agents: Record<number, AgentPresence>;
  received(presence: AgentPresence): void;
  replaceAll(list: AgentPresence[]): void;
  clear(): void;
}

export const usePresenceStore = create<PresenceState>((set) => ({
  agents: {},
  received: (presence) => set((s) => ({ agents: { ...s.agents, [presence.userId]: presence } })),
  replaceAll: (list) => set({ agents: Object.fromEntries(list.map((p) => [p.userId, p])) }),
  clear: () => set({ agents: {} }),
}));

export const selectAgent = (userId: UserId | undefined) => (s: PresenceState) =>
  userId === undefined ? undefined : s.agents[userId];
