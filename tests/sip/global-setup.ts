import fs from 'node:fs';
import path from 'node:path';
import { DDD_UF } from '../../shared/phone';
import { E2E_CLOCK_START } from '../e2e/global-setup';
import { startServerProcess } from '../support/server-process';
import { requireTools, SIP_DOMAIN, SIP_PASSWORD, SIP_WS_URL, startKamailio, startRtpengine, stopKamailioByPidFile, type Proc } from './harness';

/** The softphone gives up ringing after this long in the suite (the no-answer test waits for it). */
export const SIP_RING_TIMEOUT_SECONDS = 4;

/**
 * The real-SIP suite: rtpengine (userspace) and Kamailio (UDP + WebSocket) on 127.0.0.1, then the built
 * server on a fresh database configured with that proxy. sipp phones are started per test. A missing tool
 * fails the run (never a skip). Logs: test-results/sip/ (kamailio.log has a REQ/RPL line per message).
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!fs.existsSync('dist/renderer/index.html') || !fs.existsSync('dist/server/main.js')) {
    throw new Error('The app is not built: run `npm run build` before the SIP tests (npm test does it).');
  }
  if (!fs.existsSync(process.env.QUITA_CHROMIUM ?? '/usr/bin/chromium')) {
    throw new Error('Chromium is missing at /usr/bin/chromium: run `bash scripts/install-test-deps.sh`.');
  }
  requireTools();
  const runDir = path.resolve('test-results/sip');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  const started: Proc[] = [];
  const stopAll = async () => {
    for (const p of started.reverse()) await p.stop();
    // the reconnection test restarts Kamailio: stop the one running now
    await stopKamailioByPidFile(runDir);
  };
  try {
    started.push(await startRtpengine(runDir));
    started.push(await startKamailio(runDir));
    const db = path.join(runDir, 'quita.db');
    const spawnedAt = Date.now();
    const server = startServerProcess({
      QUITA_DB_PATH: db,
      QUITA_LOG_LEVEL: 'warn',
      QUITA_CLOCK_START: E2E_CLOCK_START,
      QUITA_SIP_WS_URL: SIP_WS_URL,
      QUITA_SIP_DOMAIN: SIP_DOMAIN,
      QUITA_SIP_PASSWORD: SIP_PASSWORD,
      QUITA_SIP_RING_TIMEOUT_SECONDS: String(SIP_RING_TIMEOUT_SECONDS),
    });
    const url = await server.listening;
    started.push({ child: server.child, exited: server.exited.then((code) => ({ code, signal: null })), output: () => server.output().stderr, stop: async () => { server.child.kill('SIGTERM'); return { code: await server.exited, signal: null }; } });
    const passwords = server.passwords();
    const token = await adminToken(url, passwords.admin!);
    await addLocalCallerIds(url, token);
    process.env.QUITA_SIP_PAYMENT_SECRET = await createIntegration(url, token);
    // the server's clock runs from QUITA_CLOCK_START since it started: signed webhooks need its time
    process.env.QUITA_SIP_CLOCK_OFFSET_MS = String(Date.parse(E2E_CLOCK_START) - spawnedAt);
    process.env.QUITA_E2E_URL = url;
    process.env.QUITA_E2E_DB = db;
    process.env.QUITA_E2E_PASSWORDS = JSON.stringify(passwords);
    process.env.QUITA_SIP_RUN_DIR = runDir;
  } catch (e) {
    await stopAll();
    throw e;
  }
  return stopAll;
}

async function adminToken(url: string, adminPassword: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: adminPassword }) });
  const { data } = (await login.json()) as { data: { token: string } };
  return data.token;
}

/** The bank's payment webhooks (integration `banco-e2e`): returns its secret. */
async function createIntegration(url: string, token: string): Promise<string> {
  const r = await fetch(`${url}/api/admin/integrations`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'banco-e2e', name: 'Banco (e2e)' }) });
  const body = (await r.json()) as { ok: boolean; data?: { secret: string } };
  if (!body.ok || !body.data) throw new Error(`integration not created: ${JSON.stringify(body)}`);
  return body.data.secret;
}

/** One pool number in every DDD, so every debtor is called with a caller ID from its own DDD. */
async function addLocalCallerIds(url: string, token: string): Promise<void> {
  const csv = ['numero;tronco;atestado', ...Object.keys(DDD_UF).map((ddd) => `(${ddd}) 3555-0${ddd}0;sip-e2e;sim`)].join('\n');
  const r = await fetch(`${url}/api/admin/caller-ids/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv });
  if (!r.ok) throw new Error(`caller-ID import failed: ${await r.text()}`);
}
