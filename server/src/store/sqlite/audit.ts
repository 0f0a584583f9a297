import type { AuditRepository } from '../../ports/repositories';
import type { Db } from './database';

export function sqliteAudit(db: Db): AuditRepository {
  const insert = db.prepare('INSERT INTO audit_log (at, user_id, action, detail) VALUES (?, ?, ?, ?)');
  return {
    async record({ at, userId, action, detail }) {
      insert.run(at, userId, action, detail ? JSON.stringify(detail) : null);
    },
  };
}
