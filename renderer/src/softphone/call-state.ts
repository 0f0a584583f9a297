/**
 * The call state machine: one transition function, pure, shared by the sip.js adapter and the fake.
 *
 *   outbound:  dialing ──18x──▶ ringing ──2xx──▶ established ──BYE (either side)──▶ ended
 *                 │               │                  │
 *                 └──final ≥300 / local cancel / transport failure──────────────────▶ ended
 *   inbound:   incoming ──local answer──▶ established        incoming ──reject / remote CANCEL──▶ ended
 *
 * `established` carries hold and mute; `ended` is final and says who ended the call and with which SIP
 * code. A signal that does not fit the state (a late 180 after the answer, a second BYE) leaves the state
 * as it is: the transition returns the same object, so callers can tell nothing changed.
 */

export type CallDirection = 'outbound' | 'inbound';

/** Why a call ended. */
export type EndCause =
  /** The far end (or a proxy) answered the INVITE with a final error: busy, not found, declined... */
  | 'remote_rejected'
  /** We gave up before the answer: CANCEL of our INVITE, or our reject of an incoming one. */
  | 'local_cancelled'
  /** The caller gave up before we answered (CANCEL of an incoming INVITE). */
  | 'remote_cancelled'
  /** BYE after the answer. */
  | 'local_hangup'
  | 'remote_hangup'
  /** Transport lost, no answer from the proxy, media could not be set up. */
  | 'failed';

export interface CallEnd {
  cause: EndCause;
  /** The final SIP status when one was received (486, 487, 603...), else null. */
  sipCode: number | null;
  at: number;
}

export type CallState =
  | { phase: 'dialing' }
  | { phase: 'ringing' }
  | { phase: 'incoming' }
  | { phase: 'established'; answeredAt: number; held: boolean; muted: boolean }
  | { phase: 'ended'; end: CallEnd; answeredAt: number | null };

export type CallPhase = CallState['phase'];

export type CallSignal =
  /** 18x received on our INVITE. */
  | { type: 'progress' }
  /** 2xx received on our INVITE, or we answered an incoming one. */
  | { type: 'answered'; at: number }
  /** Final non-2xx on our INVITE (after our CANCEL: 487). */
  | { type: 'rejected'; sipCode: number; at: number }
  /** We cancel (outbound, before the answer) or reject (inbound). */
  | { type: 'cancel'; at: number }
  /** The caller cancelled an incoming call before we answered. */
  | { type: 'remote_cancel'; at: number }
  | { type: 'bye'; by: 'local' | 'remote'; at: number }
  | { type: 'failed'; sipCode: number | null; at: number }
  | { type: 'hold'; held: boolean }
  | { type: 'mute'; muted: boolean };

export function initialCallState(direction: CallDirection): CallState {
  return direction === 'outbound' ? { phase: 'dialing' } : { phase: 'incoming' };
}

const ended = (cause: EndCause, sipCode: number | null, at: number, answeredAt: number | null): CallState => ({
  phase: 'ended',
  end: { cause, sipCode, at },
  answeredAt,
});

export function nextCallState(state: CallState, signal: CallSignal): CallState {
  switch (state.phase) {
    case 'dialing':
    case 'ringing':
      switch (signal.type) {
        case 'progress':
          return state.phase === 'dialing' ? { phase: 'ringing' } : state;
        case 'answered':
          return { phase: 'established', answeredAt: signal.at, held: false, muted: false };
        case 'rejected':
          // a 487 answers our own CANCEL; anything else is the far end's (or the proxy's) refusal
          return ended(signal.sipCode === 487 ? 'local_cancelled' : 'remote_rejected', signal.sipCode, signal.at, null);
        case 'cancel':
          return ended('local_cancelled', null, signal.at, null);
        case 'failed':
          return ended('failed', signal.sipCode, signal.at, null);
        default:
          return state;
      }
    case 'incoming':
      switch (signal.type) {
        case 'answered':
          return { phase: 'established', answeredAt: signal.at, held: false, muted: false };
        case 'cancel':
          return ended('local_cancelled', null, signal.at, null);
        case 'remote_cancel':
          return ended('remote_cancelled', 487, signal.at, null);
        case 'failed':
          return ended('failed', signal.sipCode, signal.at, null);
        default:
          return state;
      }
    case 'established':
      switch (signal.type) {
        case 'bye':
          return ended(signal.by === 'local' ? 'local_hangup' : 'remote_hangup', null, signal.at, state.answeredAt);
        case 'failed':
          return ended('failed', signal.sipCode, signal.at, state.answeredAt);
        case 'hold':
          return state.held === signal.held ? state : { ...state, held: signal.held };
        case 'mute':
          return state.muted === signal.muted ? state : { ...state, muted: signal.muted };
        default:
          return state;
      }
    case 'ended':
      return state;
  }
}

/** Still ringing or talking: hang-up, cancel and the dialer's cancel apply. */
export function isLive(state: CallState): boolean {
  return state.phase !== 'ended';
}
