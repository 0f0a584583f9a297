import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import type { CampaignId, UserId } from '../../shared/ids';
import { err } from '../../shared/result';
import { AuthService } from './auth/auth-service';
import type { Config } from './config';
import { sendError } from './gateway/http-errors';
import { DialerService } from './dialer/dialer-service';
import { callerIdRoutes } from './gateway/caller-ids';
import { campaignRoutes } from './gateway/campaigns';
import { creditorRoutes } from './gateway/creditors';
import { contactListRoutes } from './gateway/contact-lists';
import { negotiationRoutes } from './gateway/negotiation';
import { promiseRoutes } from './gateway/promises';
import { adminRoutes } from './gateway/admin';
import { reportRoutes } from './gateway/reports';
import { supervisorRoutes } from './gateway/supervisor';
import { httpTextSender } from './messaging/http-text';
import { smtpEmailSender } from './messaging/smtp-email';
import { NegotiationService } from './negotiation/negotiation-service';
import { paymentRoutes, writeOffRoutes } from './gateway/payments';
import { apiPixProvider } from './payments/api-pix';
import { OutboxDispatcher } from './payments/outbox';
import { PaymentService } from './payments/payment-service';
import { agreementCheck } from './payments/agreement-check';
import { authGuard, registerHttpRoutes } from './gateway/http';
import { importRoutes } from './gateway/imports';
import type { RouteContext } from './gateway/route-context';
import { registerSecurityHeaders } from './gateway/security-headers';
import { ADMINS_ROOM, registerSocketHandlers, sessionRoom, userRoom, WALLBOARD_ROOM, type QuitaServer } from './gateway/socket';
import { ImportService } from './mailing/import-service';
import type { Logger } from './logger';
import type { Clock } from './ports/clock';
import type { Store } from './ports/repositories';
import { PresenceService } from './services/presence';
import { WallboardFeed } from './services/wallboard-feed';
import { teamRoutes } from './gateway/teams';


/** How long a stop waits for requests in flight before closing their connections. */
const SHUTDOWN_GRACE_MS = 5_000;
export interface Components {
  store: Store;
  logger: Logger;
  clock: Clock;
  version: string;
  /** Built renderer (index.html + assets); when missing, / explains how to build it. */
  rendererDir: string;
  /** The bundled import worker (dist/server/import-worker.js). */
  importWorkerPath: string;
}

export interface QuitaApp {
  http: FastifyInstance;
  io: QuitaServer;
  presence: PresenceService;
  auth: AuthService;
  dialer: DialerService;
  outbox: OutboxDispatcher;
  clock: Clock;
  listen(): Promise<{ port: number }>;
  /** Stops accepting, disconnects sockets, closes the store. Safe to call twice. */
  close(): Promise<void>;
}

