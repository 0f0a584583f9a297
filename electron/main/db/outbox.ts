import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { OutboxEntry } from '../../../shared/desktop-bridge';

export interface DesktopOutbox {
  list(): OutboxEntry[];
  /** Same key again: kept once (the first payload wins: it is the one the server may already have). */
  put(entry: OutboxEntry): void;
  remove(key: string): void;
  close(): void;
}

/**
 * Dispositions the server has not acknowledged yet, in a SQLite file under userData: a crash, a closed
 * window or a reboot does not lose them; the renderer sends them again when it is back. WAL + synchronous
 * FULL: an entry the renderer was told is stored survives a power cut.
 */
export function openDesktopOutbox(file: string): DesktopOutbox {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS disposition_outbox (key TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at INTEGER NOT NULL) WITHOUT ROWID');
  // files from before owners were kept: their rows get user_id NULL (sent under whoever signs in, as then)
  const columns = new Set((db.prepare('PRAGMA table_info(disposition_outbox)').all() as { name: string }[]).map((c) => c.name));
  if (!columns.has('user_id')) db.exec("ALTER TABLE disposition_outbox ADD COLUMN user_id INTEGER; ALTER TABLE disposition_outbox ADD COLUMN server_url TEXT NOT NULL DEFAULT ''");
  const list = db.prepare('SELECT key, payload, created_at AS createdAt, user_id AS userId, server_url AS serverUrl FROM disposition_outbox ORDER BY created_at, key');
  const put = db.prepare('INSERT OR IGNORE INTO disposition_outbox (key, payload, created_at, user_id, server_url) VALUES (@key, @payload, @createdAt, @userId, @serverUrl)');
  const remove = db.prepare('DELETE FROM disposition_outbox WHERE key = ?');
  return {
    list: () => list.all() as OutboxEntry[],
    put: (entry) => void put.run(entry),
    remove: (key) => void remove.run(key),
    close: () => db.close(),
  };
}
