import { Invitation, Inviter, Registerer, RegistererState, SessionState, UserAgent, Web, type Session } from 'sip.js';
import { initialCallState, isLive, nextCallState, type CallSignal } from './call-state';
import type { AudioDevices, CallInfo, DialOptions, MediaStats, RegistrationState, Softphone, SoftphoneEvent } from './types';

/** The only code that touches sip.js. WebSocket (ws/wss) transport, digest auth, WebRTC audio. */
export interface SipJsSettings {
  wsUrl: string;
  domain: string;
  username: string;
  displayName: string;
  /** Digest password; null when the proxy does not challenge. */
  password: string | null;
  /** STUN/TURN servers; none by default (the proxy's media relay, e.g. rtpengine, faces the browser). */
  iceServers?: RTCIceServer[];
}

const MAX_BACKOFF_MS = 30_000;

interface LiveCall {
  info: CallInfo;
  session: Session;
  /** We sent the BYE / CANCEL / reject: a Terminated state is ours, not the far end's. */
  endedLocally: boolean;
  audio: HTMLAudioElement | null;
}

/** `sip:user@host` or `"Name" <sip:user@host>;tag=…` → user. */
function userOf(uri: { user?: string } | undefined): string {
  return uri?.user ?? '';
}

export class SipJsSoftphone implements Softphone {
  registration: RegistrationState = 'unregistered';
  private ua: UserAgent | null = null;
  private registerer: Registerer | null = null;
  private readonly calls = new Map<string, LiveCall>();
  private readonly listeners = new Set<(e: SoftphoneEvent) => void>();
  private stopped = true;
  private reconnectAttempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private seq = 0;
  private devices: AudioDevices = { inputId: null, outputId: null };

  constructor(private readonly settings: SipJsSettings) {}

  /** Audio only, from the chosen microphone (the default one when none was chosen). */
  private media() {
    const audio: boolean | MediaTrackConstraints = this.devices.inputId ? { deviceId: { exact: this.devices.inputId } } : true;
    return { constraints: { audio, video: false } };
  }

  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    const { wsUrl, domain, username, displayName, password, iceServers = [] } = this.settings;
    const uri = UserAgent.makeURI(`sip:${username}@${domain}`);
    if (!uri) {
      this.setRegistration('failed');
      return;
    }
    this.ua = new UserAgent({
      uri,
      displayName,
      ...(password ? { authorizationUsername: username, authorizationPassword: password } : {}),
      transportOptions: { server: wsUrl },
      userAgentString: 'Quita softphone (sip.js 0.21)',
      // sip.js's own logs go to the debug console; its errors surface as states, not console errors
      logBuiltinEnabled: false,
      logLevel: 'warn',
      logConnector: (level, category, _label, content) => {
        if (level === 'error' || level === 'warn') console.warn(`[sip] ${category}: ${content}`);
      },
      sessionDescriptionHandlerFactoryOptions: { peerConnectionConfiguration: { iceServers }, iceGatheringTimeout: 2000 },
      delegate: {
        onConnect: () => this.onConnect(),
        onDisconnect: () => this.onDisconnect(),
        onInvite: (invitation) => this.onInvite(invitation),
      },
    });
    this.registerer = new Registerer(this.ua, { expires: 300 });
    this.registerer.stateChange.addListener((state) => {
      if (state === RegistererState.Registered) this.setRegistration('registered');
    });
    this.setRegistration('connecting');
    try {
      await this.ua.start();
    } catch {
      this.scheduleReconnect();
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    for (const call of this.calls.values()) this.hangup(call.info.id);
    try {
      if (this.registerer?.state === RegistererState.Registered) await this.registerer.unregister();
    } catch {
      // going away anyway
    }
    await this.ua?.stop().catch(() => undefined);
    this.ua = null;
    this.registerer = null;
    this.setRegistration('unregistered');
  }

