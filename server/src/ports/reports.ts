export interface CampaignKpis {
  campaignId: number;
  campaignName: string;
  teamId: number | null;
  dials: number;
  answered: number;
  abandoned: number;
  shortCalls: number;
  rightParty: number;
  promisesOrAgreements: number;
  agreements: number;
  agreementsCents: number;
  recoveredCents: number;
  talkSeconds: number;
  /** Dials per hour of the day (0–23, Brasília), for the intraday chart. */
  dialsByHour: number[];
  answeredByHour: number[];
  abandonedByHour: number[];
}

/** Narrows a report: one campaign, one team (its campaigns / its agents), one agent (their calls). */
export interface ReportFilter {
  campaignId?: number;
  teamId?: number;
  userId?: number;
}

export interface AgentKpis {
  userId: number;
  name: string;
  teamId: number | null;
  loggedInSeconds: number;
  talkSeconds: number;
  calls: number;
  answered: number;
  rightParty: number;
  promisesOrAgreements: number;
  agreements: number;
  agreementsCents: number;
}

/** A campaign's figures for today (the wallboard), as campaignKpis counts them. */
export type TodayCounts = Omit<CampaignKpis, 'campaignId' | 'campaignName' | 'teamId'>;

export interface ReportStore {
  /** Today's figures per campaign id, from `dayStart` (epoch ms, Brasília midnight); cheap to call every second. */
  todayByCampaign(dayStart: number): Promise<Map<number, TodayCounts>>;
  logAgentState(entry: { userId: number; at: number; state: string; reason: string | null }): Promise<void>;
  campaignKpis(from: number, to: number, filter?: ReportFilter): Promise<CampaignKpis[]>;
  agentKpis(from: number, to: number, filter?: ReportFilter): Promise<AgentKpis[]>;
}
