import type { FastifyInstance } from 'fastify';
import { err } from '../../../shared/result';
import { reportQuerySchema } from '../../../shared/reports';
import { describeZodError } from '../../../shared/schemas';
import type { AgentKpis, CampaignKpis, ReportFilter } from '../ports/reports';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(' ') : String(v);
  return /[;"\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const toCsv = (rows: Record<string, unknown>[]) => (rows.length === 0 ? '' : [Object.keys(rows[0]!).join(';'), ...rows.map((r) => Object.values(r).map(csvCell).join(';'))].join('\r\n') + '\r\n');

export function campaignRow(k: CampaignKpis) {
  return {
    ...k,
    answerRate: ratio(k.answered, k.dials),
    abandonRate: ratio(k.abandoned, k.answered),
    shortCallRatio: ratio(k.shortCalls, k.dials),
    rpcRate: ratio(k.rightParty, k.dials),
    ptpRate: ratio(k.promisesOrAgreements, k.rightParty),
  };
}

export function agentRow(k: AgentKpis) {
  const hours = k.loggedInSeconds / 3600;
  return {
    ...k,
    occupancy: ratio(k.talkSeconds, k.loggedInSeconds),
    rpcPerHour: ratio(k.rightParty, hours),
    ptpPerHour: ratio(k.promisesOrAgreements, hours),
    agreedCentsPerHour: hours > 0 ? Math.round(k.agreementsCents / hours) : null,
    averageHandleSeconds: k.answered ? Math.round(k.talkSeconds / k.answered) : null,
  };
}

/** Reports for supervisors: campaign KPIs and agent productivity over a period, as JSON or CSV. */
export async function reportRoutes(app: FastifyInstance, deps: RouteContext): Promise<void> {
  const guard = { preHandler: deps.require('wallboard:view') };
  for (const [path, load] of [
    ['/api/reports/campaigns', async (from: number, to: number, f: ReportFilter) => (await deps.store.reports.campaignKpis(from, to, f)).map(campaignRow)],
    ['/api/reports/agents', async (from: number, to: number, f: ReportFilter) => (await deps.store.reports.agentKpis(from, to, f)).map(agentRow)],
  ] as const) {
    app.get(path, guard, async (request, reply) => {
      const q = reportQuerySchema.safeParse(request.query);
      if (!q.success) return sendError(reply, err('bad_request', describeZodError(q.error)).error);
      const today = new Date(deps.clock.now() - 3 * 3_600_000).toISOString().slice(0, 10);
      const first = q.data.from ?? today;
      const last = q.data.to ?? today;
      const from = Date.parse(`${first}T00:00:00-03:00`);
      const to = Date.parse(`${last}T00:00:00-03:00`) + 86_400_000;
      const rows = await load(from, to, { campaignId: q.data.campaign, teamId: q.data.team, userId: q.data.agent });
      if (q.data.format === 'csv') {
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${path.split('/').pop()}-${first}-${last}.csv"`).send(`\uFEFF${toCsv(rows as Record<string, unknown>[])}`);
      }
      return { ok: true, data: rows };
    });
  }
}
