import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config';
import { rejectionsCsvHeader, rejectionsCsvLine } from './domain/mailing/rejections-csv';
import type { ImportMode } from './domain/mailing/layout';
import { runImport } from './mailing/run-import';
import { systemClock } from './ports/clock';
import { createSqliteStore } from './store/sqlite/index';

/**
 * npm run import -- <file> --campaign <id> [--mode new|append|update|remove] [--encoding auto|utf-8|windows-1252]
 *   [--delimiter auto|;|,|tab] [--layout NAME] [--save-layout NAME] [--confirm-duplicate] [--rejections OUT.csv]
 * An entry point like main.ts: it reads the environment (QUITA_DB_PATH) and picks the SQLite store.
 */
const USAGE = 'uso: npm run import -- <arquivo.csv> --campaign <id> [--mode new|append|update|remove] [--encoding auto|utf-8|windows-1252] [--delimiter auto|;|,|tab] [--layout NOME] [--save-layout NOME] [--confirm-duplicate] [--rejections SAIDA.csv]';

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        campaign: { type: 'string' }, mode: { type: 'string', default: 'append' }, encoding: { type: 'string', default: 'auto' },
        delimiter: { type: 'string', default: 'auto' }, layout: { type: 'string' }, 'save-layout': { type: 'string' },
        'confirm-duplicate': { type: 'boolean', default: false }, rejections: { type: 'string' },
      },
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = args;
  const file = positionals[0];
  const campaignId = Number(values.campaign);
  const mode = values.mode as ImportMode;
  const delimiter = values.delimiter === 'tab' ? '\t' : values.delimiter;
  const problems = [
    !file && 'informe o arquivo',
    !Number.isInteger(campaignId) || campaignId <= 0 ? '--campaign deve ser o número da campanha' : null,
    !['new', 'append', 'update', 'remove'].includes(mode) && '--mode deve ser new, append, update ou remove',
    !['auto', 'utf-8', 'windows-1252'].includes(values.encoding) && '--encoding deve ser auto, utf-8 ou windows-1252',
    !['auto', ';', ',', '\t'].includes(delimiter) && '--delimiter deve ser auto, ";", "," ou tab',
  ].filter(Boolean);
  if (problems.length) {
    process.stderr.write(`${problems.join('\n')}\n${USAGE}\n`);
    return 2;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const store = createSqliteStore(config.dbPath);
  try {
    await store.mailing.failInterruptedImports(systemClock.now());
    const result = await runImport(store.mailing, systemClock, {
      filePath: file!, campaignId, mode,
      encoding: values.encoding as 'auto' | 'utf-8' | 'windows-1252',
      delimiter: delimiter as 'auto' | ';' | ',' | '\t',
      layoutName: values.layout, saveLayoutAs: values['save-layout'], confirmDuplicate: values['confirm-duplicate'],
      parseWorkerPath: fileURLToPath(new URL('./parse-worker.js', import.meta.url)), // bundled beside the CLI
    }, (p) => {
      const percent = p.bytesTotal ? Math.floor((100 * p.bytesRead) / p.bytesTotal) : 100;
      process.stdout.write(`progresso ${percent}% · ${p.rows} linhas · ${p.rowsPerSecond} linhas/s · ${p.rejected} rejeitadas\n`);
    });
    if (!result.ok) {
      process.stderr.write(`erro: ${result.error.message}\n`);
      return result.error.code === 'conflict' ? 3 : 1;
    }
    const { importId, counts, encoding, seconds } = result.data;
    process.stdout.write(`importação #${importId} concluída em ${seconds.toFixed(1)} s (${encoding}): ${counts.rowsImported} importadas, ${counts.rowsRejected} rejeitadas, ${counts.rowsWithWarnings} com avisos\n`);
    process.stdout.write(`${JSON.stringify(counts)}\n`);
    if (values.rejections) {
      const header = await store.mailing.header(importId);
      const out = fs.createWriteStream(values.rejections);
      out.write(rejectionsCsvHeader(header));
      for (let offset = 0; ; offset += 1000) {
        const page = await store.mailing.rejections(importId, offset, 1000);
        for (const r of page) out.write(rejectionsCsvLine(header.length, r.line, r.fields, r.reasons));
        if (page.length < 1000) break;
      }
      await new Promise<void>((resolve) => out.end(resolve));
      process.stdout.write(`rejeições em ${values.rejections}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

void main().then((code) => {
  process.exitCode = code;
});
