import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportFinished, ImportProgress, ImportRecord, RejectionRecord } from '../../shared/mailing';
import { CsvParser, type CsvRecord } from '../../server/src/domain/mailing/csv';
import { FIXTURES } from '../support/mailing-store';
import { api, connectSocket, loginAs, nextEvent, startTestServer, type TestServer } from '../support/test-server';

let server: TestServer;
let token: string;
// uploads go to os.tmpdir(): a private one, so other processes' files in /tmp cannot blur the check below
const uploadDir = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'quita-mailing-api-'));
beforeAll(async () => {
  process.env.TMPDIR = uploadDir;
  server = await startTestServer({ QUITA_MAX_UPLOAD_MB: '1' });
  token = (await loginAs(server, 'admin')).token;
});
afterAll(async () => {
  await server.close();
  fs.rmSync(uploadDir, { recursive: true, force: true });
});

const upload = (file: string | Buffer, query: string, auth = token) =>
  fetch(`${server.url}/api/imports?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${auth}`, 'content-type': 'text/csv' },
    body: typeof file === 'string' ? fs.readFileSync(file) : file,
  });

describe('mailing import over REST (real server, worker thread, socket.io progress)', () => {
  it('previews the first bytes: detected encoding and delimiter, parsed rows, suggested mapping', async () => {
    const sample = fs.readFileSync(path.join(FIXTURES, 'good', 'windows-1252-semicolon.csv'));
    const r = await fetch(`${server.url}/api/imports/preview`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' }, body: sample });
    const body = (await r.json()) as { ok: true; data: { encoding: string; delimiter: string; rows: { fields: string[] }[]; suggested: { fields: Record<string, string>; phones: string[] } } };
    expect(body.data).toMatchObject({ encoding: 'windows-1252', delimiter: ';' });
    expect(body.data.rows[0]!.fields[1]).toBe('Conceição Gonçalves');
    expect(body.data.suggested).toEqual({
      fields: { documento: 'CPF', nome: 'Nome do Cliente', contrato: 'Nº Contrato', valor: 'Valor da Dívida', vencimento: 'Data de Vencimento', cidade: 'Município', uf: 'UF' },
      phones: ['Fone 1', 'Fone 2'],
    });
  });

  it('imports an upload, pushing progress and the result to administrators; rejections download as CSV', async () => {
    const watcher = await connectSocket(server.url, token);
    const progress: ImportProgress[] = [];
    watcher.on('import:progress', (p) => progress.push(p));
    const finished = nextEvent(watcher, 'import:finished', () => true, 10_000);
    const r = await upload(path.join(FIXTURES, 'bad', 'mixed-errors.csv'), 'campaignId=1&mode=append&fileName=mixed.csv');
    expect(r.status).toBe(202);
    const { data } = (await r.json()) as { data: { importId: number } };
    const [result] = (await finished) as [ImportFinished];
    expect(result).toMatchObject({ importId: data.importId, ok: true, counts: { rowsImported: 2, rowsRejected: 7 } });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.importId === data.importId)).toBe(true);
    // once every line is read the admin is told the import is finishing (indexes, commit), not left at 100%
    expect(progress.at(-1)).toMatchObject({ finishing: true, rows: 9, bytesRead: progress.at(-1)!.bytesTotal });
    expect(progress.filter((p) => p.finishing).length).toBeLessThan(progress.length);
    watcher.close();

    const record = await api<ImportRecord>(server.url, 'GET', `/api/imports/${data.importId}`, { token });
    expect(record.body).toMatchObject({ ok: true, data: { status: 'completed', fileName: 'mixed.csv', counts: { rowsTotal: 9 } } });
    const rejections = await api<{ items: RejectionRecord[] }>(server.url, 'GET', `/api/imports/${data.importId}/rejections?limit=3`, { token });
    expect(rejections.body.ok && rejections.body.data.items.map((x) => x.line)).toEqual([2, 3, 4]);

    const csv = await fetch(`${server.url}/api/imports/${data.importId}/rejections.csv`, { headers: { authorization: `Bearer ${token}` } });
    expect(csv.headers.get('content-disposition')).toContain('rejeicoes-importacao');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: Excel opens it as UTF-8
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('documento;nome;contrato;valor;vencimento;telefone1;telefone2;quita_linha;quita_motivo');
    const records: CsvRecord[] = [];
    const parser = new CsvParser(';');
    parser.push(bytes.toString('utf8').slice(1), records);
    parser.end(records);
    expect(records).toHaveLength(9); // header + 7 rejected + 1 warning (one record spans lines: a field with a newline)
    expect(records.every((r) => r.fields.length === 9 && !r.error)).toBe(true);
    expect(lines[1]).toBe('529.982.247-24;CPF Errado;B-1;10,00;01/01/2024;(11) 98765-4321;;2;"documento = ""529.982.247-24"": CPF inválido (dígitos verificadores não conferem)"');
  });

  it('refuses a duplicate upload until confirmed, a bad query naming the field, a huge file, and non-admins', async () => {
    const file = path.join(FIXTURES, 'good', 'tab-grouped.tsv');
    const first = await upload(file, 'campaignId=1&mode=append&fileName=t.tsv');
    expect(first.status).toBe(202);
    // wait for it to finish
    for (let i = 0; i < 100; i++) {
      const list = await api<ImportRecord[]>(server.url, 'GET', '/api/imports', { token });
      if (list.body.ok && list.body.data.every((x) => x.status !== 'running')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const dup = await upload(file, 'campaignId=1&mode=append&fileName=t.tsv');
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ ok: false, error: { message: expect.stringContaining('já foi importado') } });

    const badQuery = await upload(file, 'campaignId=abc&mode=append&fileName=t.tsv');
    expect(badQuery.status).toBe(400);
    expect(await badQuery.json()).toMatchObject({ error: { message: expect.stringContaining('campaignId') } });

    const huge = await upload(Buffer.alloc(2 * 1024 * 1024, 0x61), 'campaignId=1&mode=append&fileName=big.csv');
    expect(huge.status).toBe(413);

    const agent = await loginAs(server, 'agent');
    expect((await upload(file, 'campaignId=1&mode=append&fileName=t.tsv', agent.token)).status).toBe(403);
    expect((await api(server.url, 'GET', '/api/imports', { token: agent.token })).status).toBe(403);
    // every upload's temp file is gone (a refused import's, once its worker has exited)
    await expect.poll(() => fs.readdirSync(uploadDir).filter((f) => f.startsWith('quita-upload-')), { timeout: 3000 }).toEqual([]);
  });
});
