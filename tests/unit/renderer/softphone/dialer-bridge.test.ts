import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnswerVerdict, CallEvent, DialCommand } from '../../../../shared/dialer';
import type { AttemptId, DebtorId, LeaseId } from '../../../../shared/ids';
import type { Result } from '../../../../shared/result';
import { DialerBridge, type LineView } from '../../../../renderer/src/softphone/dialer-bridge';
import { FakeSoftphone } from '../../../../renderer/src/softphone/fake-softphone';

const command = (attemptId: number, leaseId = attemptId): DialCommand => ({
  attemptId: attemptId as AttemptId, leaseId: leaseId as LeaseId, debtorId: 7 as DebtorId, to: '+5531987650000', callerId: '+553135550101', predictive: false,
});

let phone: FakeSoftphone;
let events: CallEvent[];
let verdict: Result<AnswerVerdict | null>;
/** The socket is down: every command times out (sendCommand's 'internal'). */
let socketDown: boolean;
let closed: number[];
let lines: LineView[];
let bridge: DialerBridge;

beforeEach(() => {
  vi.useFakeTimers();
  phone = new FakeSoftphone(() => Date.now());
  events = [];
  closed = [];
  lines = [];
  verdict = { ok: true, data: { connect: true } };
  socketDown = false;
  bridge = new DialerBridge(phone, { callEvent: async (e) => {
    events.push(e);
    if (socketDown) return { ok: false, error: { code: 'internal', message: 'timeout' } };
    return e.event === 'answered' ? verdict : { ok: true, data: null };
  } }, {
    ringTimeoutMs: 30_000,
    onChange: (l) => (lines = l),
    onLeadClosed: (leaseId) => closed.push(leaseId),
  });
});
afterEach(() => {
  bridge.dispose();
  vi.useRealTimers();
});

