import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, PAGE_SIZE, WAL_SIZE_LIMIT_BYTES } from '../../../server/src/store/sqlite/database';

const dirs: string[] = [];
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-page-size-'));
  dirs.push(dir);
  return path.join(dir, 'quita.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('database page size', () => {
  it('new files get 8 KB pages, in WAL mode, with the schema', () => {
    const file = tempFile();
    const db = openDatabase(file);
    expect(db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const reopened = new Database(file, { readonly: true });
    expect(reopened.pragma('page_size', { simple: true })).toBe(8192);
    expect(reopened.prepare("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'debtors'").pluck().get()).toBe(1);
    reopened.close();
  });

  it('a WAL grown by one large transaction (a mailing import) is cut back once checkpointed', () => {
    const file = tempFile();
    const db = openDatabase(file);
    db.exec('CREATE TABLE big (b BLOB)');
    const insert = db.prepare('INSERT INTO big VALUES (zeroblob(1048576))');
    db.transaction(() => {
      for (let i = 0; i < 80; i++) insert.run();
    })();
    expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(WAL_SIZE_LIMIT_BYTES);
    db.pragma('wal_checkpoint(PASSIVE)');
    db.exec('DELETE FROM big WHERE rowid = 1'); // the next write starts the WAL over, and cuts the file
    expect(fs.statSync(`${file}-wal`).size).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
    expect(db.prepare('SELECT COUNT(*) FROM big').pluck().get()).toBe(79);
    db.close();
  });

  it('an existing database keeps its page size and its data (nothing rewrites it at start)', () => {
    const file = tempFile();
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec("CREATE TABLE kept (x TEXT); INSERT INTO kept VALUES ('still here')");
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    expect(db.prepare('SELECT x FROM kept').pluck().get()).toBe('still here');
    db.close();
  });
});
