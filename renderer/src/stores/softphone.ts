import { create } from 'zustand';
import type { SipSettings } from '../../../shared/api';
import { sendCommand, type RealtimeSocket } from '../realtime/client';
import { callQuality, DialerBridge, SipJsSoftphone, webAudioRingtone, type AudioDevices, type CallPhase, type CallQuality, type LineView, type MediaStats, type RegistrationState, type Ringtone, type Softphone } from '../softphone';
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
  /** Blind transfer (REFER) of a line: true when the far end took it. */
  transfer(attemptId: number, target: string): Promise<boolean>;
  /** The same for an answered inbound call (a debtor who called in, sent to the right desk). */
  transferIncoming(callId: string, target: string): Promise<boolean>;
  /** Microphone and speaker, remembered on this computer. */
  devices: AudioDevices;
  setDevices(devices: AudioDevices): void;
  /** Live calls' quality by softphone call id, sampled every 2 s (see lineCallId). */
  quality: Record<string, CallQuality>;
}

const DEVICES_KEY = 'quita.audioDevices';
function savedDevices(): AudioDevices {
  try {
    const d = JSON.parse(localStorage.getItem(DEVICES_KEY) ?? 'null') as Partial<AudioDevices> | null;
    return { inputId: typeof d?.inputId === 'string' ? d.inputId : null, outputId: typeof d?.outputId === 'string' ? d.outputId : null };
  } catch {
    return { inputId: null, outputId: null };
  }
}
/** How often live calls' media figures are read. */
export const QUALITY_SAMPLE_MS = 2000;

let bridge: DialerBridge | null = null;
let phone: Softphone | null = null;
let stopWatching: (() => void) | null = null;
let ringtone: Ringtone | null = null;
let sampler: ReturnType<typeof setInterval> | null = null;
/** Established calls and their previous sample. */
const established = new Map<string, MediaStats | null>();

/** The softphone call id of a dialer line (for its quality). */
export function lineCallId(attemptId: number): string | null {
  return bridge?.callIdOf(attemptId) ?? null;
}

async function sampleQuality(p: Softphone): Promise<void> {
  const next: Record<string, CallQuality> = {};
  for (const [id, previous] of established) {
    const current = await p.stats(id);
    if (!current || !established.has(id)) continue;
    established.set(id, current);
    next[id] = callQuality(previous, current);
  }
  if (phone === p) useSoftphoneStore.setState({ quality: next });
}

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
  transfer: (attemptId, target) => bridge?.transfer(attemptId, target) ?? Promise.resolve(false),
  transferIncoming: (callId, target) => phone?.transfer(callId, target) ?? Promise.resolve(false),
  devices: typeof localStorage === 'undefined' ? { inputId: null, outputId: null } : savedDevices(),
  setDevices: (devices) => {
    localStorage.setItem(DEVICES_KEY, JSON.stringify(devices));
    useSoftphoneStore.setState({ devices });
    ringtone?.setOutput(devices.outputId);
    void phone?.setDevices(devices);
  },
  quality: {},
}));

/** Starts the softphone for this session; `create` is the sip.js adapter unless a test passes a fake. */
export async function startSoftphone(
  settings: SipSettings, socket: RealtimeSocket, create: (s: SipSettings) => Softphone = (s) => new SipJsSoftphone(s), ring: Ringtone = webAudioRingtone(),
): Promise<void> {
  await stopSoftphone();
  const p = create(settings);
  phone = p;
  ringtone = ring;
  const { devices } = useSoftphoneStore.getState();
  ring.setOutput(devices.outputId);
  await p.setDevices(devices);
  p.subscribe((e) => {
    if (e.type === 'registration') useSoftphoneStore.setState({ registration: e.state });
    if (e.type !== 'call') return;
    const { id, remote, local, state } = e.call;
    if (state.phase === 'established' && !established.has(id)) established.set(id, null);
    if (state.phase === 'ended') established.delete(id);
    if (e.call.direction === 'inbound') {
      useSoftphoneStore.setState((s) => ({
        incoming: state.phase === 'ended'
          ? s.incoming.filter((c) => c.callId !== id)
          : [...s.incoming.filter((c) => c.callId !== id), { callId: id, from: remote, to: local, phase: state.phase }],
      }));
      // the console rings while a call waits to be answered, and stops on answer or reject
      if (useSoftphoneStore.getState().incoming.some((c) => c.phase === 'incoming')) ring.start();
      else ring.stop();
    }
  });
  sampler = setInterval(() => void sampleQuality(p), QUALITY_SAMPLE_MS);
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

/** The socket is (re)connected: line ends reported while it was down are sent again. */
export function softphoneReconnected(): void {
  bridge?.reconnected();
}

export async function stopSoftphone(): Promise<void> {
  stopWatching?.();
  stopWatching = null;
  if (sampler) clearInterval(sampler);
  sampler = null;
  established.clear();
  ringtone?.stop();
  ringtone = null;
  bridge?.dispose();
  bridge = null;
  const p = phone;
  phone = null;
  useSoftphoneStore.setState({ enabled: false, registration: 'unregistered', lines: [], incoming: [], quality: {} });
  await p?.stop();
}
