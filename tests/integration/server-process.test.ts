import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const dirs: string[] = [];
const children: ServerProcess[] = [];

function tempDb(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-proc-'));
  dirs.push(dir);
  return path.join(dir, 'sub', 'quita.db');
}

function start(env: Record<string, string>): ServerProcess {
  const run = startServerProcess(env);
  children.push(run);
  return run;
}

afterEach(() => {
  for (const c of children.splice(0)) c.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('dialer server process', () => {
  it('refuses a bad configuration, naming the variable, and exits 2', async () => {
    const run = start({ PORT: 'abc', QUITA_DB_PATH: tempDb() });
    expect(await run.exited).toBe(2);
    expect(run.output().stderr).toContain('PORT="abc"');
  });

  it('seeds demo data once, prints the passwords once, serves, and shuts down cleanly on SIGTERM', async () => {
    const db = tempDb();
    const first = start({ QUITA_DB_PATH: db });
    const url = await first.listening;
    const password = first.passwords().admin;
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(Object.keys(first.passwords()).sort()).toEqual(['admin', 'agent', 'supervisor']);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    // a password must never reach the structured logs
    expect(first.output().stdout.split('\n').filter((l) => l.startsWith('{')).join('\n')).not.toContain(password);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output().stdout).toContain('shutdown complete');

    const second = start({ QUITA_DB_PATH: db });
    await second.listening;
    expect(second.output().stdout).not.toContain('senha:');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.prepare('SELECT COUNT(*) AS n FROM users').get()).toEqual({ n: 3 });
    expect(check.prepare('SELECT COUNT(*) AS n FROM debtors').get()).toEqual({ n: 500 });
    check.close();
  });

  it('a kill during the first start never leaves half a dataset', async () => {
    const db = tempDb();
    const killed = start({ QUITA_DB_PATH: db });
    await new Promise((r) => setTimeout(r, 250));
    killed.child.kill('SIGKILL');
    await killed.exited;
    const again = start({ QUITA_DB_PATH: db });
    await again.listening;
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    const check = new Database(db, { readonly: true });
    expect(check.prepare('SELECT (SELECT COUNT(*) FROM users) AS users, (SELECT COUNT(*) FROM debtors) AS debtors').get()).toEqual({ users: 3, debtors: 500 });
    check.close();
  });

  it('first access without demo data: one admin with a random password printed once; a restart creates nothing', async () => {
    const db = tempDb();
    const first = start({ QUITA_DB_PATH: db, QUITA_DEMO_DATA: 'off' });
    const url = await first.listening;
    const stdout = first.output().stdout;
    expect(stdout).toContain('primeiro acesso');
    expect(Object.keys(first.passwords())).toEqual(['admin']);
    const password = first.passwords().admin!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(stdout).toMatch(/^ {2}admin {6}usuário: admin {8}senha: \S+$/m);
    expect(stdout.split('\n').filter((l) => l.startsWith('{')).join('\n')).not.toContain(password);
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    expect(login.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start({ QUITA_DB_PATH: db, QUITA_DEMO_DATA: 'off' });
    await second.listening;
    expect(second.output().stdout).not.toContain('senha:');
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const check = new Database(db, { readonly: true });
    expect(check.prepare("SELECT username, role, active FROM users").all()).toEqual([{ username: 'admin', role: 'admin', active: 1 }]);
    expect(check.prepare('SELECT (SELECT COUNT(*) FROM debtors) AS debtors, (SELECT COUNT(*) FROM creditors) AS creditors').get()).toEqual({ debtors: 0, creditors: 0 });
    check.close();
  });
});
