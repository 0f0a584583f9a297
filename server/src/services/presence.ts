import type { AgentPresence, PublicUser } from '../../../shared/api';
import { transitionAgent, type AgentEvent } from '../../../shared/agent-state';
import type { UserId } from '../../../shared/ids';
import { err, ok, type Result } from '../../../shared/result';
import type { Clock } from '../ports/clock';

interface Entry {
  presence: AgentPresence;
  connections: number;
  offlineTimer: ReturnType<typeof setTimeout> | null;
}

/**
 * Live agent state, held by the server (the source of truth). An agent whose last connection drops
 * stays in its state for a grace period, so a page reload or a short network loss does not log it out.
 */
export class PresenceService {
  private readonly agents = new Map<UserId, Entry>();

  constructor(
    private readonly deps: { clock: Clock; offlineGraceMs: number; onChange: (presence: AgentPresence) => void },
  ) {}

  list(): AgentPresence[] {
    return [...this.agents.values()].map((e) => e.presence);
  }

  get(userId: UserId): AgentPresence | undefined {
    return this.agents.get(userId)?.presence;
  }

  connected(user: PublicUser): AgentPresence {
    let entry = this.agents.get(user.id);
    if (!entry) {
      entry = { presence: { userId: user.id, displayName: user.displayName, state: { name: 'offline' }, since: 0 }, connections: 0, offlineTimer: null };
      this.agents.set(user.id, entry);
    }
    entry.connections++;
    if (entry.offlineTimer) {
      clearTimeout(entry.offlineTimer);
      entry.offlineTimer = null;
    }
    this.apply(entry, { type: 'connect' });
    return entry.presence;
  }

  disconnected(userId: UserId): void {
    const entry = this.agents.get(userId);
    if (!entry) return;
    entry.connections = Math.max(0, entry.connections - 1);
    if (entry.connections > 0 || entry.offlineTimer) return;
    entry.offlineTimer = setTimeout(() => {
      entry.offlineTimer = null;
      if (entry.connections === 0) this.apply(entry, { type: 'disconnect' });
    }, this.deps.offlineGraceMs);
    entry.offlineTimer.unref?.();
  }

  /** Logout: offline at once, no grace. */
  loggedOut(userId: UserId): void {
    const entry = this.agents.get(userId);
    if (!entry) return;
    if (entry.offlineTimer) clearTimeout(entry.offlineTimer);
    entry.offlineTimer = null;
    entry.connections = 0;
    this.apply(entry, { type: 'disconnect' });
  }

  dispatch(userId: UserId, event: AgentEvent): Result<AgentPresence> {
    const entry = this.agents.get(userId);
    if (!entry) return err('not_found', 'Agent is not connected');
    return this.apply(entry, event);
  }

  stop(): void {
    for (const e of this.agents.values()) if (e.offlineTimer) clearTimeout(e.offlineTimer);
  }

  private apply(entry: Entry, event: AgentEvent): Result<AgentPresence> {
    const next = transitionAgent(entry.presence.state, event);
    if (!next.ok) return next;
    if (JSON.stringify(next.data) === JSON.stringify(entry.presence.state)) return ok(entry.presence);
    entry.presence = { ...entry.presence, state: next.data, since: this.deps.clock.now() };
    this.deps.onChange(entry.presence);
    return ok(entry.presence);
  }
}
