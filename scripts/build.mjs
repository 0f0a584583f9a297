// Builds the Node-side bundles with esbuild (server, Electron main and preload); the renderer is built by Vite.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', sourcemap: true, logLevel: 'warning', legalComments: 'none' };

await Promise.all([
  build({
    ...common,
    entryPoints: ['server/src/main.ts', 'server/src/import-cli.ts', 'server/src/mailing/import-worker.ts', 'server/src/mailing/parse-worker.ts'],
    outdir: 'dist/server',
    entryNames: '[name]',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['electron/main/index.ts'],
    outfile: 'dist/electron/main.cjs',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'better-sqlite3'],
  }),
  // Sandboxed preloads must be one CommonJS file with no imports but 'electron'.
  build({
    ...common,
    entryPoints: ['electron/preload/index.ts'],
    outfile: 'dist/electron/preload.cjs',
    format: 'cjs',
    target: 'chrome120',
    external: ['electron'],
  }),
]);
