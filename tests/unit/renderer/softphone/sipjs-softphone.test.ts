import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The sip.js adapter against a stand-in for sip.js (the real one runs in tests/sip against Kamailio):
 * registration states, reconnection backoff, and what an outbound INVITE carries.
 */
const created: { ua: FakeUserAgent[]; inviters: { target: string; options: Record<string, unknown> }[] } = { ua: [], inviters: [] };

interface Delegate { onConnect?(): void; onDisconnect?(e?: Error): void }
class FakeUserAgent {
  delegate: Delegate;
  reconnects: number[] = [];
  reconnectResult: 'fail' | 'ok' = 'fail';
  constructor(readonly options: { delegate: Delegate } & Record<string, unknown>) {
    this.delegate = options.delegate;
    created.ua.push(this);
  }
  static makeURI(s: string) {
    return { s, user: /sip:([^@]+)@/.exec(s)?.[1] };
  }
  async start() {}
  async stop() {}
  reconnect() {
    this.reconnects.push(Date.now());
    if (this.reconnectResult === 'fail') return Promise.reject(new Error('refused'));
    queueMicrotask(() => this.delegate.onConnect?.());
    return Promise.resolve();
  }
}
const registerCalls: { onAccept?(): void; onReject?(): void }[] = [];
class FakeRegisterer {
  state = 'Initial';
  stateChange = { addListener: () => undefined };
  async register(options: { requestDelegate: { onAccept?(): void; onReject?(): void } }) {
    registerCalls.push(options.requestDelegate);
  }
  async unregister() {}
}
class FakeInviter {
  state = 'Initial';
  delegate = {};
  stateChange = { addListener: () => undefined };
  constructor(_ua: unknown, uri: { s: string }, options: Record<string, unknown>) {
    created.inviters.push({ target: uri.s, options });
  }
  invite() {
    return new Promise(() => undefined);
  }
}

vi.mock('sip.js', () => ({
  UserAgent: FakeUserAgent,
  Registerer: FakeRegisterer,
  RegistererState: { Registered: 'Registered' },
  Inviter: FakeInviter,
  Invitation: class {},
  SessionState: { Initial: 'Initial', Establishing: 'Establishing', Established: 'Established', Terminated: 'Terminated' },
  Web: { SessionDescriptionHandler: class {} },
}));

const { SipJsSoftphone } = await import('../../../../renderer/src/softphone/sipjs-softphone');

const settings = { wsUrl: 'wss://sip.exemplo.com.br/ws', domain: 'sip.exemplo.com.br', username: 'agente', displayName: 'Ana Souza', password: 'segredo-longo' };

beforeEach(() => {
  vi.useFakeTimers();
  created.ua.length = 0;
  created.inviters.length = 0;
  registerCalls.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SipJsSoftphone (sip.js adapter)', () => {
  it('registers with digest credentials over the configured WebSocket', async () => {
    const phone = new SipJsSoftphone(settings);
    const states: string[] = [];
    phone.subscribe((e) => e.type === 'registration' && states.push(e.state));
    await phone.start();
    const ua = created.ua[0]!;
    expect(ua.options).toMatchObject({ authorizationUsername: 'agente', authorizationPassword: 'segredo-longo', transportOptions: { server: 'wss://sip.exemplo.com.br/ws' } });
    expect(ua.options.sessionDescriptionHandlerFactoryOptions).toMatchObject({ peerConnectionConfiguration: { iceServers: [] } });
    ua.delegate.onConnect!();
    registerCalls[0]!.onAccept!();
    expect(states).toEqual(['connecting', 'registering', 'registered']);
  });

  it('a refused REGISTER (wrong password) is a failure, not a retry loop', async () => {
    const phone = new SipJsSoftphone(settings);
    await phone.start();
    created.ua[0]!.delegate.onConnect!();
    registerCalls[0]!.onReject!();
    expect(phone.registration).toBe('failed');
  });

  it('a lost WebSocket reconnects with backoff (1 s, 2 s, 4 s …) and registers again', async () => {
    const phone = new SipJsSoftphone(settings);
    await phone.start();
    const ua = created.ua[0]!;
    ua.delegate.onConnect!();
    registerCalls[0]!.onAccept!();
    const t0 = Date.now();
    ua.delegate.onDisconnect!(new Error('closed'));
    expect(phone.registration).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
    expect(ua.reconnects.map((t) => t - t0)).toEqual([1000, 3000, 7000]);
    ua.reconnectResult = 'ok';
    await vi.advanceTimersByTimeAsync(8000);
    expect(ua.reconnects.map((t) => t - t0)).toEqual([1000, 3000, 7000, 15000]);
    expect(phone.registration).toBe('registering');
    expect(registerCalls).toHaveLength(2);
    registerCalls[1]!.onAccept!();
    expect(phone.registration).toBe('registered');
    // and the backoff starts again from 1 s after a good connection
    ua.delegate.onDisconnect!(new Error('closed again'));
    const t1 = Date.now();
    await vi.advanceTimersByTimeAsync(1000);
    expect(ua.reconnects.at(-1)! - t1).toBe(1000);
    await phone.stop();
  });

  it('calls sip:<E.164>@domain presenting the server’s caller ID in From and P-Asserted-Identity', async () => {
    const phone = new SipJsSoftphone(settings);
    await phone.start();
    const id = phone.call('+5531987650000', { callerId: '+553135550101' });
    expect(id).toMatch(/^call-/);
    expect(created.inviters[0]).toMatchObject({
      target: 'sip:+5531987650000@sip.exemplo.com.br',
      options: {
        params: { fromUri: 'sip:+553135550101@sip.exemplo.com.br', fromDisplayName: '+553135550101' },
        extraHeaders: ['P-Asserted-Identity: <sip:+553135550101@sip.exemplo.com.br>'],
      },
    });
  });
});
