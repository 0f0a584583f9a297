import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../support/server-process';

export const E2E_CLOCK_START = '2026-11-24T10:00:00-03:00';

/** Starts the built server on a fresh database; tests read its URL and the printed demo passwords from env. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!fs.existsSync('dist/renderer/index.html') || !fs.existsSync('dist/server/main.js')) {
    throw new Error('The app is not built: run `npm run build` before the e2e tests (npm test does it).');
  }
  if (!fs.existsSync(process.env.QUITA_CHROMIUM ?? '/usr/bin/chromium')) {
    throw new Error('Chromium is missing at /usr/bin/chromium: run `bash scripts/install-test-deps.sh` (apt package chromium).');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-e2e-'));
  // a Tuesday 10:00 in Brasília: inside calling hours whenever the suite runs (night, Sunday)
  const server = startServerProcess({ QUITA_DB_PATH: path.join(dir, 'quita.db'), QUITA_LOG_LEVEL: 'warn', QUITA_CLOCK_START: E2E_CLOCK_START });
  process.env.QUITA_E2E_URL = await server.listening;
  // tests read facts a user would have on paper (a debtor's full CPF) straight from the database
  process.env.QUITA_E2E_DB = path.join(dir, 'quita.db');
  process.env.QUITA_E2E_PASSWORDS = JSON.stringify(server.passwords());
  return async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
