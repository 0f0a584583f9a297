import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate } from './migrate';

export type Db = Database.Database;

/** Page size of new database files (docs/benchmarks.md, mailing import). */
export const PAGE_SIZE = 8192;
/**
 * Size the WAL file is cut back to once checkpointed. A mailing import is one transaction: its WAL grows to
 * about what the import adds (~650 MB at a million lines, GBs at several) and SQLite keeps the file at
 * its largest size unless told otherwise.
 */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Opens (creating the folder if needed) a WAL-mode database and brings its schema up to date. */
export function openDatabase(file: string): Db {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  // Only a new (empty) file takes it: an existing database keeps its page size until rebuilt (see
  // docs/configuration.md, Database). 8 KB pages: less CPU for the mailing import than SQLite's 4 KB, with
  // keys in file order and in no order alike (16 KB: faster in order, slower in no order).
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL'); // safe with WAL: a crash loses at most the last commits, never consistency
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
