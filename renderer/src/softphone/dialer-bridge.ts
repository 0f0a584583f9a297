import type { AnswerVerdict, CallEvent, DialCommand, NetworkOutcome } from '../../../shared/dialer';
import type { LeaseId } from '../../../shared/ids';
import type { Result } from '../../../shared/result';
import type { CallPhase } from './call-state';
import { outcomeOfUnanswered } from './outcome';
import type { CallInfo, Softphone, SoftphoneEvent } from './types';

/** How the bridge talks to the dialer server (socket.io's `dialer:callEvent` in the console). */
export interface DialerLink {
  callEvent(event: CallEvent): Promise<Result<AnswerVerdict | null>>;
}

/** What the console shows about one line (one dial attempt). */
export interface LineView {
  attemptId: number;
  leaseId: number;
  phase: CallPhase;
  held: boolean;
  muted: boolean;
  /** The network outcome reported for a call nobody answered. */
  outcome: NetworkOutcome | null;
  /** A person answered and the dialer connected them (the agent disposes afterwards). */
  connected: boolean;
}

interface Line {
  command: DialCommand;
  callId: string;
  call: CallInfo | null;
  ringTimer: ReturnType<typeof setTimeout> | null;
  ringTimedOut: boolean;
  /** The server cancelled the line (another line answered, the debtor paid, the lead was revoked): it already knows. */
  cancelledByServer: boolean;
  answeredReported: boolean;
  dropped: boolean;
  outcome: NetworkOutcome | null;
}

export interface DialerBridgeOptions {
  /** The softphone CANCELs a line that rings this long (reported as no answer). */
  ringTimeoutMs: number;
  onChange(lines: LineView[]): void;
  /** The line ended before anyone spoke, or was dropped, and the server took the report: the dialer closed its lead. */
  onLeadClosed(leaseId: LeaseId): void;
}

/** Ended attempts remembered (a day of one agent's calls, and then some). */
const ENDED_KEPT = 1000;

/**
 * Between the dialer and the softphone: rings each DialCommand with the server's caller ID, reports
 * `answered` (and drops the call when the server says so: an abandon) and `ended` with the outcome mapped
 * from SIP, cancels a line at the server's word, gives up after the ring timeout. Predictive: several
 * lines at once; the server cancels the others when one is answered.
 */
