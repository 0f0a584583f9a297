import { parentPort, workerData } from 'node:worker_threads';
import { encodeLine, type EncodedLine } from './line-codec';
import { readLines, type LineBatch, type ReadLinesOptions } from './read-lines';

/**
 * Reads, parses and validates a mailing in a thread of its own while the importer's thread writes the
 * database (two cores: the two halves of an import overlap). Lines go as flat arrays (line-codec.ts),
 * with at most AHEAD batches not yet taken, so memory stays bounded.
 */
export type ParseWorkerMessage =
  | ({ type: 'batch'; lines: EncodedLine[] } & Omit<LineBatch, 'items'>)
  | { type: 'end' }
  | { type: 'error'; message: string };

export const AHEAD = 2;

if (parentPort && (workerData as { quitaParseWorker?: boolean } | null)?.quitaParseWorker) {
  const port = parentPort;
  const options = (workerData as { options: ReadLinesOptions }).options;
  let credits = AHEAD;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credits++;
    wake?.();
  });
  void (async () => {
    try {
      for await (const batch of readLines(options)) {
        while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        credits--;
        const { items, ...counters } = batch;
        port.postMessage({ type: 'batch', ...counters, lines: items.map(encodeLine) } satisfies ParseWorkerMessage);
      }
      port.postMessage({ type: 'end' } satisfies ParseWorkerMessage);
      port.close();
    } catch (e) {
      port.postMessage({ type: 'error', message: (e as Error).message } satisfies ParseWorkerMessage);
      port.close();
    }
  })();
}
