import type { CampaignSummary } from '../../../../shared/api';
import type { CampaignId } from '../../../../shared/ids';
import type { CampaignRepository } from '../../ports/repositories';
import type { Db } from './database';

export function sqliteCampaigns(db: Db): CampaignRepository {
  return {
    async listSummaries() {
      const rows = db
        .prepare(
          `SELECT c.id, c.name, c.team_id, c.mode, c.status, p.name AS portfolio_name, cr.name AS creditor_name,
                  (SELECT COUNT(*) FROM campaign_members m WHERE m.campaign_id = c.id) AS debtor_count
             FROM campaigns c
             JOIN portfolios p ON p.id = c.portfolio_id
             JOIN creditors cr ON cr.id = p.creditor_id
            ORDER BY c.name`,
        )
        .all() as {
        id: number;
        name: string;
        team_id: number | null;
        mode: CampaignSummary['mode'];
        status: CampaignSummary['status'];
        portfolio_name: string;
        creditor_name: string;
        debtor_count: number;
      }[];
      return rows.map((r) => ({
        id: r.id as CampaignId,
        name: r.name,
        mode: r.mode,
        status: r.status,
        portfolioName: r.portfolio_name,
        creditorName: r.creditor_name,
        debtorCount: r.debtor_count,
        teamId: r.team_id,
      }));
    },
  };
}
