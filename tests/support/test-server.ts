import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import type { LoginResponse } from '../../shared/api';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import type { Result } from '../../shared/result';
import type { Role } from '../../shared/roles';
import { createApp, type QuitaApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { loadDemoData } from '../../server/src/demo';
import { createLogger } from '../../server/src/logger';
import { shiftedClock, systemClock } from '../../server/src/ports/clock';
import { createSqliteStore } from '../../server/src/store/sqlite/index';

export interface TestServer {
  url: string;
  app: QuitaApp;
  dbFile: string;
  passwords: Record<Role, string>;
  usernames: Record<Role, string>;
  close(): Promise<void>;
}

/** A real server: SQLite file in a temp folder, HTTP + socket.io on 127.0.0.1, a free port. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-test-'));
  const dbFile = path.join(dir, 'quita.db');
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', QUITA_DB_PATH: dbFile, QUITA_LOG_LEVEL: 'silent', ...env });
  const store = createSqliteStore(dbFile);
  const creds = await loadDemoData(store, Date.now());
  const app = createApp(config, { store, logger: createLogger('silent'), clock: config.clockStart === null ? systemClock : shiftedClock(config.clockStart), version: 'test', rendererDir: path.join(dir, 'no-renderer'), importWorkerPath: path.resolve('dist/server/import-worker.js') });
  const { port } = await app.listen();
  const byRole = <K extends 'password' | 'username'>(key: K) =>
    Object.fromEntries(creds.map((c) => [c.role, c[key]])) as Record<Role, string>;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    dbFile,
    passwords: byRole('password'),
    usernames: byRole('username'),
    async close() {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function api<T>(base: string, method: string, route: string, options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if ((options.body !== undefined || options.rawBody !== undefined) && !headers['content-type']) headers['content-type'] = 'application/json';
  const response = await fetch(`${base}${route}`, {
    method,
    headers,
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Result<T> };
}

export async function loginAs(server: TestServer, role: Role): Promise<LoginResponse> {
  const r = await api<LoginResponse>(server.url, 'POST', '/api/auth/login', { body: { username: server.usernames[role], password: server.passwords[role] } });
  if (!r.body.ok) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
  return r.body.data;
}

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** `before` attaches listeners before the handshake (the server pushes state as soon as a socket connects). */
export function connectSocket(url: string, token: string | undefined, before?: (socket: TestSocket) => void): Promise<TestSocket> {
  const socket: TestSocket = io(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true, autoConnect: false });
  before?.(socket);
  socket.connect();
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => {
      socket.close();
      reject(e);
    });
  });
}

export function nextEvent<E extends keyof ServerToClientEvents>(socket: TestSocket, event: E, predicate: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true, timeoutMs = 3000): Promise<Parameters<ServerToClientEvents[E]>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!predicate(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args);
    };
    socket.on(event, listener as never);
  });
}

export function emitWithAck<T>(socket: TestSocket, event: keyof ClientToServerEvents, payload: unknown): Promise<Result<T>> {
  return (socket.timeout(3000) as unknown as { emitWithAck(e: string, p: unknown): Promise<Result<T>> }).emitWithAck(event, payload);
}
