import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../../server/src/domain/login-throttle';

const limits = { maxFailures: 3, windowMs: 60_000, lockMs: 300_000 };

describe('LoginThrottle', () => {
  it('locks a key after maxFailures within the window, then releases it after lockMs', () => {
    const t = new LoginThrottle(limits);
    t.recordFailure('u', 0);
    t.recordFailure('u', 1000);
    expect(t.check('u', 2000)).toEqual({ allowed: true });
    t.recordFailure('u', 2000);
    expect(t.check('u', 2001)).toEqual({ allowed: false, retryAfterMs: 299_999 });
    expect(t.check('u', 302_000)).toEqual({ allowed: true });
  });
  it('forgets failures older than the window', () => {
    const t = new LoginThrottle(limits);
    t.recordFailure('u', 0);
    t.recordFailure('u', 1000);
    t.recordFailure('u', 61_500); // the first two are out of the window
    expect(t.check('u', 61_501).allowed).toBe(true);
  });
  it('a success clears the key; keys are independent', () => {
    const t = new LoginThrottle(limits);
    t.recordFailure('u', 0);
    t.recordFailure('u', 1);
    t.recordSuccess('u');
    t.recordFailure('u', 2);
    t.recordFailure('v', 2);
    expect(t.check('u', 3).allowed).toBe(true);
    expect(t.check('v', 3).allowed).toBe(true);
  });
  it('keeps memory bounded under a spray of keys', () => {
    const t = new LoginThrottle(limits, 100);
    for (let i = 0; i < 1000; i++) t.recordFailure(`k${i}`, i * 100_000);
    expect((t as unknown as { entries: Map<string, unknown> }).entries.size).toBeLessThanOrEqual(101);
  });
});
