import type { PublicUser } from '../../../../shared/api';
import type { UserId } from '../../../../shared/ids';
import type { Role } from '../../../../shared/roles';
import type { NewUser, StoredUser, UserRepository } from '../../ports/repositories';
import type { Db } from './database';

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: number;
  team_id: number | null;
}

const toStored = (r: UserRow): StoredUser => ({
  id: r.id as UserId,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  passwordHash: r.password_hash,
  active: r.active === 1,
});

const toPublic = ({ id, username, displayName, role }: StoredUser): PublicUser => ({ id, username, displayName, role });

export function insertUser(db: Db, user: NewUser, now: number): PublicUser {
  const info = db
    .prepare('INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(user.username, user.displayName, user.role, user.passwordHash, now);
  return { id: Number(info.lastInsertRowid) as UserId, username: user.username, displayName: user.displayName, role: user.role };
}

export function sqliteUsers(db: Db): UserRepository {
  const byName = db.prepare('SELECT * FROM users WHERE username = ?');
  const byId = db.prepare('SELECT * FROM users WHERE id = ?');
  return {
    async update(id, patch) {
      const sets: string[] = [];
      const values: unknown[] = [];
      if (patch.active !== undefined) (sets.push('active = ?'), values.push(patch.active ? 1 : 0));
      if (patch.role !== undefined) (sets.push('role = ?'), values.push(patch.role));
      if (patch.displayName !== undefined) (sets.push('display_name = ?'), values.push(patch.displayName));
      if (sets.length) db.prepare(`UPDATE users SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
      const row = byId.get(id) as UserRow | undefined;
      return row ? { id: row.id as UserId, username: row.username, displayName: row.display_name, role: row.role } : null;
    },
    async setPasswordHash(id, passwordHash) {
      return db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id).changes === 1;
    },
    async findByUsername(username) {
      const row = byName.get(username) as UserRow | undefined;
      return row ? toStored(row) : null;
    },
    async findById(id) {
      const row = byId.get(id) as UserRow | undefined;
      return row ? toStored(row) : null;
    },
    async create(user) {
      return insertUser(db, user, Date.now());
    },
    async list() {
      return (db.prepare('SELECT * FROM users ORDER BY role, username').all() as UserRow[]).map((r) => ({ ...toPublic(toStored(r)), active: r.active === 1, teamId: r.team_id }));
    },
    async count() {
      return (db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
    },
  };
}
