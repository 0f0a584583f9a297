import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { pixPayload } from '../../server/src/domain/billing/pix';

/**
 * A local PSP that follows the BCB's API Pix v2 contract for charges with due date (cobv): OAuth2 client
 * credentials at POST /oauth/token, then PUT / GET / PATCH /v2/cobv/{txid} with a bearer token. Requests
 * are validated by the spec's rules and refused with its problem+json (type, title, status, detail,
 * violacoes). Test knobs: fail or hang the next requests, pay a charge (POSTing the PSP's webhook).
 */
export interface ApiPixServer {
  url: string;
  clientId: string;
  clientSecret: string;
  charges: Map<string, Record<string, unknown>>;
  /** Every request received, in order ("PUT /v2/cobv/…"). */
  log: string[];
  tokensIssued: number;
  /**
   * The next n API calls (not the token) answer this status with a problem body (5xx; 429 with Retry-After: 1), never answer before
   * doing anything ('hang'), or do their work and lose the answer ('lose').
   */
  failNext(n: number, how: number | 'hang' | 'lose'): void;
  /** Back to normal: pending failures dropped. */
  recover(): void;
  /**
   * Marks the charge paid (CONCLUIDA, the Pix listed on it) and POSTs the webhook {pix:[…]} to
   * `${webhookUrl}/pix`, as the PSP would; webhookUrl null: the webhook is lost.
   */
  pay(txid: string, webhookUrl: string | null, opts?: { amount?: string; endToEndId?: string }): Promise<{ status: number; body: unknown; endToEndId: string }>;
  close(): Promise<void>;
}

