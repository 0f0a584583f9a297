import { Worker } from 'node:worker_threads';
import type { ImportFinished, ImportProgress } from '../../../shared/mailing';
import { err, ok, type Result } from '../../../shared/result';
import type { ImportWorkerData, ImportWorkerMessage } from './import-worker';
import type { ImportRequest } from './run-import';

/**
 * Runs uploaded imports one at a time, each in a worker thread with its own database connection, and
 * reports progress. The caller learns the import id as soon as the file passed its checks.
 */
export class ImportService {
  private running: { importId: number | null; progress: ImportProgress | null } | null = null;

  constructor(
    private readonly deps: {
      dbPath: string;
      workerPath: string;
      onProgress(progress: ImportProgress): void;
      onFinished(result: ImportFinished): void;
      /** Called when the worker is done with the file (the upload's temp file can go). */
      onSettled(request: ImportRequest): void;
    },
  ) {}

  progressOf(importId: number): ImportProgress | null {
    return this.running?.importId === importId ? this.running.progress : null;
  }

  /** Resolves when the import has started (with its id) or was refused before writing anything. */
  start(request: ImportRequest): Promise<Result<{ importId: number }>> {
    if (this.running) {
      this.deps.onSettled(request);
      return Promise.resolve(err('conflict', 'já existe uma importação em andamento: aguarde o fim dela'));
    }
    const running: { importId: number | null; progress: ImportProgress | null } = { importId: null, progress: null };
    this.running = running;
    return new Promise((resolve) => {
      let answered = false;
      const answer = (r: Result<{ importId: number }>) => {
        if (!answered) resolve(r);
        answered = true;
      };
      const worker = new Worker(this.deps.workerPath, { workerData: { dbPath: this.deps.dbPath, request } satisfies ImportWorkerData });
      const finish = () => {
        this.running = null;
        this.deps.onSettled(request);
      };
      worker.on('message', (message: ImportWorkerMessage) => {
        if (message.type === 'progress') {
          running.importId = message.progress.importId;
          running.progress = message.progress;
          answer(ok({ importId: message.progress.importId }));
          this.deps.onProgress(message.progress);
          return;
        }
        const { result } = message;
        if (result.ok) {
          answer(ok({ importId: result.data.importId }));
          this.deps.onFinished({ importId: result.data.importId, ok: true, counts: result.data.counts, error: null });
        } else {
          if (running.importId !== null) this.deps.onFinished({ importId: running.importId, ok: false, counts: null, error: result.error.message });
          answer(result);
        }
      });
      worker.on('error', (error) => {
        if (running.importId !== null) this.deps.onFinished({ importId: running.importId, ok: false, counts: null, error: error.message });
        answer(err('internal', `a importação parou: ${error.message}`));
      });
      worker.on('exit', finish);
    });
  }
}
