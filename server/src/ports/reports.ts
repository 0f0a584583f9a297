export interface CampaignKpis {
  campaignId: number;
  campaignName: string;
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
}

export interface AgentKpis {
  userId: number;
  name: string;
  loggedInSeconds: number;
  talkSeconds: number;
  calls: number;
  answered: number;
  rightParty: number;
  promisesOrAgreements: number;
  agreements: number;
  agreementsCents: number;
}

export interface ReportStore {
  logAgentState(entry: { userId: number; at: number; state: string; reason: string | null }): Promise<void>;
  campaignKpis(from: number, to: number): Promise<CampaignKpis[]>;
  agentKpis(from: number, to: number): Promise<AgentKpis[]>;
}
