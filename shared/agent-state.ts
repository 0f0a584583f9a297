import { assertNever, err, ok, type Result } from './result';

/**
 * Agent state machine. The server holds the truth; the console only asks for changes.
 *
 *   offline ──connect──▶ paused(login)
 *   paused ──goAvailable──▶ available ──pause──▶ paused
 *   available ──dial──▶ dialing ──answer──▶ on_call ──hangup──▶ wrap_up
 *   dialing ──unanswered──▶ available    (busy, no answer: recorded from SIP, no wrap-up)
 *   dialing ──hangup──▶ wrap_up          (the agent hung up before an answer: still needs a disposition)
 *   available ──answer──▶ on_call        (predictive: one of the agent's lines reached a person)
 *   wrap_up ──goAvailable──▶ available   wrap_up ──pause──▶ paused
 *   any ──disconnect──▶ offline
 */
export const AGENT_STATES = ['offline', 'available', 'paused', 'dialing', 'on_call', 'wrap_up'] as const;
export type AgentStateName = (typeof AGENT_STATES)[number];

export const PAUSE_REASONS = ['login', 'lunch', 'break', 'bathroom', 'training', 'feedback', 'supervisor'] as const;
export type PauseReason = (typeof PAUSE_REASONS)[number];

export type AgentState =
  | { name: 'offline' }
  | { name: 'available' }
  | { name: 'paused'; reason: PauseReason }
  | { name: 'dialing' }
  | { name: 'on_call' }
  | { name: 'wrap_up' };

export type AgentEvent =
  | { type: 'connect' }
  | { type: 'disconnect' }
  | { type: 'goAvailable' }
  | { type: 'pause'; reason: PauseReason }
  | { type: 'dial' }
  | { type: 'answer' }
  | { type: 'unanswered' }
  | { type: 'hangup' };

function invalid(from: AgentState, event: AgentEvent): Result<AgentState> {
  return err('invalid_transition', `Cannot ${event.type} while ${from.name}`);
}

export function transitionAgent(from: AgentState, event: AgentEvent): Result<AgentState> {
  switch (event.type) {
    case 'disconnect':
      return ok({ name: 'offline' });
    case 'connect':
      return from.name === 'offline' ? ok({ name: 'paused', reason: 'login' }) : ok(from);
    case 'goAvailable':
      return from.name === 'paused' || from.name === 'wrap_up' || from.name === 'available'
        ? ok({ name: 'available' })
        : invalid(from, event);
    case 'pause':
      return from.name === 'available' || from.name === 'wrap_up' || from.name === 'paused'
        ? ok({ name: 'paused', reason: event.reason })
        : invalid(from, event);
    case 'dial':
      return from.name === 'available' ? ok({ name: 'dialing' }) : invalid(from, event);
    case 'answer':
      return from.name === 'dialing' || from.name === 'available' ? ok({ name: 'on_call' }) : invalid(from, event);
    case 'unanswered':
      return from.name === 'dialing' ? ok({ name: 'available' }) : invalid(from, event);
    case 'hangup':
      return from.name === 'dialing' || from.name === 'on_call' ? ok({ name: 'wrap_up' }) : invalid(from, event);
    default:
      return assertNever(event);
  }
}
