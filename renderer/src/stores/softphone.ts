import { create } from 'zustand';
import type { SipSettings } from '../../../shared/api';
import { sendCommand, type RealtimeSocket } from '../realtime/client';
import { DialerBridge, SipJsSoftphone, type LineView, type RegistrationState, type Softphone } from '../softphone';
import { useDialerStore } from './dialer';

/**
 * The agent's softphone as the console sees it: whether there is one, its registration, and one view per
 * line the dialer asked it to ring. Dial commands come from the dialer store; the server's cancels (and
 * leads that went away) stop their lines.
 */
interface SoftphoneState {
  enabled: boolean;
  registration: RegistrationState;
  lines: LineView[];
  hangup(attemptId: number): void;
  hold(attemptId: number, held: boolean): void;
  mute(attemptId: number, muted: boolean): void;
}

let bridge: DialerBridge | null = null;
let phone: Softphone | null = null;
let stopWatching: (() => void) | null = null;

export const useSoftphoneStore = create<SoftphoneState>(() => ({
  enabled: false,
  registration: 'unregistered',
  lines: [],
  hangup: (attemptId) => bridge?.hangup(attemptId),
  hold: (attemptId, held) => bridge?.hold(attemptId, held),
  mute: (attemptId, muted) => bridge?.mute(attemptId, muted),
}));

/** Starts the softphone for this session; `create` is the sip.js adapter unless a test passes a fake. */
export async function startSoftphone(settings: SipSettings, socket: RealtimeSocket, create: (s: SipSettings) => Softphone = (s) => new SipJsSoftphone(s)): Promise<void> {
  await stopSoftphone();
  const p = create(settings);
  phone = p;
  p.subscribe((e) => {
    if (e.type === 'registration') useSoftphoneStore.setState({ registration: e.state });
  });
  bridge = new DialerBridge(p, { callEvent: (event) => sendCommand(socket, 'dialer:callEvent', event) }, {
    ringTimeoutMs: settings.ringTimeoutSeconds * 1000,
    onChange: (lines) => useSoftphoneStore.setState({ lines }),
    onLeadClosed: (leaseId) => useDialerStore.getState().done(leaseId),
  });
  useSoftphoneStore.setState({ enabled: true, registration: p.registration, lines: [] });
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
  useSoftphoneStore.setState({ enabled: false, registration: 'unregistered', lines: [] });
  await p?.stop();
}
