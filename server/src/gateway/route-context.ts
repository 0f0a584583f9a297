import type { FastifyRequest, preHandlerHookHandler } from 'fastify';
import type { UserId } from '../../../shared/ids';
import type { Permission } from '../../../shared/roles';
import type { DialerService } from '../dialer/dialer-service';
import type { Clock } from '../ports/clock';
import type { Store } from '../ports/repositories';

/** What the REST route plugins share: the store, the dialer, the clock, and the session checks. */
export interface RouteContext {
  store: Store;
  dialer: DialerService;
  clock: Clock;
  /** A preHandler: a valid session whose role has this permission. */
  require(permission: Permission): preHandlerHookHandler;
  /** The signed-in user of a request that passed `require`. */
  userIdOf(request: FastifyRequest): UserId;
}