  call(target: string, options: DialOptions): string {
    const id = `call-${++this.seq}`;
    const info: CallInfo = { id, direction: 'outbound', remote: target, local: options.callerId, state: initialCallState('outbound'), machine: false };
    const ua = this.ua;
    const { domain } = this.settings;
    const uri = UserAgent.makeURI(target.includes('@') ? target : `sip:${target}@${domain}`);
    const fromUri = `sip:${options.callerId}@${domain}`;
    if (!ua || !uri) {
      this.emit({ type: 'call', call: info });
      this.signal(id, { type: 'failed', sipCode: null, at: Date.now() }, info);
      return id;
    }
    // the caller ID the server chose: in From and, for the carrier, in P-Asserted-Identity
    const inviter = new Inviter(ua, uri, {
      params: { fromUri, fromDisplayName: options.callerId },
      extraHeaders: [`P-Asserted-Identity: <${fromUri}>`],
      sessionDescriptionHandlerOptions: this.media(),
    });
    this.track(info, inviter);
    inviter
      .invite({
        requestDelegate: {
          onProgress: (r) => {
            if ((r.message.statusCode ?? 0) > 100) this.signal(id, { type: 'progress' });
          },
          onAccept: (r) => {
            // a carrier's answering-machine detection verdict, when it sends one
            if (/machine/i.test(r.message.getHeader('X-AMD') ?? '')) this.patch(id, { machine: true });
          },
          onReject: (r) => this.signal(id, { type: 'rejected', sipCode: r.message.statusCode ?? 500, at: Date.now() }),
        },
      })
      .catch(() => this.signal(id, { type: 'failed', sipCode: null, at: Date.now() }));
    return id;
  }

  answer(callId: string): void {
    const call = this.calls.get(callId);
    if (!call || !(call.session instanceof Invitation) || call.info.state.phase !== 'incoming') return;
    call.session.accept({ sessionDescriptionHandlerOptions: this.media() }).catch(() => this.signal(callId, { type: 'failed', sipCode: null, at: Date.now() }));
  }

  hangup(callId: string): void {
    const call = this.calls.get(callId);
    if (!call || !isLive(call.info.state)) return;
    call.endedLocally = true;
    const s = call.session;
    const at = Date.now();
    const done = (p: Promise<unknown>) => p.catch(() => undefined);
    if (s.state === SessionState.Established) {
      void done(s.bye());
      this.signal(callId, { type: 'bye', by: 'local', at });
    } else if (s instanceof Inviter) {
      // CANCEL: the state ends when the 487 arrives (or at once if nothing was sent yet)
      if (s.state === SessionState.Initial || s.state === SessionState.Establishing) void done(s.cancel());
    } else if (s instanceof Invitation) {
      void done(s.reject());
      this.signal(callId, { type: 'cancel', at });
    }
  }

  hold(callId: string, held: boolean): void {
    const call = this.calls.get(callId);
    if (!call || call.info.state.phase !== 'established') return;
    const s = call.session;
    s.sessionDescriptionHandlerOptionsReInvite = { ...(s.sessionDescriptionHandlerOptionsReInvite as object), hold: held } as typeof s.sessionDescriptionHandlerOptionsReInvite;
    void s
      .invite({ requestDelegate: { onAccept: () => this.signal(callId, { type: 'hold', held }) } })
      .catch(() => undefined);
  }

  mute(callId: string, muted: boolean): void {
    const call = this.calls.get(callId);
    const sdh = call?.session.sessionDescriptionHandler;
    if (!call || call.info.state.phase !== 'established' || !(sdh instanceof Web.SessionDescriptionHandler)) return;
    sdh.enableSenderTracks(!muted);
    this.signal(callId, { type: 'mute', muted });
  }

