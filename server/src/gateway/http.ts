import type { FastifyInstance, FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { HealthResponse, SipSettings } from '../../../shared/api';
import type { SipConfig } from '../config';
import { can, type Permission } from '../../../shared/roles';
import { err } from '../../../shared/result';
import { debtorListQuerySchema, describeZodError, loginRequestSchema, passwordChangeSchema } from '../../../shared/schemas';
import type { AuthService, AuthenticatedSession } from '../auth/auth-service';
import type { Store } from '../ports/repositories';
import { sendError } from './http-errors';

declare module 'fastify' {
  interface FastifyRequest {
    session: AuthenticatedSession | null;
  }
}

export interface HttpDeps {
  auth: AuthService;
  store: Store;
  version: string;
  startedAt: number;
  now: () => number;
  onLogout: (session: AuthenticatedSession) => void;
  /** Sessions ended by a password change: their consoles are told and disconnected. */
  onSessionsRevoked: (tokenHashes: string[]) => void;
  /** The SIP proxy the agents' softphones register with (null: none). */
  sip: SipConfig | null;
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
}

/** A preHandler that requires a valid session and, if given, a permission; it sets request.session. */
export function authGuard(auth: AuthService) {
  return (permission?: Permission): preHandlerHookHandler => async (request, reply) => {
    const result = await auth.authenticate(bearerToken(request));
    if (!result.ok) return sendError(reply, result.error);
    if (permission && !can(result.data.user.role, permission)) {
      return sendError(reply, err('forbidden', `Role '${result.data.user.role}' may not do this`).error);
    }
    request.session = result.data;
  };
}

/** REST routes. Every body is {ok:true,data} or {ok:false,error}; every route but login/health checks the role. */
export function registerHttpRoutes(app: FastifyInstance, deps: HttpDeps): void {
  app.decorateRequest('session', null);
  const requireAuth = authGuard(deps.auth);
  const session = (request: FastifyRequest): AuthenticatedSession => request.session!;

  app.get('/api/health', async (): Promise<{ ok: true; data: HealthResponse }> => {
    const database = await deps.store.health();
    return {
      ok: true,
      data: { name: 'quita', version: deps.version, uptimeSeconds: Math.round((deps.now() - deps.startedAt) / 1000), time: deps.now(), database },
    };
  });

  app.post('/api/auth/login', async (request, reply) => {
    const body = loginRequestSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const result = await deps.auth.login(body.data.username, body.data.password, request.ip);
    if (!result.ok) return sendError(reply, result.error);
    return result;
  });

  app.post('/api/auth/logout', { preHandler: requireAuth() }, async (request) => {
    await deps.auth.logout(session(request));
    deps.onLogout(session(request));
    return { ok: true, data: null };
  });

  app.get('/api/me', { preHandler: requireAuth() }, async (request) => ({ ok: true, data: session(request).user }));

  // This session stays; the user's other sessions (another PC, a forgotten browser) end.
  app.post('/api/me/password', { preHandler: requireAuth() }, async (request, reply) => {
    const body = passwordChangeSchema.safeParse(request.body);
    if (!body.success) return sendError(reply, err('bad_request', describeZodError(body.error)).error);
    const changed = await deps.auth.changePassword(session(request), body.data.currentPassword, body.data.newPassword);
    if (!changed.ok) return sendError(reply, changed.error);
    deps.onSessionsRevoked(changed.data);
    return { ok: true, data: null };
  });

  // The softphone's account: only agents place calls. The body holds the digest password: never logged.
  app.get('/api/me/sip', { preHandler: requireAuth() }, async (request, reply): Promise<{ ok: true; data: SipSettings | null }> => {
    const user = session(request).user;
    void reply.header('cache-control', 'no-store');
    if (!deps.sip || user.role !== 'agent') return { ok: true, data: null };
    const { wsUrl, domain, password, ringTimeoutSeconds } = deps.sip;
    return { ok: true, data: { wsUrl, domain, username: user.username, displayName: user.displayName, password, ringTimeoutSeconds } };
  });

  app.get('/api/admin/users', { preHandler: requireAuth('admin:manage') }, async () => ({
    ok: true,
    data: await deps.store.users.list(),
  }));

  app.get('/api/campaigns', { preHandler: requireAuth('campaigns:view') }, async () => ({
    ok: true,
    data: await deps.store.campaigns.listSummaries(),
  }));

  app.get('/api/debtors', { preHandler: requireAuth('debtors:list') }, async (request, reply) => {
    const query = debtorListQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, err('bad_request', describeZodError(query.error)).error);
    return { ok: true, data: await deps.store.debtors.list(query.data) };
  });
}
