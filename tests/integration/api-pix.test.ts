import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isValidPixPayload } from '../../server/src/domain/billing/pix';
import { apiPixProvider, type ApiPixSettings } from '../../server/src/payments/api-pix';
import type { ChargeRequest } from '../../server/src/ports/payment-provider';
import { startApiPixServer, type ApiPixServer } from '../support/api-pix-server';

let psp: ApiPixServer;
beforeEach(async () => {
  psp = await startApiPixServer();
});
afterEach(async () => {
  await psp.close();
});

const settings = (over: Partial<ApiPixSettings> = {}): ApiPixSettings => ({
  baseUrl: psp.url, clientId: psp.clientId, clientSecret: psp.clientSecret, key: 'cobranca@quita.example', certPath: null, keyPath: null, caPath: null, timeoutMs: 2_000, ...over,
});
const charge = (over: Partial<ChargeRequest> = {}): ChargeRequest => ({
  txid: 'abcdefghijklmnopqrstuvwxyz0123', dueDate: '2026-11-27', validAfterDueDays: 5,
  debtor: { kind: 'cpf', document: '52998224725', name: 'Ana Souza' }, amountCents: 12_345, fineBps: 200, monthlyInterestBps: 100,
  discounts: [{ date: '2026-11-25', bps: 150 }], message: 'Parcela 1/3 do acordo', ...over,
});

