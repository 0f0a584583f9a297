import type { UserId } from '../../../../shared/ids';
import type { SessionRepository } from '../../ports/repositories';
import type { Db } from './database';

export function sqliteSessions(db: Db): SessionRepository {
  const insert = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const active = db.prepare(
    'SELECT user_id, expires_at FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?',
  );
  return {
    async create(tokenHash, userId, createdAt, expiresAt) {
      insert.run(tokenHash, userId, createdAt, expiresAt);
    },
    async findActive(tokenHash, now) {
      const row = active.get(tokenHash, now) as { user_id: number; expires_at: number } | undefined;
      return row ? { userId: row.user_id as UserId, expiresAt: row.expires_at } : null;
    },
    async revokeAllOf(userId, except = '') {
      return db.transaction(() => {
        const hashes = db.prepare('SELECT token_hash FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND token_hash <> ?').pluck().all(userId, except) as string[];
        db.prepare('UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND token_hash <> ?').run(Date.now(), userId, except);
        return hashes;
      })();
    },
    async revoke(tokenHash) {
      db.prepare('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL').run(Date.now(), tokenHash);
    },
    async deleteExpired(now) {
      return db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
    },
  };
}
