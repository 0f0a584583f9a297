import type { Db } from './database';

/**
 * An ordered journal of small writes for the parts that must never wait on the database (the dialer, the
 * agent state log). Each entry commits at once when it can; when a long writer holds the lock (a mailing
 * import keeps one transaction for a whole file) the entry is not waited for — memory is the truth — and
 * the journal retries every 100 ms, in order, until it drains. `beforeEach` lets a user batch its own rows
 * (the dialer's leases) ahead of any later write.
 */
export interface WriteJournal {
  write(step: () => void): void;
  /** Tries to drain now (after `beforeEach`). */
  drain(): void;
  /** At shutdown and in tests: waits for the lock (the connection's busy timeout) instead of deferring. */
  flush(): void;
  pending(): number;
  /** Called before each write and drain, to move batched rows into the journal first. */
  beforeEach(hook: () => void): void;
}

export function createWriteJournal(db: Db, onDeferredError?: (error: unknown) => void): WriteJournal {
  const entries: (() => void)[] = [];
  const hooks: (() => void)[] = [];
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const isBusy = (e: unknown) => /^SQLITE_BUSY/.test((e as { code?: string }).code ?? '');
  const run = (): void => {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = null;
    while (entries.length > 0 && db.open) {
      const timeout = db.pragma('busy_timeout', { simple: true }) as number;
      db.pragma('busy_timeout = 0');
      try {
        db.transaction(entries[0]!)();
        entries.shift();
      } catch (e) {
        if (!isBusy(e)) {
          entries.shift();
          throw e;
        }
        retryTimer = setTimeout(runSafely, 100);
        return;
      } finally {
        db.pragma(`busy_timeout = ${timeout}`);
      }
    }
  };
  /** A retry runs from a timer: an error there is reported, not thrown into the event loop. */
  const runSafely = () => {
    try {
      run();
    } catch (e) {
      onDeferredError?.(e);
    }
  };
  const journal: WriteJournal = {
    write(step) {
      for (const h of hooks) h();
      entries.push(step);
      if (!retryTimer) run();
    },
    drain() {
      for (const h of hooks) h();
      if (!retryTimer) run();
    },
    flush() {
      for (const h of hooks) h();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      while (entries.length > 0 && db.open) {
        db.transaction(entries[0]!)();
        entries.shift();
      }
    },
    pending: () => entries.length,
    beforeEach(hook) {
      hooks.push(hook);
    },
  };
  return journal;
}
