import { createHash, randomBytes } from 'node:crypto';
import type { LoginResponse, PublicUser } from '../../../shared/api';
import { err, ok, type Result } from '../../../shared/result';
import { LoginThrottle } from '../domain/login-throttle';
import type { Clock } from '../ports/clock';
import type { AuditRepository, SessionRepository, UserRepository } from '../ports/repositories';
import { hashPassword, verifyPassword } from './password';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export interface AuthenticatedSession {
  user: PublicUser;
  tokenHash: string;
  expiresAt: number;
}

/** Login, session tokens and logout. Tokens are random; only their SHA-256 is stored. */
export class AuthService {
  // Per username: 5 wrong passwords in 15 min lock it for 15 min. Per address: 20, so one office
  // behind NAT is not locked out by one person's typos.
  private readonly byUser = new LoginThrottle({ maxFailures: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 });
  private readonly byAddress = new LoginThrottle({ maxFailures: 20, windowMs: 15 * 60_000, lockMs: 15 * 60_000 });
  private dummyHash: Promise<string> | null = null;

  constructor(
    private readonly deps: {
      users: UserRepository;
      sessions: SessionRepository;
      audit: AuditRepository;
      clock: Clock;
      sessionTtlMs: number;
    },
  ) {}

  async login(username: string, password: string, address: string): Promise<Result<LoginResponse>> {
    const now = this.deps.clock.now();
    const userKey = `user:${username.toLowerCase()}`;
    const addressKey = `addr:${address}`;
    for (const decision of [this.byUser.check(userKey, now), this.byAddress.check(addressKey, now)]) {
      if (!decision.allowed) {
        const minutes = Math.ceil(decision.retryAfterMs / 60_000);
        return err('rate_limited', `Too many failed logins: try again in ${minutes} min`);
      }
    }
    const user = await this.deps.users.findByUsername(username);
    // Verify against a dummy hash when the user does not exist, so timing does not reveal valid usernames.
    this.dummyHash ??= hashPassword('not-a-real-password');
    const valid = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !valid || !user.active) {
      this.byUser.recordFailure(userKey, now);
      this.byAddress.recordFailure(addressKey, now);
      await this.deps.audit.record({ at: now, userId: user?.id ?? null, action: 'auth.login_failed' });
      return err('unauthenticated', 'Invalid username or password');
    }
    this.byUser.recordSuccess(userKey);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now + this.deps.sessionTtlMs;
    await this.deps.sessions.create(hashToken(token), user.id, now, expiresAt);
    await this.deps.audit.record({ at: now, userId: user.id, action: 'auth.login' });
    const { id, displayName, role } = user;
    return ok({ token, expiresAt: new Date(expiresAt).toISOString(), user: { id, username: user.username, displayName, role } });
  }

  async authenticate(token: string | undefined): Promise<Result<AuthenticatedSession>> {
    if (!token) return err('unauthenticated', 'Missing session token');
    const tokenHash = hashToken(token);
    const session = await this.deps.sessions.findActive(tokenHash, this.deps.clock.now());
    if (!session) return err('unauthenticated', 'Session expired or invalid: log in again');
    const user = await this.deps.users.findById(session.userId);
    if (!user || !user.active) return err('unauthenticated', 'Session expired or invalid: log in again');
    const { id, username, displayName, role } = user;
    return ok({ user: { id, username, displayName, role }, tokenHash, expiresAt: session.expiresAt });
  }

  /**
   * The user changes their own password: the current one must be right (wrong ones count towards the
   * login lock), and every other session of theirs ends. Returns the token hashes revoked.
   */
  async changePassword(session: AuthenticatedSession, currentPassword: string, newPassword: string): Promise<Result<string[]>> {
    const now = this.deps.clock.now();
    const userKey = `user:${session.user.username.toLowerCase()}`;
    const decision = this.byUser.check(userKey, now);
    if (!decision.allowed) return err('rate_limited', `Too many wrong passwords: try again in ${Math.ceil(decision.retryAfterMs / 60_000)} min`);
    const user = await this.deps.users.findById(session.user.id);
    if (!user || !(await verifyPassword(currentPassword, user.passwordHash))) {
      this.byUser.recordFailure(userKey, now);
      await this.deps.audit.record({ at: now, userId: session.user.id, action: 'auth.password_change_failed' });
      return err('bad_request', 'currentPassword: wrong password');
    }
    await this.deps.users.setPasswordHash(user.id, await hashPassword(newPassword));
    const revoked = await this.deps.sessions.revokeAllOf(user.id, session.tokenHash);
    await this.deps.audit.record({ at: now, userId: user.id, action: 'auth.password_changed', detail: { otherSessionsEnded: revoked.length } });
    return ok(revoked);
  }

  async logout(session: AuthenticatedSession): Promise<void> {
    await this.deps.sessions.revoke(session.tokenHash);
    await this.deps.audit.record({ at: this.deps.clock.now(), userId: session.user.id, action: 'auth.logout' });
  }
}
