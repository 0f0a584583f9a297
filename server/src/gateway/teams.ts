import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CampaignId } from '../../../shared/ids';
import { err } from '../../../shared/result';
import { describeZodError } from '../../../shared/schemas';
import { reassignSchema, teamCreateSchema, teamPatchSchema, userTeamSchema } from '../../../shared/teams';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

const idParam = (request: FastifyRequest): number | null => {
  const id = Number((request.params as { id?: string }).id);
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** Teams (admins edit, supervisors read for their filters) and portfolio reassignment. Every change is audited. */
export async function teamRoutes(app: FastifyInstance, deps: RouteContext): Promise<void> {
  const admin = { preHandler: deps.require('admin:manage') };
  const audit = (request: FastifyRequest, action: string, detail: Record<string, unknown>) => deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action, detail });

  app.get('/api/teams', { preHandler: deps.require('wallboard:view') }, async () => ({ ok: true, data: await deps.store.teams.list() }));

  app.post('/api/admin/teams', admin, async (request, reply) => {
    const body = teamCreateSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const r = await deps.store.teams.create(body.data.name, deps.clock.now());
    if (!r.ok) return sendError(reply, r.error);
    await audit(request, 'team.create', { teamId: r.data.id, name: r.data.name });
    return reply.code(201).send(r);
  });

  app.patch('/api/admin/teams/:id', admin, async (request, reply) => {
    const id = idParam(request);
    if (id === null) return sendError(reply, err('not_found', 'No such team').error);
    const body = teamPatchSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const r = await deps.store.teams.update(id, body.data);
    if (!r.ok) return sendError(reply, r.error);
    await audit(request, 'team.update', { teamId: id, ...body.data });
    return r;
  });

  app.put('/api/admin/users/:id/team', admin, async (request, reply) => {
    const id = idParam(request);
    if (id === null) return sendError(reply, err('not_found', 'No such user').error);
    const body = userTeamSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const r = await deps.store.teams.setUserTeam(id, body.data.teamId);
    if (!r.ok) return sendError(reply, r.error);
    await audit(request, 'user.team', { userId: id, teamId: body.data.teamId });
    return r;
  });

  app.get('/api/admin/campaigns/:id/reassignments', admin, async (request, reply) => {
    const id = idParam(request);
    if (id === null) return sendError(reply, err('not_found', 'No such campaign').error);
    return { ok: true, data: await deps.store.teams.reassignments(id) };
  });

  app.post('/api/admin/campaigns/:id/reassign', admin, async (request, reply) => {
    const id = idParam(request);
    if (id === null) return sendError(reply, err('not_found', 'No such campaign').error);
    const body = reassignSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const r = await deps.store.teams.reassign(id, body.data, deps.userIdOf(request), deps.clock.now(), deps.dialer.heldDebtors());
    if (!r.ok) return sendError(reply, r.error);
    await audit(request, 'campaign.reassign', { campaignId: id, reassignmentId: r.data.id, method: r.data.method, moved: r.data.moved.map((m) => ({ label: m.label, debtors: m.debtors })), stayed: r.data.stayed });
    // the dialer reloads the source and every receiving campaign: moved debtors leave one queue and join the other
    for (const c of new Set([id, ...body.data.targets.flatMap((t) => (t.target.kind === 'team' ? [t.target.campaignId] : []))])) await deps.dialer.reloadCampaign(c as CampaignId);
    return reply.code(201).send(r);
  });
}
