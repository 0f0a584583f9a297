import { create } from 'zustand';
import type { OutboxEntry } from '../../../shared/desktop-bridge';
import type { Disposition } from '../../../shared/dialer';
import type { OutboxStorage } from '../platform/types';
import { sendCommand, type RealtimeSocket } from '../realtime/client';

/**
 * Dispositions on their way to the server. Each is stored (localStorage or the desktop's SQLite) before it
 * is sent, and removed only when the server acknowledges it — or refuses it for good (a refusal is not
 * retried: sending it again would be refused again). A timeout or a lost connection keeps it: it is sent
 * again on every reconnection and every few seconds. The key makes a resend harmless (docs/dialer.md).
 */
export type OutboxStatus = { kind: 'pending'; count: number } | { kind: 'acked' } | { kind: 'rejected'; message: string } | null;

/** The signed-in agent and their server: only their own entries are shown and sent (a shared PC keeps the others'). */
export interface OutboxOwner {
  userId: number;
  serverUrl: string;
}

interface OutboxState {
  /** Leases whose disposition is waiting: the console does not show them again when the server re-sends them. */
  pendingLeases: number[];
  status: OutboxStatus;
  attach(storage: OutboxStorage): Promise<void>;
  /** Who is signed in (null: nobody); their waiting entries are counted and sent from now on. */
  setOwner(owner: OutboxOwner | null): Promise<void>;
  /** Stores the disposition, then tries to send it at once. */
  enqueue(disposition: Disposition & { key: string }, socket: RealtimeSocket | null): Promise<void>;
  /** Sends whatever waits (on connect, on a timer). */
  flush(socket: RealtimeSocket | null): Promise<void>;
  clear(): void;
}

let storage: OutboxStorage | null = null;
let owner: OutboxOwner | null = null;
let flushing = false;
const leaseOf = (e: OutboxEntry) => (JSON.parse(e.payload) as Disposition).leaseId;
/** The signed-in agent's entries (an entry from before owners were kept belongs to whoever signs in). */
const mine = (e: OutboxEntry) => owner !== null && (e.userId == null || (e.userId === owner.userId && (e.serverUrl ?? '') === owner.serverUrl));
const listMine = async () => (storage ? (await storage.list()).filter(mine) : []);

export const useOutboxStore = create<OutboxState>((set, get) => ({
  pendingLeases: [],
  status: null,
  async attach(s) {
    storage = s;
    await get().setOwner(owner);
  },
  async setOwner(o) {
    owner = o;
    const waiting = await listMine();
    set({ pendingLeases: waiting.map(leaseOf), status: waiting.length ? { kind: 'pending', count: waiting.length } : null });
  },
  async enqueue(disposition, socket) {
    if (!owner) throw new Error('outbox: nobody is signed in');
    const entry: OutboxEntry = { key: disposition.key, payload: JSON.stringify(disposition), createdAt: Date.now(), userId: owner.userId, serverUrl: owner.serverUrl };
    await storage?.put(entry);
    set((s) => ({ pendingLeases: [...s.pendingLeases, disposition.leaseId], status: { kind: 'pending', count: s.pendingLeases.length + 1 } }));
    await get().flush(socket);
  },
  async flush(socket) {
    if (!storage || !socket?.connected || flushing) return;
    flushing = true;
    try {
      for (const entry of await listMine()) {
        const result = await sendCommand(socket, 'dialer:dispose', JSON.parse(entry.payload));
        // 'internal' is a timeout or a server error: worth another try; anything else is the server's answer
        if (!result.ok && result.error.code === 'internal') break;
        await storage.remove(entry.key);
        const left = await listMine();
        set({
          pendingLeases: left.map(leaseOf),
          status: !result.ok ? { kind: 'rejected', message: result.error.message } : left.length ? { kind: 'pending', count: left.length } : { kind: 'acked' },
        });
      }
    } finally {
      flushing = false;
    }
  },
  clear: () => set({ status: null }),
}));

/** Makes a disposition's idempotency key. */
export function newDispositionKey(): string {
  // getRandomValues works outside secure contexts too (a console opened on http://<LAN address>)
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
