import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, preHandlerHookHandler } from 'fastify';
import { err, ok } from '../../../shared/result';
import { describeZodError, importQuerySchema, previewQuerySchema } from '../../../shared/schemas';
import { rejectionsCsvHeader, rejectionsCsvLine } from '../domain/mailing/rejections-csv';
import type { ImportService } from '../mailing/import-service';
import { previewSample } from '../mailing/run-import';
import type { MailingStore } from '../ports/mailing';
import { sendError } from './http-errors';

export interface ImportRoutesDeps {
  mailing: MailingStore;
  imports: ImportService;
  maxUploadBytes: number;
  requireImporter: preHandlerHookHandler;
  userIdOf(request: import('fastify').FastifyRequest): number;
}

const PREVIEW_BYTES = 64 * 1024;

class UploadTooLarge extends Error {}

/** Streams the request body to a temp file, counting bytes: a huge upload stops at the limit. */
async function saveUpload(body: Readable, maxBytes: number): Promise<{ file: string; bytes: number }> {
  const file = path.join(os.tmpdir(), `quita-upload-${randomBytes(8).toString('hex')}.csv`);
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done(bytes > maxBytes ? new UploadTooLarge() : null, chunk);
    },
  });
  try {
    await pipeline(body, limit, fs.createWriteStream(file));
    return { file, bytes };
  } catch (e) {
    fs.rmSync(file, { force: true });
    throw e;
  }
}

/** Mailing uploads: the file is the raw request body (application/octet-stream or text/csv), options in the query. */
export async function importRoutes(app: FastifyInstance, deps: ImportRoutesDeps): Promise<void> {
  // In this plugin only: bodies are not buffered by fastify, the route streams them.
  app.addContentTypeParser(['application/octet-stream', 'text/csv', 'text/plain'], (_req, payload, done) => done(null, payload));
  const guard = { preHandler: deps.requireImporter };

  app.post('/api/imports/preview', { ...guard, bodyLimit: PREVIEW_BYTES + 1024 }, async (request, reply) => {
    const query = previewQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, err('bad_request', describeZodError(query.error)).error);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request.body as Readable) {
      size += (chunk as Buffer).length;
      if (size > PREVIEW_BYTES) break; // the first 64 KB are enough to preview
      chunks.push(chunk as Buffer);
    }
    const result = previewSample(Buffer.concat(chunks), { encoding: query.data.encoding, delimiter: query.data.delimiter });
    return result.ok ? ok({ ...result.data, layouts: await deps.mailing.listLayouts() }) : sendError(reply, result.error);
  });

  app.post('/api/imports', { ...guard, bodyLimit: deps.maxUploadBytes }, async (request, reply) => {
    const query = importQuerySchema.safeParse(request.query);
    if (!query.success) return sendError(reply, err('bad_request', describeZodError(query.error)).error);
    if (!(request.body && typeof (request.body as Readable).pipe === 'function')) {
      return sendError(reply, err('bad_request', 'send the file as the request body (Content-Type: text/csv or application/octet-stream)').error);
    }
    let upload: { file: string; bytes: number };
    try {
      upload = await saveUpload(request.body as Readable, deps.maxUploadBytes);
    } catch (e) {
      if (e instanceof UploadTooLarge) {
        return sendError(reply.header('connection', 'close'), err('too_large', `arquivo maior que o limite de ${Math.round(deps.maxUploadBytes / 1048576)} MB`).error);
      }
      throw e;
    }
    const q = query.data;
    const started = await deps.imports.start({
      filePath: upload.file, fileName: q.fileName, campaignId: q.campaignId, mode: q.mode, encoding: q.encoding,
      delimiter: q.delimiter, mapping: q.mapping, layoutName: q.layout, saveLayoutAs: q.saveLayoutAs,
      confirmDuplicate: q.confirmDuplicate, userId: deps.userIdOf(request),
    });
    if (!started.ok) return sendError(reply, started.error);
    return reply.code(202).send(ok({ importId: started.data.importId, bytes: upload.bytes }));
  });

  app.get('/api/imports', guard, async () => ok(await deps.mailing.listImports(50)));

  const importOr404 = async (id: string, reply: FastifyReply) => {
    const record = Number.isSafeInteger(Number(id)) ? await deps.mailing.getImport(Number(id)) : null;
    if (!record) sendError(reply, err('not_found', `importação ${id} não existe`).error);
    return record;
  };

  app.get<{ Params: { id: string } }>('/api/imports/:id', guard, async (request, reply) => {
    const record = await importOr404(request.params.id, reply);
    if (!record) return reply;
    return ok({ ...record, progress: deps.imports.progressOf(record.id) });
  });

  app.get<{ Params: { id: string }; Querystring: { offset?: string; limit?: string } }>('/api/imports/:id/rejections', guard, async (request, reply) => {
    const record = await importOr404(request.params.id, reply);
    if (!record) return reply;
    const offset = Math.max(0, Number(request.query.offset ?? 0) || 0);
    const limit = Math.min(500, Math.max(1, Number(request.query.limit ?? 100) || 100));
    return ok({ header: await deps.mailing.header(record.id), items: await deps.mailing.rejections(record.id, offset, limit) });
  });

  app.get<{ Params: { id: string } }>('/api/imports/:id/rejections.csv', guard, async (request, reply) => {
    const record = await importOr404(request.params.id, reply);
    if (!record) return reply;
    const header = await deps.mailing.header(record.id);
    const mailing = deps.mailing;
    async function* lines() {
      yield rejectionsCsvHeader(header);
      for (let offset = 0; ; offset += 1000) {
        const page = await mailing.rejections(record!.id, offset, 1000);
        for (const r of page) yield rejectionsCsvLine(header.length, r.line, r.fields, r.reasons);
        if (page.length < 1000) return;
      }
    }
    const name = `rejeicoes-importacao-${record.id}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send((await import('node:stream')).Readable.from(lines()));
  });

  app.get('/api/import-layouts', guard, async () => ok(await deps.mailing.listLayouts()));
}
