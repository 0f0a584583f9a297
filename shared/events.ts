import type { AgentPresence } from './api';
import type { ImportFinished, ImportProgress } from './mailing';
import type { Result } from './result';

/**
 * socket.io event maps, named domain:verb. Commands (client → server) always ack with a Result;
 * pushes (server → client) carry plain data. The server validates every payload with shared/schemas.
 */
export interface ClientToServerEvents {
  'agent:setState': (payload: unknown, ack: (result: Result<AgentPresence>) => void) => void;
  'wallboard:subscribe': (payload: unknown, ack: (result: Result<AgentPresence[]>) => void) => void;
}

export interface ServerToClientEvents {
  /** An agent's state changed: sent to that agent and to every wallboard. */
  'agent:state': (presence: AgentPresence) => void;
  /** The session ended on the server (logout, expiry): the client must log in again. */
  'session:ended': (reason: { code: 'logged_out' | 'expired' }) => void;
  /** A mailing import advanced (to administrators, at most every 200 ms). */
  'import:progress': (progress: ImportProgress) => void;
  /** A mailing import ended: committed whole, or failed with nothing written. */
  'import:finished': (result: ImportFinished) => void;
}
