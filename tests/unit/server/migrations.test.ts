import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../server/src/store/sqlite/migrate';
import { MIGRATIONS } from '../../../server/src/store/sqlite/migrations/index';

describe('migrations', () => {
  // numbers are reserved per branch: a gap lasts until the branch holding the missing number is merged
  const last = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  it('are numbered upwards from 1, each once', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
  });
  it('apply on an empty database and are idempotent', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db)).toEqual([]);
    expect(schemaVersion(db)).toBe(last);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'sessions', 'debtors', 'contracts', 'phones', 'campaigns', 'campaign_members', 'caller_ids', 'timeline_events', 'audit_log']));
  });
  it('roll back a failing migration whole, leaving the version where it was', () => {
    const db = new Database(':memory:');
    migrate(db);
    const broken = { version: last + 1, name: 'broken', sql: 'CREATE TABLE t_ok (x); CREATE TABLE users (dup);' };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow(/already exists/);
    expect(schemaVersion(db)).toBe(last);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 't_ok'").get()).toEqual({ n: 0 });
  });
  it('enforce domain constraints (role, phone status, positive amounts)', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(() => db.prepare("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('x','x','root','h',0)").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO debtors (document_kind, document, name, created_at) VALUES ('rg','1','x',0)").run()).toThrow(/CHECK/);
  });
});
