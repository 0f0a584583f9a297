import { execFileSync } from 'node:child_process';

/** The process-level tests run the real bundle (dist/server/main.js): build it first, in ~0.2 s. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
