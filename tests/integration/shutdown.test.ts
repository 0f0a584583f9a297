import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

it('a stop ends within its grace period even when a client holds a request half-sent', async () => {
  server = await startTestServer();
  const { port } = new URL(server.url);
  const client = net.connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', () => resolve()));
  // headers never finished: Node counts the connection as busy and would wait for it (headersTimeout: 60 s)
  client.write('GET /api/health HTTP/1.1\r\nHost: quita\r\n');
  const closedByServer = new Promise<void>((resolve) => client.once('close', () => resolve()));
  await new Promise((r) => setTimeout(r, 100));
  const started = Date.now();
  const app = server;
  server = null;
  await app.close();
  const took = Date.now() - started;
  await closedByServer;
  expect(took).toBeGreaterThanOrEqual(4_500);
  expect(took).toBeLessThan(9_000);
}, 20_000);
