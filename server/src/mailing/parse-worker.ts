import { parentPort, workerData } from 'node:worker_threads';
import { ACK_EVERY, packInPieces, readLines, type PackedBatch, type ReadLinesOptions } from './read-lines';

/**
 * Reads, parses, validates and packs a mailing file on the second core while the importer writes
 * (readPacked in read-lines.ts). At most IN_FLIGHT batches wait unread: memory stays bounded when the
 * writer is slower. Messages: batches…, then { done: true } or { error }.
 */
const IN_FLIGHT = 32 + ACK_EVERY;
/** Smaller reads than on the writing thread: a read's parsed lines die young in the worker's small heap. */
const WORKER_READ_BYTES = 64 * 1024;

if (parentPort) {
  const port = parentPort;
  let unacknowledged = 0;
  let resume: (() => void) | null = null;
  port.on('message', (taken: number) => {
    unacknowledged -= taken;
    resume?.();
    resume = null;
  });
  (async () => {
    for await (const batch of readLines(workerData as ReadLinesOptions, WORKER_READ_BYTES)) {
      const { items, ...progress } = batch;
      for (const packed of packInPieces(items)) {
        port.postMessage({ ...progress, packed } satisfies PackedBatch, [packed.ends.buffer as ArrayBuffer]);
        if (++unacknowledged >= IN_FLIGHT) await new Promise<void>((r) => (resume = r));
      }
    }
    port.postMessage({ done: true });
  })().catch((e: unknown) => port.postMessage({ error: (e as Error).message }));
}
