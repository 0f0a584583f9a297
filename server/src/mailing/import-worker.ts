import { fileURLToPath } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../ports/clock';
import { createSqliteStore } from '../store/sqlite/index';
import { runImport, type ImportRequest } from './run-import';

/**
 * Runs one import off the server's event loop, on a database connection of its own (the import's
 * transaction must not capture the server's other writes). Messages: progress…, then one result.
 */
export interface ImportWorkerData {
  dbPath: string;
  request: ImportRequest;
}

export type ImportWorkerMessage =
  | { type: 'progress'; progress: import('./run-import').ImportProgress }
  | { type: 'result'; result: Awaited<ReturnType<typeof runImport>> };

if (parentPort) {
  const { dbPath, request } = workerData as ImportWorkerData;
  const port = parentPort;
  const store = createSqliteStore(dbPath);
  // the parse worker is bundled beside this file (dist/server)
  const parseWorkerPath = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
  runImport(store.mailing, systemClock, { ...request, parseWorkerPath }, (progress) => port.postMessage({ type: 'progress', progress } satisfies ImportWorkerMessage))
    .then(
      (result) => port.postMessage({ type: 'result', result } satisfies ImportWorkerMessage),
      (error: unknown) => port.postMessage({ type: 'result', result: { ok: false, error: { code: 'internal', message: (error as Error).message } } } satisfies ImportWorkerMessage),
    )
    .finally(() => void store.close());
}
