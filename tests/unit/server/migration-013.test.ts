import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/src/store/sqlite/migrate';

describe('migration 13: dispositions and promises', () => {
  it('adds the reason for default, one row per disposition key, and promises with their checks', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect((db.prepare('PRAGMA table_info(dial_attempts)').all() as { name: string }[]).map((c) => c.name)).toContain('default_reason');
    db.prepare("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('a','A','agent','h',0)").run();
    db.prepare("INSERT INTO debtors (document_kind, document, name, created_at) VALUES ('cpf','52998224725','D',0)").run();
    db.prepare("INSERT INTO promises (debtor_id, amount_cents, due_date, created_at) VALUES (1, 100, '2026-11-30', 0)").run();
    expect(db.prepare('SELECT status FROM promises').pluck().get()).toBe('open');
    expect(() => db.prepare("INSERT INTO promises (debtor_id, amount_cents, due_date, created_at) VALUES (1, 0, '2026-11-30', 0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE promises SET status = 'forgotten'").run()).toThrow(/CHECK/);
    db.pragma('foreign_keys = OFF');
    db.prepare("INSERT INTO dispositions (key, user_id, lease_id, outcome, at) VALUES ('k1', 1, 1, 'rpc', 0)").run();
    expect(() => db.prepare("INSERT INTO dispositions (key, user_id, lease_id, outcome, at) VALUES ('k1', 1, 2, 'rpc', 0)").run()).toThrow(/UNIQUE|PRIMARY/);
  });
});
