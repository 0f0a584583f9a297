import { create } from 'zustand';
import type { SipSettings } from '../../../shared/api';
import { sendCommand, type RealtimeSocket } from '../realtime/client';
import { DialerBridge, SipJsSoftphone, type CallPhase, type LineView, type RegistrationState, type Softphone } from '../softphone';
import { useDialerStore } from './dialer';

/** A call from outside (a debtor calling one of the operation's numbers). */
export interface IncomingView {
  callId: string;
  /** The caller's number and the number called, as the SIP INVITE gave them (E.164). */
  from: string;
  to: string;
  phase: CallPhase;
}

/**
 * The agent's softphone as the console sees it: whether there is one, its registration, one view per line
 * the dialer asked it to ring, and the calls coming in. Dial commands come from the dialer store; the
 * server's cancels (and leads that went away) stop their lines.
 */
interface SoftphoneState {
  enabled: boolean;
  registration: RegistrationState;
  lines: LineView[];
  incoming: IncomingView[];
  answerIncoming(callId: string): void;
  /** Rejects a ringing incoming call, or hangs up an answered one. */
  endIncoming(callId: string): void;
  hangup(attemptId: number): void;
  hold(attemptId: number, held: boolean): void;
  mute(attemptId: number, muted: boolean): void;
  dtmf(attemptId: number, tones: string): void;
}

let bridge: DialerBridge | null = null;
let phone: Softphone | null = null;
let stopWatching: (() => void) | null = null;

export const useSoftphoneStore = create<SoftphoneState>(() => ({
  enabled: false,
  registration: 'unregistered',
  lines: [],
  incoming: [],
  answerIncoming: (callId) => phone?.answer(callId),
  endIncoming: (callId) => phone?.hangup(callId),
  hangup: (attemptId) => bridge?.hangup(attemptId),
  hold: (attemptId, held) => bridge?.hold(attemptId, held),
  mute: (attemptId, muted) => bridge?.mute(attemptId, muted),
  dtmf: (attemptId, tones) => bridge?.sendDtmf(attemptId, tones),
}));

/** Starts the softphone for this session; `create` is the sip.js adapter unless a test passes a fake. */
export async function startSoftphone(settings: SipSettings, socket: RealtimeSocket, create: (s: SipSettings) => Softphone = (s) => new SipJsSoftphone(s)): Promise<void> {
  await stopSoftphone();
  const p = create(settings);
  phone = p;
  p.subscribe((e) => {
    if (e.type === 'registration') useSoftphoneStore.setState({ registration: e.state });
    if (e.type === 'call' && e.call.direction === 'inbound') {
      const { id, remote, local, state } = e.call;
      useSoftphoneStore.setState((s) => ({
        incoming: state.phase === 'ended'
          ? s.incoming.filter((c) => c.callId !== id)
          : [...s.incoming.filter((c) => c.callId !== id), { callId: id, from: remote, to: local, phase: state.phase }],
      }));
    }
  });
  bridge = new DialerBridge(p, { callEvent: (event) => sendCommand(socket, 'dialer:callEvent', event) }, {
    ringTimeoutMs: settings.ringTimeoutSeconds * 1000,
    onChange: (lines) => useSoftphoneStore.setState({ lines }),
    onLeadClosed: (leaseId) => useDialerStore.getState().done(leaseId),
  });
  useSoftphoneStore.setState({ enabled: true, registration: p.registration, lines: [], incoming: [] });
  for (const call of useDialerStore.getState().calls) bridge.dial(call);
  stopWatching = useDialerStore.subscribe((now, before) => {
    const b = bridge;
    if (!b) return;
    for (const c of now.calls) if (!before.calls.some((x) => x.attemptId === c.attemptId)) b.dial(c);
    for (const c of before.calls) {
      if (now.calls.some((x) => x.attemptId === c.attemptId)) continue;
      b.cancelByServer(c.attemptId);
      b.forget(c.attemptId);
    }
  });
  await p.start();
}

export async function stopSoftphone(): Promise<void> {
  stopWatching?.();
  stopWatching = null;
  bridge?.dispose();
  bridge = null;
  const p = phone;
  phone = null;
  useSoftphoneStore.setState({ enabled: false, registration: 'unregistered', lines: [], incoming: [] });
  await p?.stop();
}
