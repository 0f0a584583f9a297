import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { previewSample, readSample, runImport } from '../../server/src/mailing/run-import';
import { readPacked } from '../../server/src/mailing/read-lines';
import { resolveColumns } from '../../server/src/domain/mailing/layout';
import { systemClock } from '../../server/src/ports/clock';
import { createSqliteStore } from '../../server/src/store/sqlite/index';
import { writeMailing } from './mailing-generator';

/**
 * npm run bench:import [-- --rows 5000000] [--order shuffled] [--no-worker] [--parse-only]
 * Generates a synthetic mailing (valid and invalid lines, three phones each) and imports it into a fresh
 * SQLite file, printing rows/s and peak RSS. Targets: ≥ 100,000 rows/s, peak RSS < 300 MB at any size.
 * The import time runs to the end of the commit; the CPU time beside it shows how much of a core the
 * import got (other work on the machine makes wall time longer than CPU time).
 */
const rowsArg = process.argv.indexOf('--rows');
const rows = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 1_000_000;
// sorted: CPFs and contract numbers ascend with the file; shuffled: in no order (their B-tree inserts land anywhere)
// the parse worker bundled by scripts/build.mjs, as the server and the CLI run it; --no-worker: parse on the writing thread
const parseWorkerPath = process.argv.includes('--no-worker') ? undefined : path.resolve('dist/server/parse-worker.js');
const order = process.argv.includes('--order') && process.argv[process.argv.indexOf('--order') + 1] === 'shuffled' ? 'shuffled' : 'sorted';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-bench-import-'));
const file = path.join(dir, 'mailing.csv');

/** CPU seconds of the writing (main) thread alone: the import's bottleneck, less disturbed by the machine's load than wall time. */
function mainThreadCpuSeconds(): number {
  const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 a second)
}

/** CPU seconds of each thread of this process, by task id. */
function threadCpuSeconds(): Map<string, number> {
  const cpu = new Map<string, number>();
  for (const task of fs.readdirSync('/proc/self/task')) {
    const fields = fs.readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ')[1]!.split(' ');
    cpu.set(task, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime (fields 14–15)
  }
  return cpu;
}

/**
 * --parse-only: the import's parse path alone (readPacked with the bundled worker), batches acknowledged
 * and dropped; prints lines/s and the parse worker's CPU a line (its thread: the new one that used most).
 */
async function parseOnly(fileBytes: number): Promise<void> {
  if (!parseWorkerPath) throw new Error('--parse-only measures the parse worker: drop --no-worker');
  const preview = previewSample(await readSample(file));
  if (!preview.ok) throw new Error(preview.error.message);
  const { encoding, delimiter, header, suggested } = preview.data;
  const resolved = resolveColumns(header, suggested, 'append');
  if (!resolved.ok) throw new Error(resolved.message);
  const before = threadCpuSeconds();
  const t0 = Date.now();
  let lines = 0;
  let rejected = 0;
  let after = before;
  for await (const batch of readPacked({ filePath: file, encoding, delimiter, header, columns: resolved.columns, mode: 'append' }, parseWorkerPath)) {
    ({ rows: lines, rejected } = batch);
    if (batch.bytesRead === fileBytes) after = threadCpuSeconds(); // the worker's thread ends with readPacked
  }
  const seconds = (Date.now() - t0) / 1000;
  const worker = Math.max(...[...after].filter(([task]) => !before.has(task)).map(([, s]) => s));
  console.log(`parse only: ${lines.toLocaleString('en')} lines (${rejected} rejected) in ${seconds.toFixed(2)} s, ${Math.round(lines / seconds).toLocaleString('en')} lines/s; parse worker ${worker.toFixed(2)} s CPU, ${((worker / lines) * 1e6).toFixed(1)} µs a line`);
}

function peakRssMb(): number {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

try {
  const t0 = Date.now();
  const generated = await writeMailing(file, rows, { order });
  console.log(`generated ${rows.toLocaleString('en')} rows, keys ${order}, parsing ${parseWorkerPath ? 'in the parse worker' : 'on the writing thread'} (${(generated.bytes / 1e6).toFixed(0)} MB, ${generated.badRows} bad, ${generated.warnRows} with a bad phone) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (process.argv.includes('--parse-only')) await parseOnly(generated.bytes);
  else await importFile(generated);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

async function importFile(generated: { badRows: number; warnRows: number }): Promise<void> {
  const store = createSqliteStore(path.join(dir, 'quita.db'));
  // one creditor, portfolio and campaign to import into
  const { loadDemoData } = await import('../../server/src/demo');
  await loadDemoData(store, Date.now());
  const rssBefore = peakRssMb();
  let lastLog = 0;
  const cpu0 = process.cpuUsage();
  const writing0 = mainThreadCpuSeconds();
  const result = await runImport(store.mailing, systemClock, { filePath: file, campaignId: 1, mode: 'append', parseWorkerPath }, (p) => {
    if (Date.now() - lastLog > 1000) {
      lastLog = Date.now();
      console.log(`  ${((100 * p.bytesRead) / p.bytesTotal).toFixed(0)}%  ${p.rows.toLocaleString('en')} rows  ${p.rowsPerSecond.toLocaleString('en')} rows/s  rss ${Math.round(process.memoryUsage().rss / 1048576)} MB (peak ${peakRssMb()} MB) heap ${Math.round(process.memoryUsage().heapUsed / 1048576)} MB`);
    }
  });
  if (!result.ok) throw new Error(result.error.message);
  const cpu1 = process.cpuUsage(cpu0);
  const writing = mainThreadCpuSeconds() - writing0;
  console.log(`cpu: user ${(cpu1.user / 1e6).toFixed(2)} s, system ${(cpu1.system / 1e6).toFixed(2)} s (both threads); writing thread ${writing.toFixed(2)} s, ${((writing / rows) * 1e6).toFixed(1)} µs a line`);
  const { counts, seconds } = result.data;
  const rate = Math.round(rows / seconds);
  const peak = peakRssMb();
  console.log(JSON.stringify(counts));
  console.log(`\nimport of ${rows.toLocaleString('en')} rows: ${seconds.toFixed(2)} s, ${rate.toLocaleString('en')} rows/s (target ≥ 100,000)`);
  console.log(`peak RSS: ${peak} MB (target < 300 MB; ${rssBefore} MB before the import)`);
  console.log(`rejected ${counts.rowsRejected} (generated ${generated.badRows} bad), warnings ${counts.rowsWithWarnings} (generated ${generated.warnRows})`);
  await store.close();
  const ok = rate >= 100_000 && peak < 300 && counts.rowsRejected === generated.badRows;
  console.log(ok ? 'bench:import PASS' : 'bench:import FAIL');
  process.exitCode = ok ? 0 : 1;
}
