import { z } from 'zod';

/** Teams (Administração → Equipes): agents belong to one, a campaign is served by one. */
export interface Team {
  id: number;
  name: string;
  active: boolean;
  /** Users in the team. */
  memberIds: number[];
  /** Campaigns the team serves. */
  campaignIds: number[];
}

export const teamNameSchema = z.string().trim().min(2, 'name: at least 2 characters').max(80, 'name: at most 80 characters');
export const teamCreateSchema = z.object({ name: teamNameSchema });
export const teamPatchSchema = z
  .object({ name: teamNameSchema.optional(), active: z.boolean().optional() })
  .refine((p) => p.name !== undefined || p.active !== undefined, { message: 'give name or active' });
export const userTeamSchema = z.object({ teamId: z.number().int().positive().nullable() });

/** A supervisor moves an agent to another campaign (from one, or from every campaign they work). */
export const moveAgentSchema = z.object({
  toCampaignId: z.number().int().positive(),
  /** Leave only this campaign; absent: leave every other campaign. */
  fromCampaignId: z.number().int().positive().optional(),
});

/**
 * Portfolio reassignment: a campaign's open debtors split between teams (each working them in one of its
 * campaigns) and outside agencies (out of our dialing), by share or by rule. Kept as history.
 */
const targetSchema = z.union([
  z.object({ kind: z.literal('team'), teamId: z.number().int().positive(), campaignId: z.number().int().positive() }),
  z.object({ kind: z.literal('agency'), agency: z.string().trim().min(2, 'agency: at least 2 characters').max(80) }),
]);
export type ReassignTarget = z.infer<typeof targetSchema>;

const ruleSchema = z
  .object({
    /** Open balance (sum of open contracts), centavos, both ends included. */
    minBalanceCents: z.number().int().min(0).optional(),
    maxBalanceCents: z.number().int().min(0).optional(),
    /** Days past due of the oldest open contract. */
    minDpd: z.number().int().min(0).optional(),
    maxDpd: z.number().int().min(0).optional(),
    ufs: z.array(z.string().regex(/^[A-Z]{2}$/, 'ufs: two capital letters each')).min(1).optional(),
  })
  .refine((r) => r.minBalanceCents === undefined || r.maxBalanceCents === undefined || r.minBalanceCents <= r.maxBalanceCents, { message: 'minBalanceCents must not exceed maxBalanceCents' })
  .refine((r) => r.minDpd === undefined || r.maxDpd === undefined || r.minDpd <= r.maxDpd, { message: 'minDpd must not exceed maxDpd' });
export type ReassignRule = z.infer<typeof ruleSchema>;

export const reassignSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('share'),
    targets: z.array(z.object({ target: targetSchema, percent: z.number().int().min(1).max(100) })).min(1).max(20)
      .refine((t) => t.reduce((s, x) => s + x.percent, 0) === 100, { message: 'targets: the percents must add up to 100' }),
  }),
  z.object({
    method: z.literal('rule'),
    /** Each debtor goes to the first rule it matches; debtors matching none stay. */
    targets: z.array(z.object({ target: targetSchema, rule: ruleSchema })).min(1).max(20),
  }),
]);
export type ReassignRequest = z.infer<typeof reassignSchema>;

export interface ReassignmentView {
  id: number;
  campaignId: number;
  method: 'share' | 'rule';
  at: number;
  userName: string | null;
  /** Debtors per target, in the request's order; `stayed`: matched no rule or held by a live lease. */
  moved: { target: ReassignTarget; label: string; debtors: number }[];
  stayed: number;
}
