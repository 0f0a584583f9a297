import type { FastifyInstance, FastifyRequest } from 'fastify';
import { campaignUpsertSchema } from '../../../shared/dialer';
import type { CampaignId } from '../../../shared/ids';
import { err } from '../../../shared/result';
import { describeZodError } from '../../../shared/schemas';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';


const idParam = (request: FastifyRequest): number | null => {
  const id = Number((request.params as { id?: string }).id);
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** Campaign configuration (admins) and its live lead counts (supervisors too). Every change is audited and reloads the dialer's queue. */
export async function campaignRoutes(app: FastifyInstance, deps: RouteContext): Promise<void> {
  app.get('/api/campaigns/:id', { preHandler: deps.require('campaigns:view') }, async (request, reply) => {
    const id = idParam(request);
    const campaign = id === null ? null : await deps.store.dialer.getCampaign(id as CampaignId);
    if (!campaign) return sendError(reply, err('not_found', 'No such campaign').error);
    return { ok: true, data: { ...campaign, leads: deps.dialer.campaignStats(campaign.id) } };
  });

  app.post('/api/admin/campaigns', { preHandler: deps.require('admin:manage') }, async (request, reply) => {
    const body = campaignUpsertSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const created = await deps.store.dialer.createCampaign(body.data);
    if (!created.ok) return sendError(reply, created.error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'campaign.create', detail: { campaignId: created.data.id, name: created.data.name } });
    await deps.dialer.reloadCampaign(created.data.id);
    return reply.code(201).send(created);
  });

  app.put('/api/admin/campaigns/:id', { preHandler: deps.require('admin:manage') }, async (request, reply) => {
    const id = idParam(request);
    if (id === null) return sendError(reply, err('not_found', 'No such campaign').error);
    const body = campaignUpsertSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const before = await deps.store.dialer.getCampaign(id as CampaignId);
    const updated = await deps.store.dialer.updateCampaign(id as CampaignId, body.data);
    if (!updated.ok) return sendError(reply, updated.error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'campaign.update', detail: { campaignId: id, before, after: updated.data } });
    await deps.dialer.reloadCampaign(updated.data.id);
    return updated;
  });
}
