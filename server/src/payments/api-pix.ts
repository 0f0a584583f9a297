import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { err, ok, type Result } from '../../../shared/result';
import type { Charge, ChargeRequest, ChargeStatus, PaymentProvider } from '../ports/payment-provider';

export interface ApiPixSettings {
  /** The PSP's API base, e.g. https://pix.banco.example/api (the adapter adds /oauth/token and /v2/cobv/…). */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The creditor's Pix key the charges are paid to. */
  key: string;
  /** mTLS: real PSPs require the client certificate they issued (PEM files). */
  certPath: string | null;
  keyPath: string | null;
  caPath: string | null;
  timeoutMs: number;
}

/** Retries of a request that failed with 5xx, no answer or 429 (other 4xx are answers, never retried). */
const BACKOFF_MS = [300, 1_000];
/** A 429's Retry-After is waited for up to this long; a longer one ends the retries (the PSP is taken as unavailable). */
const RETRY_AFTER_MAX_MS = 2_000;

const STATUS: Record<string, ChargeStatus> = {
  ATIVA: 'active',
  CONCLUIDA: 'paid',
  REMOVIDA_PELO_USUARIO_RECEBEDOR: 'removed_by_receiver',
  REMOVIDA_PELO_PSP: 'removed_by_psp',
};

const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const percent = (bps: number) => money(bps);
const centsOf = (valor: string) => {
  const m = /^(\d{1,10})\.(\d{2})$/.exec(valor);
  return m ? Number(m[1]) * 100 + Number(m[2]) : NaN;
};

