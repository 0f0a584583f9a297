import type { Logger } from '../logger';
import type { Clock } from '../ports/clock';
import type { OutboxStore } from '../ports/payments';
import { signPayload } from './signature';

/** Waits before each retry; after the last one the message is a dead letter (visible to the admin). */
export const DEFAULT_BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000];

/**
 * Sends the outbox: each notice POSTed to the integration's callback URL, signed like the webhooks Quita
 * receives (X-Quita-Timestamp, X-Quita-Signature over "<timestamp>.<body>"), 2xx = delivered; anything
 * else waits its backoff and is tried again, until it becomes a dead letter.
 */
export class OutboxDispatcher {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running = false;

  constructor(
    private readonly deps: { store: OutboxStore; clock: Clock; logger: Logger; backoffMs?: number[]; timeoutMs?: number },
  ) {}

  start(everyMs = 1000): void {
    this.timer = setInterval(() => void this.runOnce(), everyMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends what is due now (at most 50 at a time); returns how many were delivered. */
  async runOnce(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    try {
      const backoff = this.deps.backoffMs ?? DEFAULT_BACKOFF_MS;
      const due = await this.deps.store.due(this.deps.clock.now(), 50);
      const results = await Promise.all(
        due.map(async (m) => {
          const error = await this.send(m.url, m.secret, m.event, m.payload);
          const now = this.deps.clock.now();
          if (error === null) {
            await this.deps.store.delivered(m.id, now);
            return 1;
          }
          const attempts = m.attempts + 1;
          const wait = backoff[attempts - 1];
          await this.deps.store.failed(m.id, attempts, wait === undefined ? null : now + wait, error);
          if (wait === undefined) this.deps.logger.warn({ outboxId: m.id, integration: m.integrationId, error }, 'notice undeliverable: moved to the dead letters');
          return 0;
        }),
      );
      return results.reduce<number>((a, b) => a + b, 0);
    } finally {
      this.running = false;
    }
  }

  /** null when delivered, else why not. */
  private async send(url: string, secret: string, event: string, payload: string): Promise<string | null> {
    const ts = Math.floor(this.deps.clock.now() / 1000);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-quita-event': event, 'x-quita-timestamp': String(ts), 'x-quita-signature': signPayload(secret, ts, payload) },
        body: payload,
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 5000),
      });
      await response.arrayBuffer();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (e) {
      return (e as Error).name === 'TimeoutError' ? 'timeout' : `network: ${(e as Error).message}`;
    }
  }
}
