import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentPresence } from '../../shared/api';
import { api, connectSocket, emitWithAck, loginAs, nextEvent, startTestServer, type TestServer, type TestSocket } from '../support/test-server';

let server: TestServer;
const open: TestSocket[] = [];
const track = (s: TestSocket) => (open.push(s), s);

beforeAll(async () => {
  server = await startTestServer({ QUITA_AGENT_OFFLINE_GRACE_SECONDS: '0' });
});
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});
afterAll(async () => {
  await server.close();
});

describe('socket.io on a real server', () => {
  it('refuses a handshake without a valid token', async () => {
    await expect(connectSocket(server.url, undefined)).rejects.toThrow(/Missing session token/);
    await expect(connectSocket(server.url, 'forged')).rejects.toThrow(/Session expired or invalid/);
  });

  it("pushes an agent's state changes to the agent and to every supervisor watching", async () => {
    const agent = await loginAs(server, 'agent');
    const supervisor = await loginAs(server, 'supervisor');
    const watcher = track(await connectSocket(server.url, supervisor.token));
    const snapshot = await emitWithAck<AgentPresence[]>(watcher, 'wallboard:subscribe', {});
    expect(snapshot.ok).toBe(true);

    const connectedSeen = nextEvent(watcher, 'agent:state', (p) => p.userId === agent.user.id && p.state.name === 'paused');
    const agentSocket = track(await connectSocket(server.url, agent.token));
    const [initial] = await connectedSeen;
    expect(initial.state).toEqual({ name: 'paused', reason: 'login' });

    const availableSeen = nextEvent(watcher, 'agent:state', (p) => p.userId === agent.user.id && p.state.name === 'available');
    const ownPush = nextEvent(agentSocket, 'agent:state', (p) => p.state.name === 'available');
    const ack = await emitWithAck<AgentPresence>(agentSocket, 'agent:setState', { state: 'available' });
    expect(ack).toMatchObject({ ok: true, data: { userId: agent.user.id, state: { name: 'available' } } });
    await Promise.all([availableSeen, ownPush]);

    const pause = await emitWithAck<AgentPresence>(agentSocket, 'agent:setState', { state: 'paused', reason: 'lunch' });
    expect(pause).toMatchObject({ ok: true, data: { state: { name: 'paused', reason: 'lunch' } } });
  });

  it('answers a malformed payload with bad_request naming the field, and survives it', async () => {
    const agent = await loginAs(server, 'agent');
    const s = track(await connectSocket(server.url, agent.token));
    const noReason = await emitWithAck(s, 'agent:setState', { state: 'paused' });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('reason') } });
    const garbage = await emitWithAck(s, 'agent:setState', 'lol');
    expect(garbage).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const badReason = await emitWithAck(s, 'agent:setState', { state: 'paused', reason: 'nap' });
    expect(badReason).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // a command without an ack callback must not crash the server
    (s as unknown as { emit(e: string, p: unknown): void }).emit('agent:setState', { state: 'available' });
    expect(await emitWithAck(s, 'agent:setState', { state: 'available' })).toMatchObject({ ok: true });
  });

  it('checks the role of every command', async () => {
    const agent = await loginAs(server, 'agent');
    const supervisor = await loginAs(server, 'supervisor');
    const a = track(await connectSocket(server.url, agent.token));
    expect(await emitWithAck(a, 'wallboard:subscribe', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const s = track(await connectSocket(server.url, supervisor.token));
    expect(await emitWithAck(s, 'agent:setState', { state: 'available' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('logout ends the socket session and the agent goes offline on the wallboard', async () => {
    const agent = await loginAs(server, 'agent');
    const supervisor = await loginAs(server, 'supervisor');
    const watcher = track(await connectSocket(server.url, supervisor.token));
    await emitWithAck(watcher, 'wallboard:subscribe', {});
    const a = track(await connectSocket(server.url, agent.token));
    const ended = nextEvent(a, 'session:ended');
    const offline = nextEvent(watcher, 'agent:state', (p) => p.userId === agent.user.id && p.state.name === 'offline');
    await api(server.url, 'POST', '/api/auth/logout', { token: agent.token });
    expect((await ended)[0]).toEqual({ code: 'logged_out' });
    await offline;
    await expect(connectSocket(server.url, agent.token)).rejects.toThrow(/Session expired/);
  });
});