/** A PEM file for the mTLS agent, read once at start; a missing file stops the start naming the variable. */
function pem(path: string | null, variable: string): Buffer | undefined {
  if (path === null) return undefined;
  try {
    return fs.readFileSync(path);
  } catch (e) {
    throw new Error(`${variable}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

interface HttpAnswer {
  status: number;
  json: unknown;
  /** Retry-After (seconds or an HTTP date) in ms; null when absent or unreadable. */
  retryAfterMs: number | null;
}

function retryAfterMs(header: string | undefined, now: number): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** An answer from the PSP that is not a success: a problem+json (4xx, named to the user) or a failure (5xx). */
function problemOf(a: HttpAnswer): string {
  const p = (a.json ?? {}) as { title?: unknown; detail?: unknown; violacoes?: unknown };
  const violations = Array.isArray(p.violacoes)
    ? (p.violacoes as { propriedade?: unknown; razao?: unknown }[]).map((v) => `${String(v.propriedade ?? '?')}: ${String(v.razao ?? '')}`).join('; ')
    : '';
  return [typeof p.title === 'string' ? p.title : `HTTP ${a.status}`, typeof p.detail === 'string' ? p.detail : '', violations].filter(Boolean).join(' — ');
}

/**
 * The Central Bank's standard API Pix (v2) at a PSP: OAuth2 client credentials (the token kept until it
 * expires), charges with due date (cobv) registered with our own txid, read and cancelled. A 5xx or no
 * answer is retried; before registering again the adapter looks the txid up, so a charge the PSP created
 * while the answer was lost is found, not duplicated.
 */
export function apiPixProvider(s: ApiPixSettings, now: () => number = Date.now): PaymentProvider {
  const base = new URL(s.baseUrl.endsWith('/') ? s.baseUrl : `${s.baseUrl}/`);
  const agent =
    base.protocol === 'https:'
      ? new https.Agent({
          keepAlive: true,
          cert: pem(s.certPath, 'QUITA_PIX_CERT'),
          key: pem(s.keyPath, 'QUITA_PIX_CERT_KEY'),
          ca: pem(s.caPath, 'QUITA_PIX_CA'),
        })
      : new http.Agent({ keepAlive: true });
  let token: { value: string; expiresAt: number } | null = null;

  function send(method: string, path: string, headers: Record<string, string>, body: string | null): Promise<HttpAnswer> {
    const url = new URL(path, base);
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(url, { method, agent, headers: { accept: 'application/json', ...headers, ...(body === null ? {} : { 'content-length': String(Buffer.byteLength(body)) }) }, timeout: s.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            json = null;
          }
          const header = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, json, retryAfterMs: retryAfterMs(Array.isArray(header) ? header[0] : header, Date.now()) });
        });
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${s.timeoutMs} ms`)));
      req.on('error', reject);
      req.end(body ?? undefined);
    });
  }

  async function accessToken(): Promise<string> {
    if (token && token.expiresAt > now()) return token.value;
    const basic = Buffer.from(`${s.clientId}:${s.clientSecret}`).toString('base64');
    const a = await send('POST', 'oauth/token', { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, 'grant_type=client_credentials');
    const t = a.json as { access_token?: unknown; expires_in?: unknown } | null;
    if (a.status !== 200 || typeof t?.access_token !== 'string') {
      // wrong credentials are a configuration problem, not worth retrying; a failing PSP is
      const refused = a.status >= 400 && a.status < 500;
      throw new TokenRefused(refused ? `API Pix refused the client credentials (QUITA_PIX_CLIENT_ID/SECRET): ${problemOf(a)}` : `API Pix failed to issue a token: ${problemOf(a)}`, !refused);
    }
    // renewed a minute early, so a token never expires between the check and the request
    const seconds = typeof t.expires_in === 'number' ? t.expires_in : 300;
    token = { value: t.access_token, expiresAt: now() + Math.max(0, seconds - 60) * 1000 };
    return token.value;
  }

  /** One API call with the bearer token; a 401 drops the token and tries once more with a new one. */
  async function call(method: string, path: string, body: unknown): Promise<HttpAnswer> {
    const json = body === undefined ? null : JSON.stringify(body);
    const headers = (t: string) => ({ authorization: `Bearer ${t}`, ...(json === null ? {} : { 'content-type': 'application/json' }) });
    let a = await send(method, path, headers(await accessToken()), json);
    if (a.status === 401) {
      token = null;
      a = await send(method, path, headers(await accessToken()), json);
    }
    return a;
  }

  function chargeOf(a: HttpAnswer): Result<Charge> {
    const c = a.json as { txid?: unknown; status?: unknown; pixCopiaECola?: unknown; valor?: { original?: unknown }; pix?: unknown } | null;
    const status = typeof c?.status === 'string' ? STATUS[c.status] : undefined;
    const amountCents = typeof c?.valor?.original === 'string' ? centsOf(c.valor.original) : NaN;
    if (!c || typeof c.txid !== 'string' || !status || typeof c.pixCopiaECola !== 'string' || !Number.isInteger(amountCents)) {
      return err('unavailable', 'API Pix answered a charge without txid, status, valor.original or pixCopiaECola');
    }
    const paidBy = (Array.isArray(c.pix) ? (c.pix as { endToEndId?: unknown; valor?: unknown; horario?: unknown }[]) : [])
      .filter((p) => typeof p.endToEndId === 'string' && typeof p.valor === 'string' && typeof p.horario === 'string' && Number.isInteger(centsOf(p.valor)))
      .map((p) => ({ endToEndId: p.endToEndId as string, amountCents: centsOf(p.valor as string), paidAt: p.horario as string }));
    return ok({ txid: c.txid, status, pixCopyPaste: c.pixCopiaECola, amountCents, paidBy });
  }

  /**
   * 2xx: the charge; 4xx: refused (the PSP's problem named); 5xx, no answer or 429 (too many requests, after
   * its Retry-After): 'unavailable', worth retrying.
   */
  async function attempt(method: string, txid: string, body?: unknown): Promise<{ result: Result<Charge>; retry: boolean; waitMs?: number | null }> {
    let a: HttpAnswer;
    try {
      a = await call(method, `v2/cobv/${encodeURIComponent(txid)}`, body);
    } catch (e) {
      if (e instanceof TokenRefused) return { result: err('unavailable', e.message), retry: e.retry };
      return { result: err('unavailable', `API Pix did not answer: ${(e as Error).message}`), retry: true };
    }
    if (a.status >= 200 && a.status < 300) return { result: chargeOf(a), retry: false };
    if (a.status === 429) return { result: err('unavailable', `API Pix: too many requests: ${problemOf(a)}`), retry: true, waitMs: a.retryAfterMs };
    if (a.status === 404) return { result: err('not_found', `API Pix: ${problemOf(a)}`), retry: false };
    if (a.status >= 400 && a.status < 500) return { result: err('bad_request', `API Pix refused the request: ${problemOf(a)}`), retry: false };
    return { result: err('unavailable', `API Pix failed: ${problemOf(a)}`), retry: true };
  }

  async function withRetries(run: () => ReturnType<typeof attempt>, beforeRetry?: () => Promise<Result<Charge> | null>): Promise<Result<Charge>> {
    let r = await run();
    for (const backoff of BACKOFF_MS) {
      if (!r.retry) return r.result;
      const wait = Math.max(backoff, r.waitMs ?? 0);
      if (wait > RETRY_AFTER_MAX_MS) return r.result;
      await new Promise((resolve) => setTimeout(resolve, wait));
      const found = await beforeRetry?.();
      if (found) return found;
      r = await run();
    }
    return r.result;
  }

  return {
    registerCharge(c: ChargeRequest) {
      if (!/^[a-zA-Z0-9]{26,35}$/.test(c.txid)) return Promise.resolve(err('bad_request', 'txid: 26 to 35 letters and digits'));
      const body = {
        calendario: { dataDeVencimento: c.dueDate, validadeAposVencimento: c.validAfterDueDays },
        devedor: { [c.debtor.kind]: c.debtor.document, nome: c.debtor.name.slice(0, 200) },
        valor: {
          original: money(c.amountCents),
          multa: { modalidade: 2, valorPerc: percent(c.fineBps) }, // 2: percentage of the amount
          juros: { modalidade: 3, valorPerc: percent(c.monthlyInterestBps) }, // 3: % a month, calendar days
          ...(c.discounts.length ? { desconto: { modalidade: 2, descontoDataFixa: c.discounts.map((d) => ({ data: d.date, valorPerc: percent(d.bps) })) } } : {}),
        },
        chave: s.key,
        solicitacaoPagador: c.message.slice(0, 140),
      };
      return withRetries(
        () => attempt('PUT', c.txid, body),
        // the lost answer may have been a success: find the charge instead of creating it twice
        async () => {
          const existing = await attempt('GET', c.txid);
          return existing.result.ok ? existing.result : null;
        },
      );
    },
    charge(txid) {
      return withRetries(() => attempt('GET', txid));
    },
    cancelCharge(txid) {
      return withRetries(() => attempt('PATCH', txid, { status: 'REMOVIDA_PELO_USUARIO_RECEBEDOR' }));
    },
  };
}

class TokenRefused extends Error {
  constructor(message: string, readonly retry: boolean) {
    super(message);
  }
}
