import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/src/config';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '0.0.0.0', dbPath: './data/quita.db', demoData: 'auto', corsOrigins: ['app://quita'] });
    expect(c.sessionTtlMs).toBe(12 * 3_600_000);
  });
  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '8080', QUITA_DB_PATH: '/var/lib/quita/q.db', QUITA_DEMO_DATA: 'off', QUITA_SESSION_TTL_HOURS: '8',
      QUITA_CORS_ORIGINS: 'app://quita, https://crm.exemplo.com.br', QUITA_LOG_LEVEL: 'warn',
    });
    expect(c).toMatchObject({ port: 8080, dbPath: '/var/lib/quita/q.db', demoData: 'off', logLevel: 'warn', sessionTtlMs: 8 * 3_600_000 });
    expect(c.corsOrigins).toEqual(['app://quita', 'https://crm.exemplo.com.br']);
  });
  it('has no softphone unless the SIP WebSocket is set; reads the SIP settings', () => {
    expect(loadConfig({}).sip).toBeNull();
    expect(loadConfig({ QUITA_SIP_WS_URL: 'wss://sip.exemplo.com.br:8443/ws', QUITA_SIP_DOMAIN: 'sip.exemplo.com.br', QUITA_SIP_PASSWORD: 'segredo-longo', QUITA_SIP_RING_TIMEOUT_SECONDS: '25' }).sip)
      .toEqual({ wsUrl: 'wss://sip.exemplo.com.br:8443/ws', domain: 'sip.exemplo.com.br', password: 'segredo-longo', ringTimeoutSeconds: 25 });
    expect(loadConfig({ QUITA_SIP_WS_URL: 'ws://127.0.0.1:8080', QUITA_SIP_DOMAIN: '127.0.0.1' }).sip).toMatchObject({ password: null, ringTimeoutSeconds: 30 });
    expect(() => loadConfig({ QUITA_SIP_WS_URL: 'ws://127.0.0.1:8080' })).toThrow(/QUITA_SIP_DOMAIN/);
  });
  it('has no PSP unless the API Pix URL is set (then the client credentials are required); the Pix webhook only with its token', () => {
    expect(loadConfig({})).toMatchObject({ pixApi: null, pixWebhookToken: null });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-config-'));
    const crt = path.join(dir, 'psp.crt');
    const key = path.join(dir, 'psp.key');
    fs.writeFileSync(crt, 'cert');
    fs.writeFileSync(key, 'key');
    expect(loadConfig({ QUITA_PIX_API_URL: 'https://pix.banco.example/api', QUITA_PIX_CLIENT_ID: 'id', QUITA_PIX_CLIENT_SECRET: 's', QUITA_PIX_CERT: crt, QUITA_PIX_CERT_KEY: key, QUITA_PIX_TIMEOUT_SECONDS: '5' }).pixApi)
      .toEqual({ baseUrl: 'https://pix.banco.example/api', clientId: 'id', clientSecret: 's', certPath: crt, keyPath: key, caPath: null, timeoutMs: 5000 });
    // a certificate the server cannot read stops the start like any other bad setting, naming the variable
    expect(() => loadConfig({ QUITA_PIX_API_URL: 'https://pix.banco.example/api', QUITA_PIX_CLIENT_ID: 'id', QUITA_PIX_CLIENT_SECRET: 's', QUITA_PIX_CERT: crt, QUITA_PIX_CERT_KEY: path.join(dir, 'missing.key') }))
      .toThrow(/QUITA_PIX_CERT_KEY: cannot read .*missing\.key \(ENOENT\)/);
    fs.rmSync(dir, { recursive: true });
    expect(() => loadConfig({ QUITA_PIX_API_URL: 'https://pix.banco.example/api' })).toThrow(/QUITA_PIX_CLIENT_ID, QUITA_PIX_CLIENT_SECRET: required/);
    expect(() => loadConfig({ QUITA_PIX_API_URL: 'https://pix.banco.example/api', QUITA_PIX_CLIENT_ID: 'id', QUITA_PIX_CLIENT_SECRET: 's', QUITA_PIX_CERT: '/a.crt' })).toThrow(/set both/);
    expect(loadConfig({ QUITA_PIX_WEBHOOK_TOKEN: 'a'.repeat(40) }).pixWebhookToken).toBe('a'.repeat(40));
  });
  it('treats empty strings as unset', () => {
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });
  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['QUITA_DEMO_DATA', 'yes'],
    ['QUITA_LOG_LEVEL', 'loud'],
    ['QUITA_SESSION_TTL_HOURS', '0'],
    ['QUITA_CORS_ORIGINS', 'not-an-origin'],
    ['QUITA_SIP_WS_URL', 'http://sip.exemplo.com.br'],
    ['QUITA_SIP_PASSWORD', 'short'],
    ['QUITA_SIP_RING_TIMEOUT_SECONDS', '1'],
    ['QUITA_PIX_API_URL', 'ftp://pix.example'],
    ['QUITA_PIX_WEBHOOK_TOKEN', 'curto'],
  ])('a bad %s=%s names the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=${JSON.stringify(value)}`));
  });
});
