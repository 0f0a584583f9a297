import type { AuditEntry, AuditRepository } from '../../ports/repositories';
import type { Db } from './database';

export function sqliteAudit(db: Db): AuditRepository {
  const insert = db.prepare('INSERT INTO audit_log (at, user_id, action, detail) VALUES (?, ?, ?, ?)');
  return {
    async record({ at, userId, action, detail }) {
      insert.run(at, userId, action, detail ? JSON.stringify(detail) : null);
    },
    async search(q) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (q.userId !== undefined) (where.push('a.user_id = ?'), params.push(q.userId));
      if (q.action) (where.push("a.action LIKE ? ESCAPE '\\'"), params.push(`${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      // the detail is JSON written by the server: "debtorId":<n> with no spaces
      if (q.debtorId !== undefined) (where.push('(a.detail LIKE ? OR a.detail LIKE ?)'), params.push(`%"debtorId":${q.debtorId},%`, `%"debtorId":${q.debtorId}}%`));
      if (q.from !== undefined) (where.push('a.at >= ?'), params.push(q.from));
      if (q.to !== undefined) (where.push('a.at < ?'), params.push(q.to));
      if (q.beforeId !== undefined) (where.push('a.id < ?'), params.push(q.beforeId));
      const rows = db
        .prepare(
          `SELECT a.id, a.at, a.user_id, u.display_name, a.action, a.detail FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
            ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.id DESC LIMIT ?`,
        )
        .all(...params, q.limit) as { id: number; at: number; user_id: number | null; display_name: string | null; action: string; detail: string | null }[];
      return rows.map((r): AuditEntry => ({ id: r.id, at: r.at, userId: r.user_id, userName: r.display_name, action: r.action, detail: r.detail }));
    },
  };
}