/** The composition root: wires the store and services into HTTP and socket.io. No globals. */
export function createApp(config: Config, c: Components): QuitaApp {
  // Per-request lines are off: URLs can carry search terms such as CPF digits (LGPD).
  const http = Fastify({
    loggerInstance: c.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  });
  const io: QuitaServer = new Server(http.server, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
    cors: { origin: config.corsOrigins },
  });
  const auth = new AuthService({ ...c.store, clock: c.clock, sessionTtlMs: config.sessionTtlMs });
  let dialer: DialerService | null = null;
  const presence = new PresenceService({
    clock: c.clock,
    offlineGraceMs: config.agentOfflineGraceMs,
    onChange: (p) => {
      io.to([userRoom(p.userId), WALLBOARD_ROOM]).emit('agent:state', p);
      dialer?.onPresence(p);
      void c.store.reports.logAgentState({ userId: p.userId, at: p.since, state: p.state.name, reason: p.state.name === 'paused' ? p.state.reason : null }).catch((e: unknown) => c.logger.error({ err: e }, 'agent state log failed'));
    },
  });
  dialer = new DialerService({
    store: c.store.dialer,
    clock: c.clock,
    logger: c.logger,
    agentState: (userId) => presence.get(userId),
    dispatchAgent: (userId, event) => presence.dispatch(userId, event),
    ringTimeoutMs: config.sip ? config.sip.ringTimeoutSeconds * 1000 : undefined,
    push: {
      lead: (userId, lead) => io.to(userRoom(userId)).emit('dialer:lead', lead),
      dial: (userId, command) => io.to(userRoom(userId)).emit('dialer:dial', command),
      cancel: (userId, cancel) => io.to(userRoom(userId)).emit('dialer:cancel', cancel),
      revoked: (userId, revoked) => io.to(userRoom(userId)).emit('dialer:revoked', revoked),
      paid: (userId, paid) => io.to(userRoom(userId)).emit('dialer:paid', paid),
    },
  });

  registerSecurityHeaders(http, config.corsOrigins);
  registerHttpRoutes(http, {
    auth,
    store: c.store,
    version: c.version,
    startedAt: c.clock.now(),
    now: () => c.clock.now(),
    sip: config.sip,
    onLogout: (session) => {
      io.to(sessionRoom(session.tokenHash)).emit('session:ended', { code: 'logged_out' });
      io.in(sessionRoom(session.tokenHash)).disconnectSockets(true);
      if (session.user.role === 'agent') presence.loggedOut(session.user.id);
    },
    onSessionsRevoked: (hashes) => {
      for (const h of hashes) {
        io.to(sessionRoom(h)).emit('session:ended', { code: 'logged_out' });
        io.in(sessionRoom(h)).disconnectSockets(true);
      }
    },
  });
  const wallboard = new WallboardFeed({
    store: c.store, dialer, clock: c.clock, logger: c.logger,
    watched: () => (io.sockets.adapter.rooms.get(WALLBOARD_ROOM)?.size ?? 0) > 0,
    emit: (live) => io.to(WALLBOARD_ROOM).emit('wallboard:live', live),
  });
  registerSocketHandlers(io, { auth, presence, dialer, wallboard, logger: c.logger });

  const imports = new ImportService({
    dbPath: config.dbPath,
    workerPath: c.importWorkerPath,
    onProgress: (p) => io.to(ADMINS_ROOM).emit('import:progress', p),
    onFinished: (r) => io.to(ADMINS_ROOM).emit('import:finished', r),
    onSettled: (request) => {
      fs.rmSync(request.filePath, { force: true });
      // a debtor stopped as paid who got a new open contract in this file is dialable again
      void dialer.reloadCampaign(request.campaignId as CampaignId, { resumeOwing: true });
    },
  });
  void http.register(importRoutes, {
    mailing: c.store.mailing,
    imports,
    maxUploadBytes: config.maxUploadBytes,
    requireImporter: authGuard(auth)('mailings:import'),
    userIdOf: (request) => request.session!.user.id,
  });

  const routes: RouteContext = {
    store: c.store,
    dialer,
    clock: c.clock,
    require: (permission) => authGuard(auth)(permission),
    userIdOf: (request) => request.session!.user.id,
  };

  const pixProvider = config.pixApi ? apiPixProvider({ ...config.pixApi, key: config.billing.pixKey }, () => c.clock.now()) : null;
  const negotiation = new NegotiationService({
    store: c.store.negotiation,
    clock: c.clock,
    billing: config.billing,
    email: config.messaging.smtpUrl ? smtpEmailSender(config.messaging.smtpUrl, config.messaging.mailFrom) : null,
    text: config.messaging.smsUrl ? httpTextSender(config.messaging.smsUrl, config.messaging.smsToken) : null,
    pix: pixProvider ? { provider: pixProvider, validAfterDueDays: config.agreementGraceDays } : null,
  });
  const payments = new PaymentService({
    store: c.store.payments,
    dialer,
    clock: c.clock,
    pixProvider,
    pixWebhookToken: config.pixWebhookToken,
    // the next installment's boleto and Pix (a charge at the PSP) are made once the previous is paid; a failure is retried on demand (sending, the boleto page)
    nextInstallment: (agreementId, number) =>
      void negotiation.prepareInstallment(agreementId, number).then(
        (r) => { if (!r.ok) c.logger.warn({ agreementId, number, error: r.error.message }, 'next installment documents not made'); },
        (e: unknown) => c.logger.error({ err: e, agreementId, number }, 'next installment documents failed'),
      ),
  });
  const outbox = new OutboxDispatcher({ store: c.store.outbox, clock: c.clock, logger: c.logger });
  void http.register(campaignRoutes, routes);
  void http.register(creditorRoutes, routes);
  void http.register(callerIdRoutes, routes);
  void http.register(contactListRoutes, routes);
  void http.register(paymentRoutes, { ...routes, payments });
  void http.register(writeOffRoutes, { ...routes, payments });
  void http.register(reportRoutes, routes);
  void http.register(promiseRoutes, routes);
  /** Sessions revoked by someone else (a supervisor, an admin): their consoles are told and disconnected. */
  const endSessions = (hashes: string[], userId: UserId) => {
    for (const h of hashes) {
      io.to(sessionRoom(h)).emit('session:ended', { code: 'logged_out' });
      io.in(sessionRoom(h)).disconnectSockets(true);
    }
    presence.loggedOut(userId);
  };
  void http.register(supervisorRoutes, { ...routes, presence, endSessions });
  void http.register(adminRoutes, { ...routes, endSessions });
  void http.register(teamRoutes, routes);
  let agreementsTimer: ReturnType<typeof setInterval> | null = null;
  const breakAgreements = agreementCheck({ payments, negotiation, dialer, pixProvider, graceDays: config.agreementGraceDays, logger: c.logger });
  const breakPromises = async () => {
    try {
      const broken = await dialer.breakOverduePromises();
      if (broken) c.logger.info({ broken }, 'promises broken: debtors back to their campaigns');
    } catch (e) {
      c.logger.error({ err: e }, 'checking promises failed');
    }
  };
  void http.register(negotiationRoutes, {
    ...routes,
    negotiation,
    push: {
      requested: (a) => io.to(WALLBOARD_ROOM).emit('negotiation:requested', a),
      decided: (a) => io.to(userRoom(a.agentId)).emit('negotiation:decided', a),
    },
  });

  http.setErrorHandler((error: FastifyError, request, reply) => {
    // The client may still be sending: close the connection instead of reading the rest.
    if (error.statusCode === 413) return sendError(reply.header('connection', 'close'), err('too_large', 'Request body is too large').error);
    if (error.statusCode && error.statusCode < 500) {
      return sendError(reply, err('bad_request', error.message).error);
    }
    request.log.error({ err: error, url: request.routeOptions.url }, 'request failed');
    return sendError(reply, err('internal', 'Internal error').error);
  });
  http.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/')) return sendError(reply, err('not_found', 'No such API route').error);
    return reply.code(404).type('text/plain').send('Not found');
  });

  if (fs.existsSync(`${c.rendererDir}/index.html`)) {
    void http.register(fastifyStatic, { root: c.rendererDir, index: 'index.html', wildcard: false });
  } else {
    http.get('/', async (_req, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send('The consoles are not built: run `npm run build` (or `npm start`).'),
    );
  }

  let closing: Promise<void> | null = null;
  return {
    http,
    io,
    presence,
    auth,
    dialer,
    outbox,
    clock: c.clock,
    async listen() {
      await dialer.start({ tickMs: 1000 });
      wallboard.start(1000);
      outbox.start();
      // hourly: agreements with an installment overdue past the grace days are broken, debtors back to collection
      // and promises to pay dated before today are broken, debtors back to their campaigns
      agreementsTimer = setInterval(() => void breakAgreements().then(breakPromises), 3_600_000);
      agreementsTimer.unref();
      void breakAgreements().then(breakPromises);
      await http.listen({ port: config.port, host: config.host });
      return { port: (http.server.address() as AddressInfo).port };
    },
    close() {
      closing ??= (async () => {
        presence.stop();
        dialer.stop();
        wallboard.stop();
        outbox.stop();
        if (agreementsTimer) clearInterval(agreementsTimer);
        // Requests in flight get a grace period; a connection that still holds the server open after it is cut,
        // so a stop (systemd, a deploy, a test) always ends instead of waiting on one stuck client.
        const deadline = setTimeout(() => {
          c.logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'shutdown: connections still open after the grace period were closed');
          http.server.closeAllConnections();
        }, SHUTDOWN_GRACE_MS);
        deadline.unref();
        await new Promise<void>((resolve) => io.close(() => resolve()));
        await http.close();
        clearTimeout(deadline);
        await c.store.close();
      })();
      return closing;
    },
  };
}
