/**
 * Wrong-password rate limit. Each key (a username, a client address) may fail `maxFailures` times
 * within `windowMs`; then it is locked for `lockMs`. Pure: time is passed in.
 */
export interface ThrottleLimits {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

interface Entry {
  failures: number[];
  lockedUntil: number;
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly limits: ThrottleLimits, private readonly maxKeys = 50_000) {}

  check(key: string, now: number): ThrottleDecision {
    const entry = this.entries.get(key);
    if (entry && entry.lockedUntil > now) return { allowed: false, retryAfterMs: entry.lockedUntil - now };
    return { allowed: true };
  }

  recordFailure(key: string, now: number): void {
    const entry = this.entries.get(key) ?? { failures: [], lockedUntil: 0 };
    entry.failures = entry.failures.filter((t) => now - t < this.limits.windowMs);
    entry.failures.push(now);
    if (entry.failures.length >= this.limits.maxFailures) {
      entry.lockedUntil = now + this.limits.lockMs;
      entry.failures = [];
    }
    this.entries.set(key, entry);
    if (this.entries.size > this.maxKeys) this.prune(now);
  }

  recordSuccess(key: string): void {
    this.entries.delete(key);
  }

  /** Bounded memory under a spray of usernames: forget keys with nothing recent. */
  private prune(now: number): void {
    for (const [key, e] of this.entries) {
      if (e.lockedUntil <= now && e.failures.every((t) => now - t >= this.limits.windowMs)) this.entries.delete(key);
    }
  }
}
