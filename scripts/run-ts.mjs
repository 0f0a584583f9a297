// Runs a TypeScript entry (a benchmark, a dev tool) under plain Node: esbuild bundles it into dist/run/ first,
// inside the project so its packages resolve from node_modules.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args…]');
  process.exit(2);
}
const outfile = path.resolve('dist/run', `${path.basename(entry, path.extname(entry))}.mjs`);
await build({ entryPoints: [entry], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', sourcemap: 'inline', logLevel: 'warning' });
const result = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
