import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { UserId } from '../../../shared/ids';
import { err } from '../../../shared/result';
import { roleSchema, describeZodError } from '../../../shared/schemas';
import { generatePassword, hashPassword } from '../auth/password';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

const newUserSchema = z.object({
  username: z.string().trim().regex(/^[a-z0-9._-]{3,32}$/, 'username: 3–32 lower-case letters, digits, dot, dash or underscore'),
  displayName: z.string().trim().min(2).max(80),
  role: roleSchema,
});
const userPatchSchema = z.object({ active: z.boolean().optional(), role: roleSchema.optional(), displayName: z.string().trim().min(2).max(80).optional() });
const auditQuerySchema = z.object({
  user: z.coerce.number().int().positive().optional(),
  action: z.string().trim().max(60).optional(),
  debtor: z.coerce.number().int().positive().optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  before: z.coerce.number().int().positive().optional(),
});

/** Administration: users (a new user's password is shown once), and the searchable audit log (LGPD). */
export async function adminRoutes(app: FastifyInstance, deps: RouteContext & { endSessions(tokenHashes: string[], userId: UserId): void }): Promise<void> {
  const guard = { preHandler: deps.require('admin:manage') };

  app.post('/api/admin/users', guard, async (request, reply) => {
    const body = newUserSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    if (await deps.store.users.findByUsername(body.data.username)) return sendError(reply, err('conflict', `username: "${body.data.username}" is taken`).error);
    const password = generatePassword();
    const user = await deps.store.users.create({ ...body.data, passwordHash: await hashPassword(password) });
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'user.create', detail: { id: user.id, username: user.username, role: user.role } });
    return reply.code(201).send({ ok: true, data: { user, password } });
  });

  app.patch('/api/admin/users/:id', guard, async (request, reply) => {
    const body = userPatchSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const id = Number((request.params as { id: string }).id) as UserId;
    if (id === deps.userIdOf(request) && (body.data.active === false || (body.data.role && body.data.role !== 'admin'))) {
      return sendError(reply, err('conflict', 'You cannot deactivate yourself or take away your own admin role').error);
    }
    const user = await deps.store.users.update(id, body.data);
    if (!user) return sendError(reply, err('not_found', 'No such user').error);
    // a deactivated user, or one whose role changed, signs in again (or not at all)
    if (body.data.active === false || body.data.role) deps.endSessions(await deps.store.sessions.revokeAllOf(id), id);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'user.update', detail: { id, ...body.data } });
    return { ok: true, data: user };
  });

  // A forgotten password: a new one, shown once to the admin; the user's sessions end.
  app.post('/api/admin/users/:id/password', guard, async (request, reply) => {
    const id = Number((request.params as { id: string }).id) as UserId;
    const user = Number.isInteger(id) && id > 0 ? await deps.store.users.findById(id) : null;
    if (!user) return sendError(reply, err('not_found', 'No such user').error);
    if (id === deps.userIdOf(request)) return sendError(reply, err('conflict', 'Your own password: change it under "Trocar senha" (it asks for the current one)').error);
    const password = generatePassword();
    await deps.store.users.setPasswordHash(id, await hashPassword(password));
    deps.endSessions(await deps.store.sessions.revokeAllOf(id), id);
    await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: 'user.password_reset', detail: { id, username: user.username } });
    return { ok: true, data: { password } };
  });

  app.get('/api/admin/audit', guard, async (request, reply) => {
    const q = auditQuerySchema.safeParse(request.query);
    if (!q.success) return sendError(reply, err('bad_request', describeZodError(q.error)).error);
    const day = (d: string) => Date.parse(`${d}T00:00:00-03:00`);
    return {
      ok: true,
      data: await deps.store.audit.search({
        userId: q.data.user, action: q.data.action, debtorId: q.data.debtor, beforeId: q.data.before, limit: 100,
        from: q.data.from ? day(q.data.from) : undefined, to: q.data.to ? day(q.data.to) + 86_400_000 : undefined,
      }),
    };
  });
}
