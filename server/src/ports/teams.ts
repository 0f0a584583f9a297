import type { Result } from '../../../shared/result';
import type { ReassignmentView, ReassignRequest, Team } from '../../../shared/teams';

/** Teams, who works which campaign, and portfolio reassignment (with its history). */
export interface TeamStore {
  list(): Promise<Team[]>;
  /** Name taken → 'conflict'. */
  create(name: string, at: number): Promise<Result<Team>>;
  update(id: number, patch: { name?: string; active?: boolean }): Promise<Result<Team>>;
  /** Puts a user in a team (null: none). Unknown user or team, or an inactive team → an error naming it. */
  setUserTeam(userId: number, teamId: number | null): Promise<Result<null>>;
  /** Which team each user is in (users without a team are left out). */
  teamsOfUsers(): Promise<Map<number, number>>;
  /**
   * Moves an agent to a campaign, out of `from` (or out of every other campaign), in one transaction.
   * Returns the campaigns whose team changed.
   */
  moveAgent(userId: number, toCampaignId: number, fromCampaignId?: number): Promise<Result<{ left: number[]; joined: number }>>;
  /**
   * Splits a campaign's debtors still to be worked (none held by a live lease) between the targets, in one
   * transaction: assignments (the previous one ends), campaign membership, a timeline event per debtor, and
   * the reassignment's record. Deterministic: the same request on the same debtors gives the same split.
   */
  /**
   * `held`: debtors the dialer has leased right now (in its memory): they stay, like those with
   * an open lease in the database (the dialer writes a new lease a few milliseconds after giving it out).
   */
  reassign(campaignId: number, request: ReassignRequest, userId: number, at: number, held: ReadonlySet<number>): Promise<Result<ReassignmentView>>;
  reassignments(campaignId: number): Promise<ReassignmentView[]>;
  /** The open assignment of each debtor of a reassignment, and its history (tests, the debtor's record). */
  assignmentsOf(debtorId: number): Promise<{ teamId: number | null; agency: string | null; campaignId: number | null; fromAt: number; toAt: number | null; reassignmentId: number }[]>;
}