describe('API Pix cobv adapter against a local server following the BCB contract (real HTTP)', () => {
  it('registers a charge with its fine, interest and discount, reads it and cancels it; the OAuth token is fetched once and reused', async () => {
    const provider = apiPixProvider(settings());
    const r = await provider.registerCharge(charge());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ txid: 'abcdefghijklmnopqrstuvwxyz0123', status: 'active', amountCents: 12_345 });
    expect(isValidPixPayload(r.data.pixCopyPaste)).toBe(true);
    // what the PSP stored is what the spec asks for: money and percentages with 2 decimals, dates as YYYY-MM-DD
    expect(psp.charges.get('abcdefghijklmnopqrstuvwxyz0123')).toMatchObject({
      calendario: { dataDeVencimento: '2026-11-27', validadeAposVencimento: 5 },
      devedor: { cpf: '52998224725', nome: 'Ana Souza' },
      valor: { original: '123.45', multa: { modalidade: 2, valorPerc: '2.00' }, juros: { modalidade: 3, valorPerc: '1.00' }, desconto: { modalidade: 2, descontoDataFixa: [{ data: '2026-11-25', valorPerc: '1.50' }] } },
      chave: 'cobranca@quita.example',
      solicitacaoPagador: 'Parcela 1/3 do acordo',
      status: 'ATIVA',
    });
    expect(await provider.charge('abcdefghijklmnopqrstuvwxyz0123')).toMatchObject({ ok: true, data: { status: 'active' } });
    expect(await provider.cancelCharge('abcdefghijklmnopqrstuvwxyz0123')).toMatchObject({ ok: true, data: { status: 'removed_by_receiver' } });
    expect(psp.tokensIssued).toBe(1);
    expect(psp.log).toEqual(['POST /oauth/token', 'PUT /v2/cobv/abcdefghijklmnopqrstuvwxyz0123', 'GET /v2/cobv/abcdefghijklmnopqrstuvwxyz0123', 'PATCH /v2/cobv/abcdefghijklmnopqrstuvwxyz0123']);
  });

  it('an expired token is renewed before the call (a minute early)', async () => {
    let now = Date.parse('2026-11-24T13:00:00Z');
    const provider = apiPixProvider(settings(), () => now);
    expect((await provider.registerCharge(charge())).ok).toBe(true);
    now += 3_600_000 - 61_000; // the token lasts 3600 s
    expect((await provider.charge('abcdefghijklmnopqrstuvwxyz0123')).ok).toBe(true);
    expect(psp.tokensIssued).toBe(1);
    now += 2_000;
    expect((await provider.charge('abcdefghijklmnopqrstuvwxyz0123')).ok).toBe(true);
    expect(psp.tokensIssued).toBe(2);
  });

  it('the PSP refusing a charge (problem+json) is named: the violated property and the reason; never retried', async () => {
    const provider = apiPixProvider(settings());
    const noName = await provider.registerCharge(charge({ debtor: { kind: 'cpf', document: '52998224725', name: '' } }));
    expect(noName).toEqual({ ok: false, error: { code: 'bad_request', message: 'API Pix refused the request: Cobrança inválida. — A requisição que busca alterar ou criar uma cobrança com vencimento não respeita o schema ou está semanticamente errada. — cobv.devedor.nome: campo obrigatório (até 200 caracteres)' } });
    const badDate = await provider.registerCharge(charge({ dueDate: '27/11/2026' }));
    expect(badDate).toMatchObject({ ok: false, error: { message: expect.stringContaining('cobv.calendario.dataDeVencimento: data no formato YYYY-MM-DD') } });
    const again = await provider.registerCharge(charge({ txid: 'zzzzzzzzzzzzzzzzzzzzzzzzzz' }));
    expect(again.ok).toBe(true);
    expect(await provider.registerCharge(charge({ txid: 'zzzzzzzzzzzzzzzzzzzzzzzzzz' }))).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('txid: txid já utilizado') } });
    // a txid outside the spec never leaves Quita
    expect(await provider.registerCharge(charge({ txid: 'short' }))).toEqual({ ok: false, error: { code: 'bad_request', message: 'txid: 26 to 35 letters and digits' } });
    expect(await provider.charge('nao0existe0nenhuma0cobranca0')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(psp.log.filter((l) => l.startsWith('PUT')).length).toBe(4);
  });

  it('wrong client credentials are reported, not retried', async () => {
    const provider = apiPixProvider(settings({ clientSecret: 'errado' }));
    const r = await provider.registerCharge(charge());
    expect(r).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('refused the client credentials') } });
    expect(psp.log).toEqual(['POST /oauth/token']);
  });

  it('a 5xx is retried; after the retries it is reported as unavailable', async () => {
    const provider = apiPixProvider(settings());
    psp.failNext(1, 503);
    const once = await provider.registerCharge(charge());
    expect(once).toMatchObject({ ok: true, data: { status: 'active' } });
    psp.failNext(20, 500);
    const down = await provider.registerCharge(charge({ txid: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' }));
    expect(down).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'API Pix failed: Serviço indisponível — O PSP está temporariamente indisponível' } });
    expect(psp.charges.has('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbb')).toBe(false);
  });

  it('a 429 is waited out (its Retry-After) and retried within the retry budget; still 429 after it: unavailable', async () => {
    const provider = apiPixProvider(settings());
    expect(await provider.registerCharge(charge())).toMatchObject({ ok: true });
    psp.failNext(1, 429);
    const started = Date.now();
    expect(await provider.charge(charge().txid)).toMatchObject({ ok: true, data: { status: 'active' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950); // Retry-After: 1 (the first backoff is 300 ms)
    psp.failNext(20, 429);
    expect(await provider.charge(charge().txid)).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'API Pix: too many requests: Muitas requisições — Limite de requisições excedido' } });
    expect(psp.log.filter((l) => l === `GET /v2/cobv/${charge().txid}`)).toHaveLength(2 + 3);
  });

  it('a PUT whose answer is lost (timeout) is not registered twice: the retry finds the charge by its txid', async () => {
    const provider = apiPixProvider(settings({ timeoutMs: 300 }));
    // the PSP registers the charge but its answer never comes
    psp.failNext(1, 'lose');
    const r = await provider.registerCharge(charge());
    expect(r).toMatchObject({ ok: true, data: { txid: 'abcdefghijklmnopqrstuvwxyz0123', status: 'active' } });
    expect(psp.log).toEqual(['POST /oauth/token', 'PUT /v2/cobv/abcdefghijklmnopqrstuvwxyz0123', 'GET /v2/cobv/abcdefghijklmnopqrstuvwxyz0123']);
    expect(psp.charges.size).toBe(1);
    // a request that hangs before the PSP did anything: nothing found, registered on the retry
    psp.failNext(1, 'hang');
    const second = await provider.registerCharge(charge({ txid: 'cccccccccccccccccccccccccccccc' }));
    expect(second).toMatchObject({ ok: true, data: { status: 'active' } });
    expect(psp.log.slice(3)).toEqual(['PUT /v2/cobv/cccccccccccccccccccccccccccccc', 'GET /v2/cobv/cccccccccccccccccccccccccccccc', 'PUT /v2/cobv/cccccccccccccccccccccccccccccc']);
  });

  it('mTLS: with the client certificate the PSP issued (QUITA_PIX_CERT, QUITA_PIX_CERT_KEY, QUITA_PIX_CA) the charge is registered; without it the PSP refuses the connection', async () => {
    // a CA, the PSP's server certificate for 127.0.0.1 and Quita's client certificate, made with openssl
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-mtls-'));
    const f = (name: string) => path.join(dir, name);
    const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
    try {
      ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.crt'), '-days', '2', '-subj', '/CN=PSP Test CA');
      for (const [name, subj, ext] of [['server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1'], ['client', '/CN=quita-client', 'extendedKeyUsage=clientAuth']] as const) {
        ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f(`${name}.key`), '-out', f(`${name}.csr`), '-subj', subj);
        fs.writeFileSync(f(`${name}.ext`), `${ext}\n`);
        ssl('x509', '-req', '-in', f(`${name}.csr`), '-CA', f('ca.crt'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f(`${name}.crt`), '-days', '2', '-extfile', f(`${name}.ext`));
      }
      await psp.close();
      psp = await startApiPixServer({ tls: { key: fs.readFileSync(f('server.key')), cert: fs.readFileSync(f('server.crt')), ca: fs.readFileSync(f('ca.crt')) } });
      expect(psp.url).toMatch(/^https:/);
      const withCert = apiPixProvider(settings({ certPath: f('client.crt'), keyPath: f('client.key'), caPath: f('ca.crt') }));
      expect(await withCert.registerCharge(charge())).toMatchObject({ ok: true, data: { status: 'active' } });
      const without = apiPixProvider(settings({ caPath: f('ca.crt') }));
      expect(await without.registerCharge(charge({ txid: 'dddddddddddddddddddddddddddddd' }))).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(psp.charges.size).toBe(1);
      // a missing certificate file stops the start naming the variable
      expect(() => apiPixProvider(settings({ certPath: f('nope.crt'), keyPath: f('client.key') }))).toThrow(/^QUITA_PIX_CERT: cannot read .*nope\.crt \(ENOENT\)$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