const ERR = 'https://pix.bcb.gov.br/api/v2/error/';
const problem = (status: number, type: string, title: string, detail: string, violacoes?: { razao: string; propriedade: string }[]) => ({
  type: `${ERR}${type}`, title, status, detail, ...(violacoes ? { violacoes } : {}),
});
const MONEY = /^\d{1,10}\.\d{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The spec's rules for PUT /cobv/{txid}: the violated ones, with the property's path. */
function violations(body: Record<string, unknown>): { razao: string; propriedade: string }[] {
  const v: { razao: string; propriedade: string }[] = [];
  const cal = body.calendario as Record<string, unknown> | undefined;
  if (!cal || typeof cal.dataDeVencimento !== 'string') v.push({ razao: 'campo obrigatório', propriedade: 'cobv.calendario.dataDeVencimento' });
  else if (!DATE.test(cal.dataDeVencimento) || Number.isNaN(Date.parse(cal.dataDeVencimento))) v.push({ razao: 'data no formato YYYY-MM-DD', propriedade: 'cobv.calendario.dataDeVencimento' });
  if (cal && cal.validadeAposVencimento !== undefined && !(Number.isInteger(cal.validadeAposVencimento) && (cal.validadeAposVencimento as number) >= 0)) {
    v.push({ razao: 'inteiro não negativo', propriedade: 'cobv.calendario.validadeAposVencimento' });
  }
  const dev = body.devedor as Record<string, unknown> | undefined;
  if (!dev) v.push({ razao: 'campo obrigatório', propriedade: 'cobv.devedor' });
  else {
    if (typeof dev.nome !== 'string' || !dev.nome.trim() || dev.nome.length > 200) v.push({ razao: 'campo obrigatório (até 200 caracteres)', propriedade: 'cobv.devedor.nome' });
    const cpf = typeof dev.cpf === 'string' && /^\d{11}$/.test(dev.cpf);
    const cnpj = typeof dev.cnpj === 'string' && /^[0-9A-Z]{12}\d{2}$/.test(dev.cnpj);
    if ((dev.cpf !== undefined) === (dev.cnpj !== undefined) || !(cpf || cnpj)) v.push({ razao: 'informe cpf (11 dígitos) ou cnpj (14)', propriedade: 'cobv.devedor.cpf' });
  }
  const valor = body.valor as Record<string, unknown> | undefined;
  if (!valor || typeof valor.original !== 'string' || !MONEY.test(valor.original) || valor.original === '0.00') {
    v.push({ razao: 'valor com duas casas decimais, maior que zero', propriedade: 'cobv.valor.original' });
  }
  for (const [part, modes] of [['multa', [1, 2]], ['juros', [1, 2, 3, 4, 5, 6, 7, 8]]] as const) {
    const x = valor?.[part] as Record<string, unknown> | undefined;
    if (x === undefined) continue;
    if (!(modes as readonly number[]).includes(x.modalidade as number)) v.push({ razao: 'modalidade inválida', propriedade: `cobv.valor.${part}.modalidade` });
    if (typeof x.valorPerc !== 'string' || !MONEY.test(x.valorPerc)) v.push({ razao: 'valor com duas casas decimais', propriedade: `cobv.valor.${part}.valorPerc` });
  }
  const desconto = valor?.desconto as Record<string, unknown> | undefined;
  if (desconto !== undefined) {
    if (![1, 2].includes(desconto.modalidade as number)) v.push({ razao: 'modalidade 1 ou 2 com descontoDataFixa', propriedade: 'cobv.valor.desconto.modalidade' });
    const fixed = desconto.descontoDataFixa;
    if (!Array.isArray(fixed) || fixed.length < 1 || fixed.length > 3) v.push({ razao: 'de 1 a 3 datas', propriedade: 'cobv.valor.desconto.descontoDataFixa' });
    else fixed.forEach((d: { data?: unknown; valorPerc?: unknown }, i) => {
      if (typeof d.data !== 'string' || !DATE.test(d.data)) v.push({ razao: 'data no formato YYYY-MM-DD', propriedade: `cobv.valor.desconto.descontoDataFixa[${i}].data` });
      if (typeof d.valorPerc !== 'string' || !MONEY.test(d.valorPerc)) v.push({ razao: 'valor com duas casas decimais', propriedade: `cobv.valor.desconto.descontoDataFixa[${i}].valorPerc` });
    });
  }
  if (typeof body.chave !== 'string' || !body.chave || body.chave.length > 77) v.push({ razao: 'campo obrigatório', propriedade: 'cobv.chave' });
  if (body.solicitacaoPagador !== undefined && (typeof body.solicitacaoPagador !== 'string' || body.solicitacaoPagador.length > 140)) {
    v.push({ razao: 'até 140 caracteres', propriedade: 'cobv.solicitacaoPagador' });
  }
  return v;
}

/** tls: serve HTTPS and demand a client certificate signed by `ca` (mTLS, as real PSPs do). */
export async function startApiPixServer(opts: { tls?: { key: Buffer; cert: Buffer; ca: Buffer } } = {}): Promise<ApiPixServer> {
  const clientId = 'quita-client';
  const clientSecret = 'segredo-do-psp';
  const tokens = new Set<string>();
  const charges = new Map<string, Record<string, unknown>>();
  const log: string[] = [];
  const failures: (number | 'hang' | 'lose')[] = [];
  const hanging: http.ServerResponse[] = [];
  let locs = 0;
  let url = '';
  const state = { tokensIssued: 0 };

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0]!;
      log.push(`${req.method} ${path}`);
      let lose = false;
      const send = (status: number, body: unknown, type = 'application/json') => {
        if (lose) return void hanging.push(res);
        res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
      };
      const fail = (status: number, type: string, title: string, detail: string, v?: { razao: string; propriedade: string }[]) => send(status, problem(status, type, title, detail, v), 'application/problem+json');

      if (req.method === 'POST' && path === '/oauth/token') {
        const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':') : [];
        if (id !== clientId || secret !== clientSecret) return send(401, { error: 'invalid_client' });
        if (new URLSearchParams(raw).get('grant_type') !== 'client_credentials') return send(400, { error: 'unsupported_grant_type' });
        const token = randomBytes(16).toString('hex');
        tokens.add(token);
        state.tokensIssued++;
        return send(200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: 'cobv.write cobv.read' });
      }
      const m = /^\/v2\/cobv\/([^/]*)$/.exec(path);
      if (!m) return fail(404, 'NaoEncontrado', 'Não encontrado', 'Rota inexistente');
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !tokens.has(bearer)) return fail(401, 'AcessoNegado', 'Acesso negado', 'Requisição sem token de acesso válido');
      const next = failures.shift();
      if (next === 'hang') return void hanging.push(res);
      if (next === 'lose') lose = true;
      else if (next === 429) {
        // rate limited: come back in a second
        return void res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1' })
          .end(JSON.stringify(problem(429, 'MuitasRequisicoes', 'Muitas requisições', 'Limite de requisições excedido')));
      } else if (next !== undefined) return fail(next, 'ServicoIndisponivel', 'Serviço indisponível', 'O PSP está temporariamente indisponível');
      const txid = decodeURIComponent(m[1]!);
      if (!/^[a-zA-Z0-9]{26,35}$/.test(txid)) return fail(400, 'CobVOperacaoInvalida', 'Cobrança inválida.', 'O txid deve ter de 26 a 35 caracteres alfanuméricos', [{ razao: 'txid inválido', propriedade: 'txid' }]);
      let body: Record<string, unknown> = {};
      if (req.method !== 'GET') {
        if (!/^application\/json/.test(req.headers['content-type'] ?? '')) return fail(400, 'RequisicaoInvalida', 'Requisição inválida.', 'Content-Type deve ser application/json');
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          return fail(400, 'RequisicaoInvalida', 'Requisição inválida.', 'O corpo não é um JSON válido');
        }
      }
      const existing = charges.get(txid);
      if (req.method === 'GET') {
        return existing ? send(200, existing) : fail(404, 'CobVNaoEncontrado', 'Cobrança não encontrada.', `Nenhuma cobrança com o txid ${txid}`);
      }
      if (req.method === 'PUT') {
        if (existing) return fail(400, 'CobVOperacaoInvalida', 'Cobrança inválida.', `Já existe uma cobrança com o txid ${txid}`, [{ razao: 'txid já utilizado', propriedade: 'txid' }]);
        const v = violations(body);
        if (v.length) return fail(400, 'CobVOperacaoInvalida', 'Cobrança inválida.', 'A requisição que busca alterar ou criar uma cobrança com vencimento não respeita o schema ou está semanticamente errada.', v);
        const valor = body.valor as { original: string };
        const location = `pix.psp.example/qr/v2/cobv/${randomBytes(8).toString('hex')}`;
        const charge = {
          ...body,
          txid,
          revisao: 0,
          calendario: { criacao: new Date().toISOString(), ...(body.calendario as object) },
          loc: { id: ++locs, location, tipoCob: 'cobv' },
          status: 'ATIVA',
          recebedor: { nome: 'BANCO EXEMPLO SA', cnpj: '11222333000181' },
          pixCopiaECola: pixPayload({ location, merchantName: 'BANCO EXEMPLO SA', merchantCity: 'SAO PAULO', amountCents: Number(valor.original.replace('.', '')) }),
        };
        charges.set(txid, charge);
        return send(201, charge);
      }
      if (req.method === 'PATCH') {
        if (!existing) return fail(404, 'CobVNaoEncontrado', 'Cobrança não encontrada.', `Nenhuma cobrança com o txid ${txid}`);
        if (body.status !== undefined && body.status !== 'REMOVIDA_PELO_USUARIO_RECEBEDOR') {
          return fail(400, 'CobVOperacaoInvalida', 'Cobrança inválida.', 'status só pode ser REMOVIDA_PELO_USUARIO_RECEBEDOR', [{ razao: 'valor não permitido', propriedade: 'cobv.status' }]);
        }
        if (existing.status !== 'ATIVA') return fail(400, 'CobVOperacaoInvalida', 'Cobrança inválida.', `A cobrança está ${String(existing.status)}`);
        const revised = { ...existing, ...body, revisao: (existing.revisao as number) + 1 };
        charges.set(txid, revised);
        return send(200, revised);
      }
      return fail(405, 'RequisicaoInvalida', 'Método não permitido', `${req.method} não é aceito`);
    });
  };
  const server = opts.tls ? https.createServer({ ...opts.tls, requestCert: true, rejectUnauthorized: true }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    clientId,
    clientSecret,
    charges,
    log,
    get tokensIssued() {
      return state.tokensIssued;
    },
    failNext(n, how) {
      for (let i = 0; i < n; i++) failures.push(how);
    },
    recover() {
      failures.length = 0;
    },
    async pay(txid, webhookUrl, o = {}) {
      const charge = charges.get(txid);
      const endToEndId = o.endToEndId ?? `E${randomBytes(16).toString('hex')}`.slice(0, 32);
      const valor = o.amount ?? (charge?.valor as { original: string } | undefined)?.original ?? '1.00';
      const pix = { endToEndId, txid, valor, horario: new Date().toISOString(), infoPagador: 'parcela do acordo' };
      if (charge) {
        charge.status = 'CONCLUIDA';
        charge.pix = [...((charge.pix as unknown[] | undefined) ?? []), pix];
      }
      if (webhookUrl === null) return { status: 0, body: null, endToEndId };
      const r = await fetch(`${webhookUrl}/pix`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pix: [pix] }) });
      const text = await r.text();
      return { status: r.status, body: text ? (JSON.parse(text) as unknown) : null, endToEndId };
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
