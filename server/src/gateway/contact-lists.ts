import type { FastifyInstance, FastifyRequest } from 'fastify';
import { maskPhone, normalizePhone } from '../../../shared/phone';
import { err } from '../../../shared/result';
import { sendError } from './http-errors';
import type { RouteContext } from './route-context';

const LISTS = ['internal', 'nao_me_ligue'] as const;
type ListName = (typeof LISTS)[number];

/**
 * Do-not-call lists (admins): the internal list and SP's "Não Me Ligue" export, one number per line (a
 * header line is fine). Bad lines are named; good numbers are added (or removed). Campaign queues reload so
 * prepared leads are checked again. Also the inbound pop: who is calling this pool number?
 */
export async function contactListRoutes(app: FastifyInstance, deps: RouteContext): Promise<void> {
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  const listOf = (request: FastifyRequest): ListName | null => {
    const list = (request.params as { list: string }).list;
    return (LISTS as readonly string[]).includes(list) ? (list as ListName) : null;
  };

  app.get('/api/admin/do-not-call/:list', { preHandler: deps.require('admin:manage') }, async (request, reply) => {
    const list = listOf(request);
    if (!list) return sendError(reply, err('not_found', 'list: internal or nao_me_ligue').error);
    return { ok: true, data: { list, count: await deps.store.contactLists.count(list) } };
  });

  for (const [method, mode] of [['POST', 'add'], ['DELETE', 'remove']] as const) {
    app.route({
      method,
      url: '/api/admin/do-not-call/:list',
      preHandler: deps.require('admin:manage'),
      bodyLimit: 50 * 1024 * 1024,
      handler: async (request, reply) => {
        const list = listOf(request);
        if (!list) return sendError(reply, err('not_found', 'list: internal or nao_me_ligue').error);
        if (typeof request.body !== 'string') return sendError(reply, err('bad_request', 'send the numbers as text/csv, one a line').error);
        const numbers: string[] = [];
        const errors: { line: number; value: string; reason: string }[] = [];
        request.body.split(/\r\n|\n|\r/).forEach((raw, i) => {
          const value = raw.split(/[;,\t]/)[0]!.trim();
          if (!value || (i === 0 && !/\d/.test(value))) return; // blank, or a header
          const phone = normalizePhone(value);
          if (phone.ok) numbers.push(phone.phone.e164);
          else errors.push({ line: i + 1, value, reason: phone.reason === 'unknown_ddd' ? 'DDD inexistente' : 'número inválido' });
        });
        const changed = mode === 'add' ? await deps.store.contactLists.add(list, numbers, deps.clock.now(), 'upload') : await deps.store.contactLists.remove(list, numbers);
        await deps.store.audit.record({ at: deps.clock.now(), userId: deps.userIdOf(request), action: `do_not_call.${mode}`, detail: { list, changed, rejected: errors.length } });
        await deps.dialer.reloadAll();
        return { ok: true, data: { [mode === 'add' ? 'added' : 'removed']: changed, errors } };
      },
    });
  }

  /** Inbound: a call to a pool number — who is calling? Debtors with that phone, best match first, masked. */
  app.get('/api/inbound/identify', { preHandler: deps.require('agent:console') }, async (request, reply) => {
    const q = request.query as { from?: string; to?: string };
    const from = normalizePhone(q.from ?? '');
    const to = normalizePhone(q.to ?? '');
    if (!from.ok) return sendError(reply, err('bad_request', 'from: not a Brazilian phone number').error);
    if (!to.ok || !(await deps.store.dialer.listCallerIds()).some((c) => c.e164 === to.phone.e164)) return sendError(reply, err('not_found', 'to: not a number of the pool').error);
    const debtors = await deps.store.contactLists.debtorsByPhone(from.phone.e164);
    return { ok: true, data: { from: maskPhone(from.phone.e164), debtors } };
  });
}
