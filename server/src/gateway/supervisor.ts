import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { campaignSettingsSchema } from '../../../shared/dialer';
import type { CampaignId, UserId } from '../../../shared/ids';
import { err } from '../../../shared/result';
import { describeZodError } from '../../../shared/schemas';
import { moveAgentSchema } from '../../../shared/teams';
import type { PresenceService } from '../services/presence';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

const statusSchema = z.object({ status: z.enum(['active', 'paused']) });
const pacing = campaignSettingsSchema.shape.pacing;
// A patch changes only what it names: without this the field's default would overwrite the campaign's value.
const pacingSchema = pacing.partial().extend({ smallTeamAnswersPerFreeAgent: pacing.shape.smallTeamAnswersPerFreeAgent.unwrap().optional() });

/** What a supervisor does from the wallboard: pause or log out an agent, pause a campaign, change its pacing live. All audited. */
export async function supervisorRoutes(app: FastifyInstance, deps: RouteContext & { presence: PresenceService; endSessions(tokenHashes: string[], userId: UserId): void }): Promise<void> {
  const guard = { preHandler: deps.require('wallboard:view') };
  const idOf = (params: unknown) => Number((params as { id: string }).id);

  app.post('/api/supervisor/agents/:id/pause', guard, async (request, reply) => {
    const userId = idOf(request.params) as UserId;
    const r = deps.presence.dispatch(userId, { type: 'pause', reason: 'supervisor' });
    if (!r.ok) return sendError(reply, r.error.code === 'invalid_transition' ? err('conflict', 'The agent is on a call: pause after it ends').error : r.error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'supervisor.pause_agent', detail: { agentId: userId } });
    return r;
  });

  app.post('/api/supervisor/agents/:id/logout', guard, async (request, reply) => {
    const userId = idOf(request.params) as UserId;
    const user = await deps.store.users.findById(userId);
    if (!user || user.role !== 'agent') return sendError(reply, err('not_found', 'No such agent').error);
    const hashes = await deps.store.sessions.revokeAllOf(userId);
    deps.endSessions(hashes, userId);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'supervisor.logout_agent', detail: { agentId: userId } });
    return { ok: true, data: null };
  });

  app.post('/api/supervisor/agents/:id/move', guard, async (request, reply) => {
    const userId = idOf(request.params) as UserId;
    const body = moveAgentSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const r = await deps.store.teams.moveAgent(userId, body.data.toCampaignId, body.data.fromCampaignId);
    if (!r.ok) return sendError(reply, r.error);
    // the dialer at once: the campaigns' teams, then the agent's leads not yet dialed from the campaigns left
    for (const c of [...r.data.left, r.data.joined]) await deps.dialer.reloadCampaign(c as CampaignId);
    const { callbacksToAnyone } = await deps.dialer.agentMoved(userId);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'supervisor.move_agent', detail: { agentId: userId, from: r.data.left, to: r.data.joined, callbacksToAnyone } });
    return r;
  });

  const changeCampaign = async (id: number, change: (c: NonNullable<Awaited<ReturnType<typeof deps.store.dialer.getCampaign>>>) => Parameters<typeof deps.store.dialer.updateCampaign>[1]) => {
    const current = await deps.store.dialer.getCampaign(id as CampaignId);
    if (!current) return err('not_found', 'No such campaign');
    const { id: _id, ...rest } = current;
    const updated = await deps.store.dialer.updateCampaign(id as CampaignId, change({ ...current, ...rest }));
    if (updated.ok) await deps.dialer.reloadCampaign(id as CampaignId);
    return updated;
  };

  app.post('/api/supervisor/campaigns/:id/status', guard, async (request, reply) => {
    const body = statusSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const id = idOf(request.params);
    const r = await changeCampaign(id, ({ id: _id, ...c }) => ({ ...c, status: body.data.status }));
    if (!r.ok) return sendError(reply, r.error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'supervisor.campaign_status', detail: { campaignId: id, status: body.data.status } });
    return r;
  });

  app.patch('/api/supervisor/campaigns/:id/pacing', guard, async (request, reply) => {
    const body = pacingSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const id = idOf(request.params);
    const r = await changeCampaign(id, ({ id: _id, ...c }) => ({ ...c, settings: { ...c.settings, pacing: { ...c.settings.pacing, ...body.data } } }));
    if (!r.ok) return sendError(reply, r.error);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'supervisor.campaign_pacing', detail: { campaignId: id, ...body.data } });
    return r;
  });
}
