import { describe, expect, it } from 'vitest';
import { transitionAgent, type AgentState } from '../../../shared/agent-state';

const paused: AgentState = { name: 'paused', reason: 'lunch' };

describe('agent state machine', () => {
  it('connecting puts an offline agent in the start-of-shift pause', () => {
    expect(transitionAgent({ name: 'offline' }, { type: 'connect' })).toEqual({ ok: true, data: { name: 'paused', reason: 'login' } });
  });
  it('reconnecting keeps the current state', () => {
    expect(transitionAgent({ name: 'on_call' }, { type: 'connect' })).toEqual({ ok: true, data: { name: 'on_call' } });
  });
  it('walks a whole call', () => {
    let s: AgentState = paused;
    for (const type of ['goAvailable', 'dial', 'answer', 'hangup', 'goAvailable'] as const) {
      const r = transitionAgent(s, { type });
      expect(r.ok).toBe(true);
      if (r.ok) s = r.data;
    }
    expect(s).toEqual({ name: 'available' });
  });
  it('refuses to pause in the middle of a call', () => {
    const r = transitionAgent({ name: 'on_call' }, { type: 'pause', reason: 'lunch' });
    expect(r).toEqual({ ok: false, error: { code: 'invalid_transition', message: 'Cannot pause while on_call' } });
  });
  it('refuses to dial while paused and to answer while paused or in wrap-up', () => {
    expect(transitionAgent(paused, { type: 'dial' }).ok).toBe(false);
    expect(transitionAgent(paused, { type: 'answer' }).ok).toBe(false);
    expect(transitionAgent({ name: 'wrap_up' }, { type: 'answer' }).ok).toBe(false);
  });
  it('a predictive line answered while available connects; an unanswered call returns to available', () => {
    expect(transitionAgent({ name: 'available' }, { type: 'answer' })).toEqual({ ok: true, data: { name: 'on_call' } });
    expect(transitionAgent({ name: 'dialing' }, { type: 'unanswered' })).toEqual({ ok: true, data: { name: 'available' } });
    expect(transitionAgent({ name: 'on_call' }, { type: 'unanswered' }).ok).toBe(false);
  });
  it('disconnect always ends offline', () => {
    expect(transitionAgent({ name: 'wrap_up' }, { type: 'disconnect' })).toEqual({ ok: true, data: { name: 'offline' } });
  });
});
