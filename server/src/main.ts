import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json';
import { createApp, type QuitaApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { createFirstAdmin, formatCredentialsBanner, formatFirstAccessBanner, loadDemoData } from './demo';
import { createLogger } from './logger';
import { shiftedClock, systemClock } from './ports/clock';
import { createSqliteStore } from './store/sqlite/index';

/** The only file that reads the environment, picks concrete adapters and listens. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const logger = createLogger(config.logLevel);
  const store = createSqliteStore(config.dbPath, { onDeferredError: (err) => logger.error({ err }, 'a dialer write deferred by a locked database failed') });
  // Installed before anything else can take time (demo seeding, listen): a stop at any moment is clean.
  let app: QuitaApp | null = null;
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    (app ? app.close() : store.close()).then(
      () => {
        logger.info('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const clock = config.clockStart === null ? systemClock : shiftedClock(config.clockStart);
  if (config.clockStart !== null) logger.warn({ clockStart: new Date(config.clockStart).toISOString() }, 'QUITA_CLOCK_START: the server runs on a shifted clock');
  const interrupted = await store.mailing.failInterruptedImports(clock.now());
  if (interrupted) logger.warn({ interrupted }, 'imports interrupted by the last stop were marked failed (nothing of them was written)');
  if (config.demoData === 'auto' && (await store.isEmpty())) {
    const credentials = await loadDemoData(store, clock.now());
    process.stdout.write(formatCredentialsBanner(credentials));
  } else if (config.demoData === 'off') {
    // without demo data someone must still be able to sign in the first time
    const admin = await createFirstAdmin(store);
    if (admin) process.stdout.write(formatFirstAccessBanner(admin));
  }
  // dist/server/main.js → dist/renderer
  const rendererDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../renderer');
  const importWorkerPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'import-worker.js');
  app = createApp(config, { store, logger, clock, version: pkg.version, rendererDir, importWorkerPath });
  const { port } = await app.listen();
  logger.info({ port, db: config.dbPath }, 'Quita dialer server listening');
  process.stdout.write(`Quita em http://localhost:${port}/\n`);
}

void main();