  sendDtmf(callId: string, tones: string): void {
    const call = this.calls.get(callId);
    if (!call || call.info.state.phase !== 'established') return;
    const sdh = call.session.sessionDescriptionHandler;
    // RFC 4733 through the RTP sender, queued after tones still playing; SIP INFO when the media has no telephone-event
    const pc = sdh instanceof Web.SessionDescriptionHandler ? sdh.peerConnection : undefined;
    const dtmf = pc?.getSenders().find((x) => x.track?.kind === 'audio')?.dtmf;
    if (dtmf && dtmf.canInsertDTMF) {
      dtmf.insertDTMF(dtmf.toneBuffer + tones, 100, 70);
      return;
    }
    void (async () => {
      for (const tone of tones) {
        await call.session
          .info({ requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=100` } } })
          .catch(() => undefined);
      }
    })();
  }

  async stats(callId: string): Promise<MediaStats | null> {
    const sdh = this.calls.get(callId)?.session.sessionDescriptionHandler;
    const pc = sdh instanceof Web.SessionDescriptionHandler ? sdh.peerConnection : undefined;
    if (!pc) return null;
    const out: MediaStats = { bytesSent: 0, bytesReceived: 0, packetsSent: 0, packetsReceived: 0, packetsLost: 0, jitterMs: null, roundTripMs: null };
    let pairRtt: number | null = null;
    type Report = { type: string; kind?: string; bytesSent?: number; bytesReceived?: number; packetsSent?: number; packetsReceived?: number; packetsLost?: number; jitter?: number; roundTripTime?: number; currentRoundTripTime?: number; nominated?: boolean; state?: string };
    (await pc.getStats()).forEach((r: Report) => {
      // RTCP's view of the path (the far end's receiver reports), else the ICE pair's STUN round trip
      if (r.type === 'candidate-pair' && r.nominated && r.state === 'succeeded' && r.currentRoundTripTime !== undefined) pairRtt = r.currentRoundTripTime * 1000;
      if (r.kind !== 'audio') return;
      if (r.type === 'inbound-rtp') {
        out.bytesReceived += r.bytesReceived ?? 0;
        out.packetsReceived += r.packetsReceived ?? 0;
        out.packetsLost += Math.max(0, r.packetsLost ?? 0);
        if (r.jitter !== undefined) out.jitterMs = Math.round(r.jitter * 1000);
      } else if (r.type === 'outbound-rtp') {
        out.bytesSent += r.bytesSent ?? 0;
        out.packetsSent += r.packetsSent ?? 0;
      } else if (r.type === 'remote-inbound-rtp' && r.roundTripTime !== undefined) {
        out.roundTripMs = Math.round(r.roundTripTime * 1000);
      }
    });
    if (out.roundTripMs === null && pairRtt !== null) out.roundTripMs = Math.round(pairRtt);
    return out;
  }

  async transfer(callId: string, target: string): Promise<boolean> {
    const call = this.calls.get(callId);
    const uri = this.targetUri(target);
    if (!call || call.info.state.phase !== 'established' || !uri) return false;
    const accepted = await new Promise<boolean>((resolve) => {
      call.session
        .refer(uri, { requestDelegate: { onAccept: () => resolve(true), onReject: () => resolve(false) } })
        .catch(() => resolve(false));
    });
    // blind: once the far end took the REFER it calls the target itself; our leg ends
    if (accepted) this.hangup(callId);
    return accepted;
  }

  async setDevices(devices: AudioDevices): Promise<void> {
    const micChanged = devices.inputId !== this.devices.inputId;
    this.devices = { ...devices };
    for (const call of this.calls.values()) {
      const sdh = call.session.sessionDescriptionHandler;
      if (call.audio) this.routeAudio(call.audio);
      if (!micChanged || call.info.state.phase !== 'established' || !(sdh instanceof Web.SessionDescriptionHandler)) continue;
      try {
        const stream = await navigator.mediaDevices.getUserMedia(this.media().constraints);
        const sender = sdh.peerConnection?.getSenders().find((x) => x.track?.kind === 'audio');
        const old = sender?.track;
        await sender?.replaceTrack(stream.getAudioTracks()[0] ?? null);
        old?.stop();
        // a later re-INVITE (hold) asks for the same microphone, so sip.js keeps this stream
        const s = call.session;
        s.sessionDescriptionHandlerOptionsReInvite = { ...(s.sessionDescriptionHandlerOptionsReInvite as object), ...this.media() } as typeof s.sessionDescriptionHandlerOptionsReInvite;
        if (call.info.state.muted) sdh.enableSenderTracks(false);
      } catch {
        // the microphone is gone or refused: the call keeps the one it had
      }
    }
  }

  /** An E.164 number or extension → sip:<it>@<domain>; a full SIP URI as given. */
  private targetUri(target: string) {
    const t = target.trim();
    if (!/^(sips?:)?[^\s]+$/.test(t)) return undefined;
    return UserAgent.makeURI(t.startsWith('sip:') || t.startsWith('sips:') ? t : `sip:${t}@${this.settings.domain}`);
  }

  subscribe(listener: (e: SoftphoneEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ── registration and transport ──

  private onConnect(): void {
    this.reconnectAttempt = 0;
    if (this.stopped || !this.registerer) return;
    this.setRegistration('registering');
    this.registerer
      .register({
        requestDelegate: {
          // after a reconnection the Registerer may still be in its Registered state: the 200 itself says so
          onAccept: () => this.setRegistration('registered'),
          // sip.js answers the first 401/407 challenge itself: a rejection here means wrong credentials or a refusal
          onReject: () => this.setRegistration('failed'),
        },
      })
      .catch(() => this.setRegistration('failed'));
  }

  /** The WebSocket went away (network, proxy restart): reconnect with backoff; stop() is the only way out. */
  private onDisconnect(): void {
    if (this.stopped) return;
    this.scheduleReconnect();
  }

  /** Backoff 1 s, 2 s, 4 s … 30 s; on connect the REGISTER is sent again. */
  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.setRegistration('reconnecting');
    const delay = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** this.reconnectAttempt);
    this.reconnectAttempt++;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.stopped || !this.ua) return;
      this.ua.reconnect().catch(() => this.scheduleReconnect());
    }, delay);
  }

  // ── calls ──

  private onInvite(invitation: Invitation): void {
    const id = `call-${++this.seq}`;
    const pai = invitation.request.getHeader('P-Asserted-Identity');
    const paiUser = pai ? /sips?:([^@;>]+)/.exec(pai)?.[1] : undefined;
    const info: CallInfo = {
      id,
      direction: 'inbound',
      remote: paiUser ?? userOf(invitation.remoteIdentity.uri),
      local: userOf(invitation.request.to.uri),
      state: initialCallState('inbound'),
      machine: false,
    };
    invitation.delegate = { ...invitation.delegate, onCancel: () => this.signal(id, { type: 'remote_cancel', at: Date.now() }) };
    this.track(info, invitation);
  }

  private track(info: CallInfo, session: Session): void {
    const live: LiveCall = { info, session, endedLocally: false, audio: null };
    this.calls.set(info.id, live);
    // once onBye is set sip.js no longer answers the BYE itself: accept it
    session.delegate = {
      ...session.delegate,
      onBye: (bye) => {
        void bye.accept().catch(() => undefined);
        this.signal(info.id, { type: 'bye', by: 'remote', at: Date.now() });
      },
    };
    // sip.js changes the state before it calls the request delegates (onAccept with the 200's headers,
    // onReject with the final code): decide after them, in the next task
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        const at = Date.now();
        this.playRemote(live);
        setTimeout(() => this.signal(info.id, { type: 'answered', at }), 0);
      } else if (state === SessionState.Terminated) {
        const at = Date.now();
        this.stopRemote(live);
        setTimeout(() => {
          const phase = live.info.state.phase;
          if (phase === 'established') this.signal(info.id, { type: 'bye', by: live.endedLocally ? 'local' : 'remote', at });
          else if (live.endedLocally) this.signal(info.id, { type: 'cancel', at });
          else this.signal(info.id, { type: 'failed', sipCode: null, at });
          this.calls.delete(info.id);
        }, 0);
      }
    });
    this.emit({ type: 'call', call: info });
  }

  private playRemote(call: LiveCall): void {
    const sdh = call.session.sessionDescriptionHandler;
    if (!(sdh instanceof Web.SessionDescriptionHandler) || typeof document === 'undefined') return;
    const audio = document.createElement('audio');
    audio.autoplay = true;
    audio.srcObject = sdh.remoteMediaStream;
    this.routeAudio(audio);
    void audio.play().catch(() => undefined);
    call.audio = audio;
  }

  /** The chosen speaker (Chromium: setSinkId); the default one otherwise. */
  private routeAudio(audio: HTMLAudioElement): void {
    const sinkable = audio as HTMLAudioElement & { setSinkId?: (id: string) => Promise<void> };
    if (sinkable.setSinkId) void sinkable.setSinkId(this.devices.outputId ?? '').catch(() => undefined);
  }

  private stopRemote(call: LiveCall): void {
    if (!call.audio) return;
    call.audio.srcObject = null;
    call.audio = null;
  }

  private patch(callId: string, change: Partial<Pick<CallInfo, 'machine'>>): void {
    const call = this.calls.get(callId);
    if (call) call.info = { ...call.info, ...change };
  }

  private signal(callId: string, signal: CallSignal, orphan?: CallInfo): void {
    const call = this.calls.get(callId);
    const info = call?.info ?? orphan;
    if (!info) return;
    const state = nextCallState(info.state, signal);
    if (state === info.state) return;
    const next = { ...info, state };
    if (call) call.info = next;
    this.emit({ type: 'call', call: next });
  }

  private setRegistration(state: RegistrationState): void {
    if (state === this.registration) return;
    this.registration = state;
    this.emit({ type: 'registration', state });
  }

  private emit(event: SoftphoneEvent): void {
    for (const l of [...this.listeners]) l(event);
  }
}
