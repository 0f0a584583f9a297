import { describe, expect, it } from 'vitest';
import { initialCallState, isLive, nextCallState, type CallSignal, type CallState } from '../../../../renderer/src/softphone/call-state';
import { outcomeOfUnanswered } from '../../../../renderer/src/softphone/outcome';

const run = (state: CallState, ...signals: CallSignal[]) => signals.reduce(nextCallState, state);

describe('call state machine', () => {
  it('outbound: dialing → ringing → established → ended by the far end', () => {
    let s = initialCallState('outbound');
    expect(s.phase).toBe('dialing');
    s = nextCallState(s, { type: 'progress' });
    expect(s.phase).toBe('ringing');
    s = nextCallState(s, { type: 'answered', at: 10 });
    expect(s).toEqual({ phase: 'established', answeredAt: 10, held: false, muted: false });
    s = nextCallState(s, { type: 'bye', by: 'remote', at: 20 });
    expect(s).toEqual({ phase: 'ended', end: { cause: 'remote_hangup', sipCode: null, at: 20 }, answeredAt: 10 });
    expect(isLive(s)).toBe(false);
  });
  it('a final error ends the call with its code; 487 after our CANCEL is a local cancel', () => {
    expect(run(initialCallState('outbound'), { type: 'progress' }, { type: 'rejected', sipCode: 486, at: 5 })).toMatchObject({ phase: 'ended', end: { cause: 'remote_rejected', sipCode: 486 } });
    expect(run(initialCallState('outbound'), { type: 'progress' }, { type: 'rejected', sipCode: 487, at: 5 })).toMatchObject({ phase: 'ended', end: { cause: 'local_cancelled', sipCode: 487 } });
    expect(run(initialCallState('outbound'), { type: 'failed', sipCode: null, at: 5 })).toMatchObject({ phase: 'ended', end: { cause: 'failed', sipCode: null } });
  });
  it('inbound: incoming → answered, or cancelled by the caller, or rejected by us', () => {
    expect(run(initialCallState('inbound'), { type: 'answered', at: 1 }).phase).toBe('established');
    expect(run(initialCallState('inbound'), { type: 'remote_cancel', at: 1 })).toMatchObject({ phase: 'ended', end: { cause: 'remote_cancelled' } });
    expect(run(initialCallState('inbound'), { type: 'cancel', at: 1 })).toMatchObject({ phase: 'ended', end: { cause: 'local_cancelled' } });
  });
  it('hold and mute only while established; signals that do not fit leave the same state object', () => {
    const est = run(initialCallState('outbound'), { type: 'answered', at: 1 });
    expect(run(est, { type: 'hold', held: true }, { type: 'mute', muted: true })).toMatchObject({ held: true, muted: true });
    const dialing = initialCallState('outbound');
    expect(nextCallState(dialing, { type: 'hold', held: true })).toBe(dialing);
    expect(nextCallState(est, { type: 'progress' })).toBe(est);
    expect(nextCallState(est, { type: 'hold', held: false })).toBe(est);
    const ended = run(est, { type: 'bye', by: 'local', at: 2 });
    expect(nextCallState(ended, { type: 'bye', by: 'remote', at: 3 })).toBe(ended);
    expect(nextCallState(ended, { type: 'answered', at: 3 })).toBe(ended);
  });
});

describe('SIP ending → dialer outcome', () => {
  const end = (sipCode: number | null, cause: 'remote_rejected' | 'local_cancelled' | 'failed' = 'remote_rejected') => ({ cause, sipCode, at: 0 });
  const plain = { ringTimedOut: false, machine: false };
  it.each([
    [486, 'busy'], [600, 'busy'],
    [480, 'no_answer'], [408, 'no_answer'],
    [603, 'rejected'], [403, 'rejected'],
    [404, 'failed'], [484, 'failed'], [500, 'failed'], [503, 'failed'], [488, 'failed'],
  ] as const)('%i → %s', (code, outcome) => {
    expect(outcomeOfUnanswered(end(code), plain)).toBe(outcome);
  });
  it('our CANCEL after the ring timeout is no answer; before it (the agent hung up) it is cancelled', () => {
    expect(outcomeOfUnanswered(end(487, 'local_cancelled'), { ringTimedOut: true, machine: false })).toBe('no_answer');
    expect(outcomeOfUnanswered(end(487, 'local_cancelled'), plain)).toBe('cancelled');
  });
  it('the carrier’s answering-machine verdict wins; no response at all is a failure', () => {
    expect(outcomeOfUnanswered(end(null, 'local_cancelled'), { ringTimedOut: false, machine: true })).toBe('machine');
    expect(outcomeOfUnanswered(end(null, 'failed'), plain)).toBe('failed');
  });
});
