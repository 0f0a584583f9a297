import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadDemoData } from '../../server/src/demo';
import { runImport, type ImportRequest } from '../../server/src/mailing/run-import';
import { systemClock } from '../../server/src/ports/clock';
import type { Store } from '../../server/src/ports/repositories';
import { createSqliteStore } from '../../server/src/store/sqlite/index';

export const FIXTURES = path.resolve('tests/fixtures/mailings');

/** A real SQLite file with the demo dataset (campaign 1 on portfolio 1), and a read-only peek at it. */
export async function mailingTestStore() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-mailing-'));
  const dbFile = path.join(dir, 'quita.db');
  const store: Store = createSqliteStore(dbFile);
  await loadDemoData(store, Date.now());
  const peek = new Database(dbFile, { readonly: true });
  return {
    store,
    dir,
    dbFile,
    peek,
    count: (sql: string, ...params: unknown[]) => (peek.prepare(sql).pluck().get(...params) as number),
    run: (request: Omit<ImportRequest, 'campaignId'> & { campaignId?: number }) => runImport(store.mailing, systemClock, { campaignId: 1, ...request }),
    async close() {
      peek.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
