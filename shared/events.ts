import type { AgentPresence } from './api';
import type { AnswerVerdict, CancelNotice, DialCommand, Lead, PaidNotice, RevokedNotice } from './dialer';
import type { ImportFinished, ImportProgress } from './mailing';
import type { ApprovalView } from './negotiation';
import type { Result } from './result';
import type { WallboardLive } from './wallboard';

/**
 * socket.io event maps, named domain:verb. Commands (client → server) always ack with a Result;
 * pushes (server → client) carry plain data. The server validates every payload with shared/schemas.
 */
export interface ClientToServerEvents {
  'agent:setState': (payload: unknown, ack: (result: Result<AgentPresence>) => void) => void;
  'wallboard:subscribe': (payload: unknown, ack: (result: Result<AgentPresence[]>) => void) => void;
  /** Preview: dial the leased lead now. */
  'dialer:dial': (payload: unknown, ack: (result: Result<DialCommand>) => void) => void;
  /** The softphone's news: answered (the ack says connect or drop) or ended before anyone spoke. */
  'dialer:callEvent': (payload: unknown, ack: (result: Result<AnswerVerdict | null>) => void) => void;
  /** The agent's disposition of a lead: ends the lease. */
  'dialer:dispose': (payload: unknown, ack: (result: Result<null>) => void) => void;
}

export interface ServerToClientEvents {
  /** Campaign figures, each agent's current work, the caller-ID pool: to every wallboard, every second. */
  'wallboard:live': (live: WallboardLive) => void;
  /** An agent's state changed: sent to that agent and to every wallboard. */
  'agent:state': (presence: AgentPresence) => void;
  /** The session ended on the server (logout, expiry): the client must log in again. */
  'session:ended': (reason: { code: 'logged_out' | 'expired' }) => void;
  /** A mailing import advanced (to administrators, at most every 200 ms). */
  'import:progress': (progress: ImportProgress) => void;
  /** A mailing import ended: committed whole, or failed with nothing written. */
  'import:finished': (result: ImportFinished) => void;
  /** A lead leased to this agent: the screen pop can load ahead of the call. */
  'dialer:lead': (lead: Lead) => void;
  /** Ring this number now (progressive, predictive, a preview countdown). */
  'dialer:dial': (command: DialCommand) => void;
  /** Stop ringing this line (another line answered, the pacer trimmed, the debtor paid). */
  'dialer:cancel': (cancel: CancelNotice) => void;
  /** This lead is no longer the agent's (the lease expired, the debtor left the campaign, the contact policy denied the call). */
  'dialer:revoked': (revoked: RevokedNotice) => void;
  /** The debtor on this agent's live call just paid ("pagamento recebido"). */
  'dialer:paid': (paid: PaidNotice) => void;
  /** An agent asks for an offer above their authority (to supervisors' screens). */
  'negotiation:requested': (approval: ApprovalView) => void;
  /** A supervisor approved, countered or denied (to the agent who asked). */
  'negotiation:decided': (approval: ApprovalView) => void;
}
