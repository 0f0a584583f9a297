import { initialCallState, nextCallState, type CallSignal } from './call-state';
import type { AudioDevices, CallInfo, DialOptions, MediaStats, RegistrationState, Softphone, SoftphoneEvent } from './types';

/**
 * A scriptable softphone for unit tests: it records what the console asked (calls, hang-ups, DTMF) and
 * lets the test play the network's part (ringing, answer, busy, remote hang-up, an incoming call).
 * It runs the same state machine as the real adapter.
 */
export class FakeSoftphone implements Softphone {
  registration: RegistrationState = 'unregistered';
  readonly calls = new Map<string, CallInfo>();
  readonly dialed: { id: string; target: string; callerId: string }[] = [];
  readonly dtmf: { id: string; tones: string }[] = [];
  readonly transfers: { id: string; target: string }[] = [];
  /** What the far end answers to a REFER (true: 202 Accepted). */
  acceptTransfers = true;
  devices: AudioDevices = { inputId: null, outputId: null };
  /** The media figures the test plays (loss, jitter, round trip) for established calls. */
  media: MediaStats = { bytesSent: 1, bytesReceived: 1, packetsSent: 1, packetsReceived: 1, packetsLost: 0, jitterMs: 5, roundTripMs: 40 };
  private readonly listeners = new Set<(e: SoftphoneEvent) => void>();
  private seq = 0;

  constructor(private readonly now: () => number = () => Date.now()) {}

  async start(): Promise<void> {
    this.setRegistration('registered');
  }
  async stop(): Promise<void> {
    for (const c of this.calls.values()) this.hangup(c.id);
    this.setRegistration('unregistered');
  }
  call(target: string, options: DialOptions): string {
    const id = `fake-${++this.seq}`;
    this.dialed.push({ id, target, callerId: options.callerId });
    this.update({ id, direction: 'outbound', remote: target, local: options.callerId, state: initialCallState('outbound'), machine: false });
    return id;
  }
  answer(callId: string): void {
    this.signal(callId, { type: 'answered', at: this.now() });
  }
  hangup(callId: string): void {
    const call = this.calls.get(callId);
    if (!call) return;
    const at = this.now();
    if (call.state.phase === 'established') this.signal(callId, { type: 'bye', by: 'local', at });
    else this.signal(callId, { type: 'cancel', at });
  }
  hold(callId: string, held: boolean): void {
    this.signal(callId, { type: 'hold', held });
  }
  mute(callId: string, muted: boolean): void {
    this.signal(callId, { type: 'mute', muted });
  }
  sendDtmf(callId: string, tones: string): void {
    this.dtmf.push({ id: callId, tones });
  }
  async stats(callId: string): Promise<MediaStats | null> {
    return this.calls.get(callId)?.state.phase === 'established' ? { ...this.media } : null;
  }
  async transfer(callId: string, target: string): Promise<boolean> {
    if (this.calls.get(callId)?.state.phase !== 'established') return false;
    this.transfers.push({ id: callId, target });
    if (this.acceptTransfers) this.hangup(callId);
    return this.acceptTransfers;
  }
  async setDevices(devices: AudioDevices): Promise<void> {
    this.devices = { ...devices };
  }
  subscribe(listener: (e: SoftphoneEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ── the network's part ──
  setRegistration(state: RegistrationState): void {
    if (state === this.registration) return;
    this.registration = state;
    this.emit({ type: 'registration', state });
  }
  remoteRinging(callId: string): void {
    this.signal(callId, { type: 'progress' });
  }
  remoteAnswer(callId: string, options: { machine?: boolean } = {}): void {
    const call = this.calls.get(callId);
    if (call && options.machine) this.calls.set(callId, { ...call, machine: true });
    this.signal(callId, { type: 'answered', at: this.now() });
  }
  remoteReject(callId: string, sipCode: number): void {
    this.signal(callId, { type: 'rejected', sipCode, at: this.now() });
  }
  remoteHangup(callId: string): void {
    this.signal(callId, { type: 'bye', by: 'remote', at: this.now() });
  }
  incoming(from: string, to: string): string {
    const id = `fake-${++this.seq}`;
    this.update({ id, direction: 'inbound', remote: from, local: to, state: initialCallState('inbound'), machine: false });
    return id;
  }

  private signal(callId: string, signal: CallSignal): void {
    const call = this.calls.get(callId);
    if (!call) return;
    const state = nextCallState(call.state, signal);
    if (state !== call.state) this.update({ ...call, state });
  }
  private update(call: CallInfo): void {
    this.calls.set(call.id, call);
    this.emit({ type: 'call', call });
  }
  private emit(event: SoftphoneEvent): void {
    for (const l of [...this.listeners]) l(event);
  }
}
