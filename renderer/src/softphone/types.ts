import type { CallDirection, CallState } from './call-state';

/**
 * The softphone the consoles use. One implementation touches sip.js (sipjs-softphone.ts); a scriptable
 * fake (fake-softphone.ts) stands in for it in unit tests.
 *
 * Registration:
 *
 *   unregistered ──start()──▶ connecting ──WS open──▶ registering ──200──▶ registered
 *                                 ▲                        │ 401/403 with our credentials → failed (no retry)
 *                                 └── reconnecting ◀── WebSocket lost (backoff 1 s, 2 s, 4 s … 30 s; re-REGISTER)
 *
 * Contract:
 * - start() MUST NOT throw: failures are reported as registration states.
 * - call() returns the call's id at once; its progress arrives as `call` events with the new state,
 *   starting with `dialing`. Several calls may be live at once (predictive lines).
 * - hangup() does what fits the phase: CANCEL while dialing or ringing, reject an incoming call, BYE when
 *   established; on an ended call it does nothing.
 * - Every state change of every call is reported exactly once, in order; `ended` is the last one.
 * - transfer() is a blind transfer: REFER with the target in Refer-To. It MUST resolve true only when the
 *   far end accepted the REFER (202), and then end the call with BYE (the far end now calls the target);
 *   false when refused or failed — the call goes on. It MUST NOT throw.
 * - setDevices() applies to the live calls at once (the microphone track is replaced, the speaker is the
 *   sink of the remote audio) and to every later call. An unknown device MUST NOT end a call.
 */
export type RegistrationState = 'unregistered' | 'connecting' | 'registering' | 'registered' | 'reconnecting' | 'failed';

export interface CallInfo {
  id: string;
  direction: CallDirection;
  /** Outbound: the number called; inbound: the caller's number (user part of From or P-Asserted-Identity). */
  remote: string;
  /** Inbound: the number the caller dialed (user part of To), e.g. one of the operation's caller IDs. */
  local: string;
  state: CallState;
  /** The carrier said an answering machine took the call (X-AMD: machine on the 200 OK). */
  machine: boolean;
}

export type SoftphoneEvent =
  | { type: 'registration'; state: RegistrationState }
  | { type: 'call'; call: CallInfo };

export interface DialOptions {
  /** E.164 number presented to the callee, in From and P-Asserted-Identity. */
  callerId: string;
}

export interface MediaStats {
  bytesSent: number;
  bytesReceived: number;
  packetsSent: number;
  packetsReceived: number;
  /** Incoming audio packets lost since the call began (RTP sequence gaps). */
  packetsLost: number;
  /** Incoming audio jitter in ms; null until known. */
  jitterMs: number | null;
  /** Round trip in ms (RTCP, else the ICE candidate pair); null until known. */
  roundTripMs: number | null;
}

/** Device ids from navigator.mediaDevices.enumerateDevices(); null: the system default. */
export interface AudioDevices {
  inputId: string | null;
  outputId: string | null;
}

export interface Softphone {
  readonly registration: RegistrationState;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `target`: an E.164 number (+5511…) or a full SIP URI. */
  call(target: string, options: DialOptions): string;
  answer(callId: string): void;
  hangup(callId: string): void;
  hold(callId: string, held: boolean): void;
  mute(callId: string, muted: boolean): void;
  /** RFC 4733 telephone events in the media; SIP INFO (application/dtmf-relay) when the media has none. */
  sendDtmf(callId: string, tones: string): void;
  stats(callId: string): Promise<MediaStats | null>;
  /** Blind transfer (REFER); `target` an E.164 number, an extension or a full SIP URI. */
  transfer(callId: string, target: string): Promise<boolean>;
  setDevices(devices: AudioDevices): Promise<void>;
  subscribe(listener: (event: SoftphoneEvent) => void): () => void;
}
