import type { AgentState } from './agent-state';
import type { CampaignId, DebtorId, UserId } from './ids';
import type { Role } from './roles';

/** REST response bodies (requests are in schemas.ts). */

export interface PublicUser {
  id: UserId;
  username: string;
  displayName: string;
  role: Role;
}

/** What an agent's softphone needs to register (GET /api/me/sip); null when no SIP proxy is configured. */
export interface SipSettings {
  /** ws:// or wss:// URL of the SIP proxy's WebSocket. */
  wsUrl: string;
  domain: string;
  /** The SIP user (the agent's login) and the digest credentials; password null when the proxy does not ask. */
  username: string;
  displayName: string;
  password: string | null;
  /** The softphone gives up ringing after this long (CANCEL → no answer). */
  ringTimeoutSeconds: number;
}

/** GET /api/inbound/identify: who may be calling a pool number (masked, best match first). */
export interface InboundIdentification {
  from: string;
  debtors: { debtorId: number; name: string; document: string; phoneStatus: string; openCents: number }[];
}

/** A user as the admin console lists them. */
export interface AdminUser extends PublicUser {
  active: boolean;
  teamId: number | null;
}

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: PublicUser;
}

export interface HealthResponse {
  name: 'quita';
  version: string;
  uptimeSeconds: number;
  /** The server's clock (epoch ms): consoles time their "time in state" by it, not by the PC's clock. */
  time: number;
  database: { state: 'ok' | 'error'; schemaVersion: number; journalMode: string; message?: string };
}

export interface CampaignSummary {
  id: CampaignId;
  name: string;
  portfolioName: string;
  creditorName: string;
  mode: 'preview' | 'progressive' | 'predictive';
  status: 'active' | 'paused';
  debtorCount: number;
  /** The team that serves it (null: none). */
  teamId: number | null;
}

export interface DebtorListItem {
  id: DebtorId;
  name: string;
  /** Masked (LGPD): "***.456.789-**". */
  document: string;
  uf: string | null;
  phoneCount: number;
  /** Sum of open contracts' original amounts, centavos. */
  openAmount: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface AgentPresence {
  userId: UserId;
  displayName: string;
  state: AgentState;
  /** Epoch ms when the current state began. */
  since: number;
}

/** A line of an uploaded file (caller IDs, payoffs) that was refused, as the server names it. */
export interface LineError {
  line: number;
  column: string;
  value: string;
  reason: string;
}