describe('DialerBridge: the dialer drives the softphone', () => {
  it('rings the number with the server’s caller ID; an answer is reported and connected; the end is reported without outcome', async () => {
    bridge.dial(command(1));
    expect(phone.dialed).toEqual([{ id: 'fake-1', target: '+5531987650000', callerId: '+553135550101' }]);
    bridge.dial(command(1));
    expect(phone.dialed).toHaveLength(1);
    phone.remoteRinging('fake-1');
    expect(lines[0]).toMatchObject({ attemptId: 1, phase: 'ringing' });
    phone.remoteAnswer('fake-1');
    await vi.runAllTimersAsync();
    expect(events).toEqual([{ attemptId: 1, event: 'answered' }]);
    expect(lines[0]).toMatchObject({ phase: 'established', connected: true });
    phone.remoteHangup('fake-1');
    await vi.runAllTimersAsync();
    expect(events[1]).toEqual({ attemptId: 1, event: 'ended' });
    expect(closed).toEqual([]); // the agent disposes the answered lead
  });

  it.each([
    [486, 'busy'],
    [603, 'rejected'],
    [404, 'failed'],
    [480, 'no_answer'],
  ] as const)('a %i before the answer is reported as %s and the lead is closed', async (code, outcome) => {
    bridge.dial(command(2));
    phone.remoteReject('fake-1', code);
    await vi.runAllTimersAsync();
    expect(events).toEqual([{ attemptId: 2, event: 'ended', outcome, sipCode: code }]);
    expect(closed).toEqual([2]);
    expect(lines[0]).toMatchObject({ phase: 'ended', outcome });
  });

  it('a line that ended while the socket was down is never dialed again: the end is reported again until the server takes it', async () => {
    bridge.dial(command(9));
    phone.remoteRinging('fake-1');
    socketDown = true;
    await vi.advanceTimersByTimeAsync(30_000);
    await vi.runAllTimersAsync();
    expect(events).toEqual([{ attemptId: 9, event: 'ended', outcome: 'no_answer' }]);
    expect(closed).toEqual([]); // the server does not know yet: the lead stays
    // reconnected: the server re-sends the dial it thinks is still ringing
    socketDown = false;
    bridge.dial(command(9));
    await vi.runAllTimersAsync();
    expect(phone.dialed).toHaveLength(1);
    expect(events).toEqual([{ attemptId: 9, event: 'ended', outcome: 'no_answer' }, { attemptId: 9, event: 'ended', outcome: 'no_answer' }]);
    expect(closed).toEqual([9]);
    // once the lead is done and the line forgotten, a stray dial still never rings
    bridge.forget(9);
    bridge.dial(command(9));
    expect(phone.dialed).toHaveLength(1);
  });

  it('on reconnection the unacknowledged ends are reported again (an answered call too), and only those', async () => {
    const flush = () => vi.advanceTimersByTimeAsync(0);
    const ends = () => events.filter((e) => e.event === 'ended');
    bridge.dial(command(10));
    bridge.dial(command(11));
    phone.remoteAnswer('fake-1');
    phone.remoteRinging('fake-2');
    await flush();
    socketDown = true;
    phone.remoteHangup('fake-1');
    phone.remoteReject('fake-2', 486);
    await flush();
    expect(ends()).toHaveLength(2);
    bridge.reconnected(); // still down: kept
    await flush();
    expect(ends()).toHaveLength(4);
    expect(closed).toEqual([]);
    socketDown = false;
    bridge.reconnected();
    await flush();
    expect(ends().slice(-2)).toEqual([{ attemptId: 10, event: 'ended' }, { attemptId: 11, event: 'ended', outcome: 'busy', sipCode: 486 }]);
    expect(closed).toEqual([11]); // the answered one waits for the agent's disposition
    bridge.reconnected();
    await flush();
    expect(ends()).toHaveLength(6); // acknowledged: not sent again
  });

  it('gives up after the ring timeout: CANCEL, reported as no answer', async () => {
    bridge.dial(command(3));
    phone.remoteRinging('fake-1');
    await vi.advanceTimersByTimeAsync(29_999);
    expect(phone.calls.get('fake-1')!.state.phase).toBe('ringing');
    await vi.advanceTimersByTimeAsync(1);
    expect(phone.calls.get('fake-1')!.state.phase).toBe('ended');
    await vi.runAllTimersAsync();
    expect(events).toEqual([{ attemptId: 3, event: 'ended', outcome: 'no_answer' }]);
  });

  it('the server’s cancel stops the line and reports nothing (predictive: another line answered; the debtor paid)', async () => {
    bridge.dial(command(4));
    bridge.dial(command(5));
    phone.remoteRinging('fake-1');
    phone.remoteRinging('fake-2');
    phone.remoteAnswer('fake-1');
    bridge.cancelByServer(5);
    await vi.runAllTimersAsync();
    expect(phone.calls.get('fake-2')!.state).toMatchObject({ phase: 'ended', end: { cause: 'local_cancelled' } });
    expect(events).toEqual([{ attemptId: 4, event: 'answered' }]);
    expect(closed).toEqual([]);
    expect(lines.map((l) => l.attemptId)).toEqual([4]);
  });

  it('drops an answered call when the dialer says so (an abandon) and closes its lead', async () => {
    verdict = { ok: true, data: { connect: false } };
    bridge.dial(command(6));
    phone.remoteAnswer('fake-1');
    await vi.runAllTimersAsync();
    expect(phone.calls.get('fake-1')!.state).toMatchObject({ phase: 'ended', end: { cause: 'local_hangup' } });
    expect(events).toEqual([{ attemptId: 6, event: 'answered' }]);
    expect(closed).toEqual([6]);
  });

  it('an answering machine (the carrier’s verdict) is hung up and reported as machine, never as answered', async () => {
    bridge.dial(command(7));
    phone.remoteAnswer('fake-1', { machine: true });
    await vi.runAllTimersAsync();
    expect(events).toEqual([{ attemptId: 7, event: 'ended', outcome: 'machine', sipCode: 200 }]);
    expect(closed).toEqual([7]);
  });

  it('the agent hangs up: CANCEL while ringing (cancelled), BYE when talking; hold and mute reach the line', async () => {
    bridge.dial(command(8));
    bridge.hangup(8);
    await vi.runAllTimersAsync();
    expect(events).toEqual([{ attemptId: 8, event: 'ended', outcome: 'cancelled' }]);
    bridge.dial(command(9));
    phone.remoteAnswer('fake-2');
    await vi.runAllTimersAsync();
    bridge.mute(9, true);
    bridge.hold(9, true);
    expect(lines.find((l) => l.attemptId === 9)).toMatchObject({ muted: true, held: true });
    bridge.sendDtmf(9, '12#');
    expect(phone.dtmf).toEqual([{ id: 'fake-2', tones: '12#' }]);
    bridge.hangup(9);
    await vi.runAllTimersAsync();
    expect(phone.calls.get('fake-2')!.state).toMatchObject({ phase: 'ended', end: { cause: 'local_hangup' } });
    expect(events.at(-1)).toEqual({ attemptId: 9, event: 'ended' });
  });
});
