import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../server/src/demo';
import { createSqliteStore } from '../../server/src/store/sqlite/index';
import { writeMailing } from '../bench/mailing-generator';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], db: string) {
  const child = spawn(process.execPath, [path.resolve('dist/server/import-cli.js'), ...args], {
    env: { PATH: process.env.PATH ?? '', QUITA_DB_PATH: db },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('an import killed half-way (real CLI process, SIGKILL)', () => {
  it('leaves the database exactly as before, is reported as interrupted, and can be retried', async () => {
    const db = path.join(dir, 'quita.db');
    const store = createSqliteStore(db);
    await loadDemoData(store, Date.now());
    await store.close();
    const file = path.join(dir, 'mailing.csv');
    const generated = await writeMailing(file, 80_000, { seed: 7 });
    const snapshot = () => {
      const peek = new Database(db, { readonly: true });
      const row = peek.prepare(`SELECT (SELECT COUNT(*) FROM debtors) d, (SELECT COUNT(*) FROM contracts) c, (SELECT COUNT(*) FROM phones) p,
        (SELECT COUNT(*) FROM campaign_members) m, (SELECT COUNT(*) FROM import_rejections) r,
        (SELECT COUNT(*) FROM sqlite_schema WHERE name = 'phones_e164') e164_index`).get();
      const imports = peek.prepare('SELECT id, status, error FROM imports ORDER BY id').all() as { id: number; status: string; error: string | null }[];
      peek.close();
      return { row, imports };
    };
    const before = snapshot();

    const first = cli([file, '--campaign', '1'], db);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress: ${JSON.stringify(first.output())}`)), 20_000);
      first.child.stdout.on('data', () => {
        const m = [...first.output().stdout.matchAll(/progresso (\d+)%/g)].pop();
        if (m && Number(m[1]) >= 20 && Number(m[1]) < 90) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    first.child.kill('SIGKILL');
    await first.exited;

    const afterKill = snapshot();
    expect(afterKill.row).toEqual(before.row);
    expect(afterKill.imports).toEqual([{ id: 1, status: 'running', error: null }]);

    const retry = cli([file, '--campaign', '1'], db);
    expect(await retry.exited, retry.output().stderr).toBe(0);
    const done = snapshot();
    expect(done.imports[0]).toMatchObject({ id: 1, status: 'failed', error: expect.stringContaining('interrompida') });
    expect(done.imports[1]).toMatchObject({ id: 2, status: 'completed' });
    expect((done.row as { c: number }).c - (before.row as { c: number }).c).toBe(80_000 - generated.badRows);
  });
});
