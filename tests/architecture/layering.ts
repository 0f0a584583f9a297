import fs from 'node:fs';
import path from 'node:path';

/**
 * The dependency rules of docs/architecture.md, checked on import specifiers. Do not relax a rule to
 * make a change pass: move the code to where it belongs.
 */
export interface SourceFile {
  /** Repo-relative, forward slashes. */
  path: string;
  source: string;
}

const IMPORT_RE = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(file: SourceFile): string[] {
  const found: string[] = [];
  for (const m of file.source.matchAll(IMPORT_RE)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    found.push(spec.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(file.path), spec)) : spec);
  }
  return found;
}

const isPackage = (spec: string, name: string) => spec === name || spec.startsWith(`${name}/`);
const NODE_BUILTINS = /^(node:|fs$|path$|net$|http$|https$|child_process$|os$|crypto$|stream$|url$|worker_threads$)/;

/** Composition roots: the only files that read the environment. */
const ENTRY_POINTS = ['server/src/main.ts', 'server/src/import-cli.ts'];

export function checkLayering(files: SourceFile[]): string[] {
  const violations: string[] = [];
  const bad = (file: SourceFile, what: string) => violations.push(`${file.path}: ${what}`);
  for (const file of files) {
    const p = file.path;
    for (const spec of importsOf(file)) {
      const relative = !spec.includes(':') && (spec.startsWith('shared') || spec.startsWith('server') || spec.startsWith('renderer') || spec.startsWith('electron/') || spec.startsWith('tests'));
      // 1. shared/ is pure: only shared/ and zod.
      if (p.startsWith('shared/') && !(relative ? spec.startsWith('shared/') : spec === 'zod')) bad(file, `shared/ may import only shared/ and zod, not '${spec}'`);
      // 2. the domain is pure: shared/ and itself.
      if (p.startsWith('server/src/domain/') && !(relative && (spec.startsWith('shared/') || spec.startsWith('server/src/domain/')))) {
        bad(file, `server/src/domain may import only shared/ and itself, not '${spec}'`);
      }
      // 3. the gateway never picks a concrete store.
      if (p.startsWith('server/src/gateway/') && (spec.startsWith('server/src/store/') || isPackage(spec, 'better-sqlite3'))) bad(file, `gateway must not import a concrete store ('${spec}')`);
      // better-sqlite3 lives behind the store only.
      if (isPackage(spec, 'better-sqlite3') && p.startsWith('server/') && !p.startsWith('server/src/store/')) bad(file, `only server/src/store may import better-sqlite3`);
      // 4. 'electron' only in main/{index,security}, ipc/ and the preload.
      if (spec === 'electron' && !/^electron\/(main\/(index|security)\.ts|main\/ipc\/|preload\/)/.test(p)) bad(file, `only electron/main/{index,security}.ts, ipc/ and preload/ may import 'electron'`);
      // 5. the renderer runs in a browser: no Node, no server, no Electron.
      if (p.startsWith('renderer/src/')) {
        if (NODE_BUILTINS.test(spec) || spec === 'electron' || isPackage(spec, 'better-sqlite3') || (relative && !spec.startsWith('renderer/') && !spec.startsWith('shared/'))) {
          bad(file, `renderer may not import '${spec}'`);
        }
        // only one adapter per library
        if (isPackage(spec, 'sip.js') && !p.startsWith('renderer/src/softphone/')) bad(file, `only renderer/src/softphone may import sip.js`);
        if (isPackage(spec, 'socket.io-client') && !p.startsWith('renderer/src/realtime/')) bad(file, `only renderer/src/realtime may import socket.io-client`);
      }
      // 6. features are leaves: they do not import each other.
      const feature = /^renderer\/src\/features\/([^/]+)\//.exec(p)?.[1];
      const target = /^renderer\/src\/features\/([^/]+)\//.exec(spec)?.[1];
      if (feature && target && feature !== target) bad(file, `feature '${feature}' imports feature '${target}'`);
      // the electron main process and the server never reach into each other or the renderer
      if (p.startsWith('server/') && relative && (spec.startsWith('renderer/') || spec.startsWith('electron/'))) bad(file, `server may not import '${spec}'`);
      if (p.startsWith('electron/') && relative && (spec.startsWith('renderer/') || spec.startsWith('server/'))) bad(file, `electron may not import '${spec}'`);
    }
    if (p.startsWith('server/src/domain/') && /\bDate\.now\(|\bnew Date\(\)|\bset(Timeout|Interval)\(|\bMath\.random\(/.test(file.source)) {
      bad(file, 'the domain takes time and randomness as values (no Date.now(), new Date(), timers, Math.random())');
    }
    if (/\bprocess\.env\b/.test(file.source) && (p.startsWith('server/') || p.startsWith('shared/') || p.startsWith('renderer/')) && !ENTRY_POINTS.includes(p)) {
      bad(file, 'configuration is read once, by an entry point (server/src/main.ts, import-cli.ts) via config.ts: no process.env elsewhere');
    }
  }
  return violations;
}

export function readTree(root: string, dirs: string[]): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(rel);
      } else if (/\.(ts|tsx|mts|cts)$/.test(entry.name)) {
        out.push({ path: rel, source: fs.readFileSync(path.join(root, rel), 'utf8') });
      }
    }
  };
  for (const d of dirs) if (fs.existsSync(path.join(root, d))) walk(d);
  return out;
}
