import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { io } from 'socket.io-client';
import { hashToken } from '../../server/src/auth/auth-service';
import type { DialCommand, Lead } from '../../shared/dialer';
import type { DebtorId, LeaseId } from '../../shared/ids';
import type { Result } from '../../shared/result';
import { createApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { createLogger } from '../../server/src/logger';
import { signPayload } from '../../server/src/payments/signature';
import { shiftedClock } from '../../server/src/ports/clock';
import { seededRng } from '../../server/src/domain/random';
import { openDatabase } from '../../server/src/store/sqlite/database';
import { createSqliteStore } from '../../server/src/store/sqlite/index';
import { seedBenchCampaign } from './seed';

/**
 * npm run bench:payments [-- --rate 500] [-- --seconds 20] [-- --agents 200] [-- --debtors 100000]
 * The real server (HTTP, socket.io, SQLite file) receives signed payment webhooks at a steady rate from one
 * thread over TCP while 200 agents — real socket.io clients in another thread — go ready, get leads pushed,
 * dial them after a short preview and report no answer, over and over. Prints the latency
 * from sending a webhook to its acknowledgement (the debtor is out of every queue before the server
 * answers), and counts dials of a debtor after its payment was taken out of collection (must be 0).
 * Target: p99 < 50 ms at 500 webhooks/s with 200 agents; zero dials after acknowledgement.
 */
const SECRET = 'bench-secret-0123456789';

interface AgentsData {
  kind: 'agents';
  url: string;
  tokens: string[];
  seconds: number;
}

/** 200 agents as real socket.io clients: ready → lead pushed → preview → dial → no answer → next lead. */
async function agents(d: AgentsData): Promise<void> {
  let leads = 0;
  let dials = 0;
  const rng = seededRng(5);
  const sockets = d.tokens.map((token) => {
    const socket = io(d.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    const ack = <T>(event: string, payload: unknown) =>
      new Promise<Result<T>>((resolve) => socket.timeout(10_000).emit(event as never, payload as never, ((e: Error | null, r: Result<T>) => resolve(e ? { ok: false, error: { code: 'internal', message: 'timeout' } } : r)) as never));
    socket.on('connect', () => void setTimeout(() => void ack('agent:setState', { state: 'available' }), rng() * 1000));
    socket.on('dialer:lead', (lead: Lead) => {
      leads++;
      setTimeout(async () => {
        const dialed = await ack<DialCommand>('dialer:dial', { leaseId: lead.leaseId as LeaseId });
        if (!dialed.ok) return; // paid meanwhile: the server already pushed the next lead
        dials++;
        setTimeout(() => void ack('dialer:callEvent', { attemptId: dialed.data.attemptId, event: 'ended', outcome: 'no_answer' }), rng() * 500);
      }, 300 + rng() * 2700);
    });
    return socket;
  });
  await new Promise((r) => setTimeout(r, (d.seconds + 2) * 1000));
  for (const s of sockets) s.disconnect();
  parentPort!.postMessage({ leads, dials, connected: sockets.length });
}

interface SenderData {
  kind: 'sender';
  url: string;
  rate: number;
  seconds: number;
  payments: { document: string; amountCents: number }[];
}

async function sender(d: SenderData): Promise<void> {
  const latencies: number[] = [];
  const sentAt: number[] = [];
  let failures = 0;
  const started = performance.now();
  const total = Math.min(d.payments.length, Math.round(d.rate * d.seconds));
  const inflight: Promise<void>[] = [];
  // a provider sends over a pool of kept-alive connections (not a new TCP connection per payment)
  const pool = new http.Agent({ keepAlive: true, maxSockets: 64 });
  for (let i = 0; i < total; i++) {
    // a steady rate: request i leaves at i / rate seconds, however long earlier ones take
    const due = started + (i * 1000) / d.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const p = d.payments[i]!;
    const raw = JSON.stringify({ paymentId: `BENCH-${i}`, document: p.document, amountCents: p.amountCents, paidAt: '2026-11-24T09:00:00-03:00' });
    const ts = Math.floor(Date.parse('2026-11-24T13:00:00Z') / 1000 + (performance.now() - started) / 1000);
    const t0 = performance.now();
    sentAt[i] = performance.timeOrigin + t0;
    inflight.push(
      new Promise<void>((resolve) => {
        const req = http.request(
          `${d.url}/api/v1/payments`,
          {
            method: 'POST',
            agent: pool,
            headers: { 'content-type': 'application/json', 'x-quita-integration': 'bench', 'x-quita-timestamp': String(ts), 'x-quita-signature': signPayload(SECRET, ts, raw) },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              latencies.push(performance.now() - t0);
              if (res.statusCode !== 200) failures++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          failures++;
          resolve();
        });
        req.end(raw);
      }),
    );
  }
  await Promise.all(inflight);
  pool.destroy();
  parentPort!.postMessage({ latencies, sentAt, failures, seconds: (performance.now() - started) / 1000 });
}

const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);

async function main(): Promise<boolean> {
  const RATE = arg('--rate', 500);
  const SECONDS = arg('--seconds', 20);
  const AGENTS = arg('--agents', 200);
  const DEBTORS = arg('--debtors', 100_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-bench-payments-'));
  const file = path.join(dir, 'quita.db');
  try {
    const db = openDatabase(file);
    const rng = seededRng(11);
    const amounts: number[] = [];
    const cpfs = seedBenchCampaign(db, {
      agents: AGENTS,
      debtors: DEBTORS,
      debtor: (id) => {
        amounts[id] = 10_000 + Math.floor(rng() * 1_000_000);
        return { amountCents: amounts[id]!, dueDate: '2025-03-10', phones: [`+55119${String(id).padStart(8, '0')}`] };
      },
      // a pool big enough for the day (each number is capped at 200 calls a day)
      callerIds: Array.from({ length: 50 }, (_, i) => `+5511300000${String(i).padStart(2, '0')}`),
    });
    db.transaction(() => {
      const session = db.prepare('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, 0, ?)');
      for (let i = 1; i <= AGENTS; i++) session.run(hashToken(`bench-agent-token-${i}`), i, Date.parse('2027-01-01T00:00:00Z'));
      db.prepare("INSERT INTO integrations (id, name, secret, created_at) VALUES ('bench', 'Bench', ?, 0)").run(SECRET);
    })();
    db.close();
    const payments = cpfs.map((document, i) => ({ document, amountCents: amounts[i + 1]! }));
    // pay debtors in a random order, so payments hit leads in every state (queued, prepared, on screen, ringing)
    for (let i = payments.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [payments[i], payments[j]] = [payments[j]!, payments[i]!];
    }

    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', QUITA_DB_PATH: file, QUITA_LOG_LEVEL: 'silent' });
    const clock = shiftedClock(Date.parse('2026-11-24T13:00:00Z')); // a Tuesday 10:00 in Brasília
    const store = createSqliteStore(file);
    const app = createApp(config, { store, logger: createLogger('silent'), clock, version: 'bench', rendererDir: path.join(dir, 'none'), importWorkerPath: path.join(dir, 'none.js') });
    const { port } = await app.listen();
    const dialer = app.dialer;

    // every dial command is checked against the debtors already taken out of collection
    const stopped = new Set<number>();
    let dialsAfterPayment = 0;
    const stop = dialer.stopDebtor.bind(dialer);
    dialer.stopDebtor = (id: DebtorId, amount: number) => {
      const r = stop(id, amount);
      stopped.add(id);
      return r;
    };
    const dial = dialer.dial.bind(dialer);
    dialer.dial = async (userId, leaseId) => {
      const r = await dial(userId, leaseId);
      if (r.ok && stopped.has(r.data.debtorId)) dialsAfterPayment++;
      return r;
    };

    // when the server got to each payment (wall clock shared with the sender thread)
    const handledAt = new Map<string, number>();
    const record = store.payments.recordPayment.bind(store.payments);
    store.payments.recordPayment = async (input) => {
      handledAt.set(input.externalId, performance.timeOrigin + performance.now());
      return record(input);
    };
    const url = `http://127.0.0.1:${port}`;
    const floor = new Worker(new URL(import.meta.url), { workerData: { kind: 'agents', url, seconds: SECONDS, tokens: Array.from({ length: AGENTS }, (_, i) => `bench-agent-token-${i + 1}`) } satisfies AgentsData });
    const floorDone = new Promise<{ leads: number; dials: number }>((resolve, reject) => {
      floor.once('message', resolve);
      floor.once('error', reject);
    });
    await new Promise((r) => setTimeout(r, 1500)); // the floor logs in and takes its first leads
    const cpuStart = process.cpuUsage();
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const worker = new Worker(new URL(import.meta.url), { workerData: { kind: 'sender', url, rate: RATE, seconds: SECONDS, payments } satisfies SenderData });
    const result = await new Promise<{ latencies: number[]; sentAt: number[]; failures: number; seconds: number }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const cpu = process.cpuUsage(cpuStart);
    loopDelay.disable();
    const work = await floorDone;
    await app.close();

    const lat = result.latencies.sort((a, b) => a - b);
    const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))]!;
    const check = new Database(file, { readonly: true });
    const paidAfter = check
      .prepare(
        `SELECT COUNT(*) FROM dial_attempts a JOIN payments p ON p.debtor_id = a.debtor_id WHERE a.started_at > p.received_at`,
      )
      .pluck()
      .get() as number;
    const paymentsStored = check.prepare('SELECT COUNT(*) FROM payments').pluck().get() as number;
    check.close();
    const achieved = lat.length / result.seconds;
    console.log(`${lat.length.toLocaleString('en')} webhooks in ${result.seconds.toFixed(1)} s (${achieved.toFixed(0)}/s; ${result.failures} not 200), ${paymentsStored.toLocaleString('en')} payments stored`);
    console.log(`${AGENTS} socket.io agents received ${work.leads.toLocaleString('en')} leads and dialed ${work.dials.toLocaleString('en')} meanwhile; server process CPU ${((cpu.user + cpu.system) / 1e6 / result.seconds * 100).toFixed(0)}% of a core (the sender and agents threads included)`);
    console.log(`webhook sent → acknowledged (debtor already out of every queue): p50 ${pct(50).toFixed(2)} ms  p95 ${pct(95).toFixed(2)} ms  p99 ${pct(99).toFixed(2)} ms  max ${lat.at(-1)!.toFixed(2)} ms`);
    const toServer = result.sentAt.map((t, i) => (handledAt.get(`BENCH-${i}`) ?? t) - t).sort((a, b) => a - b);
    console.log(`sent → the server starts applying it: p50 ${toServer[Math.floor(toServer.length / 2)]!.toFixed(1)} ms, p99 ${toServer[Math.floor(toServer.length * 0.99)]!.toFixed(1)} ms`);
    console.log(`server event loop delay: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
    console.log(`dials after a payment: ${dialsAfterPayment} seen live, ${paidAfter} attempts in the database started after their debtor's payment`);
    const pass = pct(99) < 50 && achieved >= RATE * 0.95 && result.failures === 0 && dialsAfterPayment === 0 && paidAfter === 0;
    console.log(`target: p99 < 50 ms at ${RATE} webhooks/s with ${AGENTS} agents, zero dials after acknowledgement — ${pass ? 'PASS' : 'FAIL'}`);
    return pass;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isMainThread) {
  process.exitCode = (await main()) ? 0 : 1;
} else if ((workerData as AgentsData | SenderData).kind === 'agents') {
  await agents(workerData as AgentsData);
} else {
  await sender(workerData as SenderData);
}
