import type { DialMode } from './dialer';

/** Counts over a period that the wallboard turns into rates (the denominators stay visible). */
export interface CampaignCounts {
  dials: number;
  answered: number;
  abandoned: number;
  shortCalls: number;
}

/** One campaign on the wallboard: pushed every second over socket.io ('wallboard:live'). */
export interface WallboardCampaign {
  id: number;
  name: string;
  mode: DialMode;
  status: 'active' | 'paused';
  teamId: number | null;
  today: CampaignCounts & { rightParty: number; promisesOrAgreements: number; agreements: number; agreementsCents: number; recoveredCents: number; talkSeconds: number };
  /** The last 30 Brasília days, today included. */
  last30: CampaignCounts;
  /** Settings in force: abandon target, short-call cap (ratio), the cap on lines per agent. */
  targets: { abandon: number; shortCallRatio: number; maxLinesPerAgent: number };
  /** Lines ringing or connected ÷ agents working the campaign now (not paused, not offline); null: nobody working. */
  linesPerAgent: number | null;
  /** Agents on a call ÷ agents of the campaign logged in (not offline), now; null: nobody logged in. */
  occupancy: number | null;
  leadsLeft: number;
  leadsReady: number;
  denialsToday: Record<string, number>;
  /**
   * Today per hour (0–23, Brasília). Occupancy: agent-seconds on a call ÷ agent-seconds logged in, sampled every
   * second by the server since it started today (null: nobody logged in that hour).
   */
  byHour: { dials: number[]; answered: number[]; abandoned: number[]; occupancy: (number | null)[] };
}

/** What an agent is working on right now (masked CPF/CNPJ). */
export interface WallboardAgentWork {
  userId: number;
  teamId: number | null;
  campaignIds: number[];
  lead: { campaignId: number; campaignName: string; debtorName: string; document: string; dialedAt: number | null; answeredAt: number | null } | null;
}

export interface CallerIdHealth {
  total: number;
  active: number;
  resting: number;
  atCap: number;
  inactive: number;
  callsToday: number;
}

export interface WallboardLive {
  /** Server time of the snapshot (epoch ms). */
  at: number;
  campaigns: WallboardCampaign[];
  agents: WallboardAgentWork[];
  callerIds: CallerIdHealth;
}
