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
  ])('a bad %s=%s names the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}=${JSON.stringify(value)}`));
  });
});
