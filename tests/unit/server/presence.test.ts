import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AgentPresence, PublicUser } from '../../../shared/api';
import type { UserId } from '../../../shared/ids';
import { PresenceService } from '../../../server/src/services/presence';

const agent: PublicUser = { id: 7 as UserId, username: 'a', displayName: 'Ana', role: 'agent' };

describe('PresenceService', () => {
  let now = 1_000;
  let changes: AgentPresence[];
  let presence: PresenceService;
  beforeEach(() => {
    vi.useFakeTimers();
    changes = [];
    presence = new PresenceService({ clock: { now: () => now }, offlineGraceMs: 30_000, onChange: (p) => changes.push(p) });
  });
  afterEach(() => vi.useRealTimers());

  it('a connecting agent starts paused (start of shift) and changes are announced with their time', () => {
    expect(presence.connected(agent).state).toEqual({ name: 'paused', reason: 'login' });
    now = 5_000;
    expect(presence.dispatch(agent.id, { type: 'goAvailable' })).toMatchObject({ ok: true, data: { state: { name: 'available' }, since: 5_000 } });
    expect(changes.map((c) => c.state.name)).toEqual(['paused', 'available']);
  });
  it('survives a reload: a reconnect within the grace period keeps the state', () => {
    presence.connected(agent);
    presence.dispatch(agent.id, { type: 'goAvailable' });
    presence.disconnected(agent.id);
    vi.advanceTimersByTime(10_000);
    expect(presence.connected(agent).state).toEqual({ name: 'available' });
    vi.advanceTimersByTime(60_000);
    expect(presence.get(agent.id)?.state).toEqual({ name: 'available' });
  });
  it('goes offline when no connection returns within the grace period', () => {
    presence.connected(agent);
    presence.disconnected(agent.id);
    vi.advanceTimersByTime(29_999);
    expect(presence.get(agent.id)?.state.name).toBe('paused');
    vi.advanceTimersByTime(1);
    expect(presence.get(agent.id)?.state.name).toBe('offline');
  });
  it('stays online while another tab is connected', () => {
    presence.connected(agent);
    presence.connected(agent);
    presence.disconnected(agent.id);
    vi.advanceTimersByTime(60_000);
    expect(presence.get(agent.id)?.state.name).toBe('paused');
  });
  it('logout is immediate; an invalid request changes nothing', () => {
    presence.connected(agent);
    expect(presence.dispatch(agent.id, { type: 'answer' }).ok).toBe(false);
    presence.loggedOut(agent.id);
    expect(presence.get(agent.id)?.state.name).toBe('offline');
    expect(presence.dispatch(99 as UserId, { type: 'goAvailable' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