export class DialerBridge {
  private readonly lines = new Map<number, Line>();
  private readonly attemptOfCall = new Map<string, number>();
  /** Attempts whose call ended here: a dial for one of them (re-sent on reconnection) never rings again. */
  private readonly endedAttempts = new Set<number>();
  /** 'ended' reports the server has not acknowledged (the socket was down): sent again until it answers. */
  private readonly unreported = new Map<number, { event: CallEvent; leaseId: LeaseId | null; sending: boolean }>();
  private dialing: DialCommand | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly phone: Softphone,
    private readonly link: DialerLink,
    private readonly options: DialerBridgeOptions,
  ) {
    this.unsubscribe = phone.subscribe((e) => this.onSoftphone(e));
  }

  dispose(): void {
    this.unsubscribe();
    for (const line of this.lines.values()) if (line.ringTimer) clearTimeout(line.ringTimer);
  }

  /** Ring the number of a dial command (once per attempt, never again once it ended). */
  dial(command: DialCommand): void {
    if (this.endedAttempts.has(command.attemptId)) {
      // the server missed the end: tell it again instead of calling the debtor twice
      this.sendUnreported(command.attemptId);
      return;
    }
    if (this.lines.has(command.attemptId)) return;
    const line: Line = { command, callId: '', call: null, ringTimer: null, ringTimedOut: false, cancelledByServer: false, answeredReported: false, dropped: false, outcome: null };
    this.lines.set(command.attemptId, line);
    this.dialing = command;
    line.callId = this.phone.call(command.to, { callerId: command.callerId });
    this.dialing = null;
    this.attemptOfCall.set(line.callId, command.attemptId);
    if (line.call === null || line.call.state.phase !== 'ended') {
      line.ringTimer = setTimeout(() => {
        line.ringTimer = null;
        line.ringTimedOut = true;
        this.phone.hangup(line.callId);
      }, this.options.ringTimeoutMs);
    }
    this.changed();
  }

  /** The server's `dialer:cancel` (or the line's lead is gone): stop ringing, report nothing. */
  cancelByServer(attemptId: number): void {
    const line = this.lines.get(attemptId);
    if (!line || line.call?.state.phase === 'ended') return;
    line.cancelledByServer = true;
    this.phone.hangup(line.callId);
  }

  /** The agent's hang-up button: CANCEL while ringing, BYE when talking. */
  hangup(attemptId: number): void {
    const line = this.lines.get(attemptId);
    if (line) this.phone.hangup(line.callId);
  }

  hold(attemptId: number, held: boolean): void {
    const line = this.lines.get(attemptId);
    if (line) this.phone.hold(line.callId, held);
  }

  mute(attemptId: number, muted: boolean): void {
    const line = this.lines.get(attemptId);
    if (line) this.phone.mute(line.callId, muted);
  }

  sendDtmf(attemptId: number, tones: string): void {
    const line = this.lines.get(attemptId);
    if (line) this.phone.sendDtmf(line.callId, tones);
  }

  /** Blind transfer of the line's call (REFER): true once the far end took it; the line then ends. */
  transfer(attemptId: number, target: string): Promise<boolean> {
    const line = this.lines.get(attemptId);
    return line ? this.phone.transfer(line.callId, target) : Promise.resolve(false);
  }

  /** The call id of an attempt (for media statistics). */
  callIdOf(attemptId: number): string | null {
    return this.lines.get(attemptId)?.callId ?? null;
  }

  /** Forget lines whose lead is done (after the disposition). */
  forget(attemptId: number): void {
    const line = this.lines.get(attemptId);
    if (!line || line.call?.state.phase !== 'ended') return;
    this.lines.delete(attemptId);
    this.attemptOfCall.delete(line.callId);
    this.changed();
  }

  /** The socket is back: the ends the server has not acknowledged are reported again. */
  reconnected(): void {
    for (const attemptId of this.unreported.keys()) this.sendUnreported(attemptId);
  }

  views(): LineView[] {
    return [...this.lines.values()].map((l) => {
      const s = l.call?.state ?? { phase: 'dialing' as const };
      return {
        attemptId: l.command.attemptId,
        leaseId: l.command.leaseId,
        phase: s.phase,
        held: s.phase === 'established' && s.held,
        muted: s.phase === 'established' && s.muted,
        outcome: l.outcome,
        connected: l.answeredReported && !l.dropped && !l.call?.machine,
      };
    });
  }

  private onSoftphone(event: SoftphoneEvent): void {
    if (event.type !== 'call') return;
    const call = event.call;
    let attemptId = this.attemptOfCall.get(call.id);
    if (attemptId === undefined && this.dialing && call.direction === 'outbound') {
      attemptId = this.dialing.attemptId;
      this.attemptOfCall.set(call.id, attemptId);
    }
    const line = attemptId === undefined ? undefined : this.lines.get(attemptId);
    if (!line) return;
    const before = line.call?.state.phase;
    line.call = call;
    const phase = call.state.phase;
    if (phase !== before) {
      if (phase === 'established') this.onAnswered(line);
      if (phase === 'ended') this.onEnded(line);
    }
    this.changed();
  }

  private onAnswered(line: Line): void {
    this.stopRingTimer(line);
    const call = line.call!;
    // an answering machine (the carrier's verdict) or a line the server cancelled meanwhile: hang up
    if (call.machine || line.cancelledByServer) {
      this.phone.hangup(call.id);
      return;
    }
    line.answeredReported = true;
    void this.link.callEvent({ attemptId: line.command.attemptId, event: 'answered' }).then((r) => {
      if (r.ok && r.data?.connect) return;
      // the dialer drops it (an abandon, already recorded) or could not be told
      line.dropped = true;
      this.phone.hangup(call.id);
      this.changed();
    });
  }

  private onEnded(line: Line): void {
    this.stopRingTimer(line);
    const call = line.call!;
    if (call.state.phase !== 'ended') return;
    const { attemptId, leaseId } = line.command;
    this.rememberEnded(attemptId);
    if (line.cancelledByServer) {
      // its lead is already gone from the console: nothing left to show
      this.lines.delete(attemptId);
      this.attemptOfCall.delete(call.id);
      return;
    }
    if (line.dropped) {
      this.options.onLeadClosed(leaseId);
      return;
    }
    if (line.answeredReported) {
      // the conversation ended: the agent disposes
      this.report({ attemptId, event: 'ended' }, null);
      return;
    }
    const end = call.state.end;
    line.outcome = outcomeOfUnanswered(end, { ringTimedOut: line.ringTimedOut, machine: call.machine });
    const sipCode = end.sipCode ?? (call.machine ? 200 : null);
    this.report({ attemptId, event: 'ended', outcome: line.outcome, ...(sipCode !== null ? { sipCode } : {}) }, leaseId);
  }

  private rememberEnded(attemptId: number): void {
    this.endedAttempts.add(attemptId);
    if (this.endedAttempts.size > ENDED_KEPT) this.endedAttempts.delete(this.endedAttempts.values().next().value!);
  }

  /** Reports an end; kept until the server answers (its lead, if any, closes then). */
  private report(event: CallEvent, leaseId: LeaseId | null): void {
    this.unreported.set(event.attemptId, { event, leaseId, sending: false });
    this.sendUnreported(event.attemptId);
  }

  private sendUnreported(attemptId: number): void {
    const pending = this.unreported.get(attemptId);
    if (!pending || pending.sending) return;
    pending.sending = true;
    void this.link.callEvent(pending.event).then((r) => {
      pending.sending = false;
      // 'internal' is a timeout (the socket is down) or a server error: sent again on reconnection
      if (!r.ok && r.error.code === 'internal') return;
      // any other answer is final ('not_found': the server ended the line itself)
      this.unreported.delete(attemptId);
      if (pending.leaseId !== null) this.options.onLeadClosed(pending.leaseId);
    });
  }

  private stopRingTimer(line: Line): void {
    if (line.ringTimer) clearTimeout(line.ringTimer);
    line.ringTimer = null;
  }

  private changed(): void {
    this.options.onChange(this.views());
  }
}
