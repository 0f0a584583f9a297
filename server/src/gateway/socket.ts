import type { Server, Socket } from 'socket.io';
import type { AgentPresence } from '../../../shared/api';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../shared/events';
import { can, type Permission } from '../../../shared/roles';
import { err, ok, type Result } from '../../../shared/result';
import { callEventSchema, dialRequestSchema, dispositionSchema } from '../../../shared/dialer';
import type { LeaseId, UserId } from '../../../shared/ids';
import { agentStateRequestSchema, describeZodError } from '../../../shared/schemas';
import type { DialerService } from '../dialer/dialer-service';
import type { AuthService, AuthenticatedSession } from '../auth/auth-service';
import type { Logger } from '../logger';
import type { PresenceService } from '../services/presence';
import type { WallboardFeed } from '../services/wallboard-feed';

export interface SocketData {
  session: AuthenticatedSession;
  token: string;
}

export type QuitaServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type QuitaSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const WALLBOARD_ROOM = 'wallboard';
/** Administrators: mailing import progress. */
export const ADMINS_ROOM = 'admins';
export const userRoom = (userId: number): string => `user:${userId}`;
export const sessionRoom = (tokenHash: string): string => `session:${tokenHash}`;

/** socket.io: the handshake carries the session token; every command re-checks the session and the role. */
export function registerSocketHandlers(io: QuitaServer, deps: { auth: AuthService; presence: PresenceService; dialer: DialerService; wallboard: WallboardFeed; logger: Logger }): void {
  io.use(async (socket, next) => {
    const token = typeof socket.handshake.auth?.token === 'string' ? socket.handshake.auth.token : undefined;
    const result = await deps.auth.authenticate(token);
    if (!result.ok) return next(new Error(result.error.message));
    socket.data = { session: result.data, token: token! };
    next();
  });

  io.on('connection', (socket: QuitaSocket) => {
    const { user, tokenHash } = socket.data.session;
    void socket.join([userRoom(user.id), sessionRoom(tokenHash)]);
    if (can(user.role, 'mailings:import')) void socket.join(ADMINS_ROOM);
    // The server is the source of truth: a (re)connecting console is told its current state at once.
    if (user.role === 'agent') {
      socket.emit('agent:state', deps.presence.connected(user));
      for (const lead of deps.dialer.leasesOf(user.id)) socket.emit('dialer:lead', lead);
      // a dial pushed while this console was away is not lost: lines still ringing are sent again
      for (const dial of deps.dialer.ringingDialsOf(user.id as UserId)) socket.emit('dialer:dial', dial);
    }

    /** Wraps a command: a missing ack, an expired session or a wrong role never reaches the handler. */
    const command = <T>(permission: Permission, handler: (payload: unknown) => Promise<Result<T>> | Result<T>) =>
      async (payload: unknown, ack: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (r: Result<T>) => void) : () => undefined;
        try {
          const current = await deps.auth.authenticate(socket.data.token);
          if (!current.ok) {
            reply(current);
            socket.emit('session:ended', { code: 'expired' });
            socket.disconnect(true);
            return;
          }
          if (!can(current.data.user.role, permission)) {
            reply(err('forbidden', `Role '${current.data.user.role}' may not do this`));
            return;
          }
          reply(await handler(payload));
        } catch (error) {
          deps.logger.error({ err: error }, 'socket command failed');
          reply(err('internal', 'Internal error'));
        }
      };

    socket.on('agent:setState', command('agent:console', (payload): Result<AgentPresence> => {
      const parsed = agentStateRequestSchema.safeParse(payload);
      if (!parsed.success) return err('bad_request', describeZodError(parsed.error));
      const event = parsed.data.state === 'available' ? { type: 'goAvailable' as const } : { type: 'pause' as const, reason: parsed.data.reason };
      return deps.presence.dispatch(user.id, event);
    }));

    socket.on('dialer:dial', command('agent:console', (payload) => {
      const parsed = dialRequestSchema.safeParse(payload);
      if (!parsed.success) return err('bad_request', describeZodError(parsed.error));
      return deps.dialer.dial(user.id as UserId, parsed.data.leaseId as LeaseId);
    }));

    socket.on('dialer:callEvent', command('agent:console', (payload) => {
      const parsed = callEventSchema.safeParse(payload);
      if (!parsed.success) return err('bad_request', describeZodError(parsed.error));
      return deps.dialer.callEvent(user.id as UserId, parsed.data);
    }));

    socket.on('dialer:dispose', command('agent:console', (payload) => {
      const parsed = dispositionSchema.safeParse(payload);
      if (!parsed.success) return err('bad_request', describeZodError(parsed.error));
      return deps.dialer.dispose(user.id as UserId, parsed.data);
    }));

    socket.on('wallboard:subscribe', command('wallboard:view', () => {
      void socket.join(WALLBOARD_ROOM);
      // the campaign figures at once, then every second with everyone else
      void deps.wallboard.snapshot().then((live) => socket.emit('wallboard:live', live), (e: unknown) => deps.logger.error({ err: e }, 'wallboard snapshot failed'));
      return ok(deps.presence.list());
    }));

    socket.on('disconnect', () => {
      if (user.role === 'agent') deps.presence.disconnected(user.id);
    });
  });
}
