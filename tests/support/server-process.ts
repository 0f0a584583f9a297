import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import type { Role } from '../../shared/roles';

/** The real bundle as users run it (`npm start` runs dist/server/main.js), in a child process. */
export const SERVER_MAIN = path.resolve('dist/server/main.js');

export interface ServerProcess {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the base URL once the server listens. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** The demo passwords from the first-start banner, by role (empty when not seeded this run). */
  passwords(): Partial<Record<Role, string>>;
}

export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [SERVER_MAIN], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', QUITA_LOG_LEVEL: 'info', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not listen:\n${stdout}\n${stderr}`)), 20_000);
    const onData = () => {
      const m = /Quita em http:\/\/localhost:(\d+)\//.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(`http://127.0.0.1:${m[1]}`);
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${stderr}`));
    });
  });
  listening.catch(() => undefined); // callers that only await `exited` must not see an unhandled rejection
  return {
    child,
    listening,
    exited,
    output: () => ({ stdout, stderr }),
    passwords() {
      const found: Partial<Record<Role, string>> = {};
      for (const m of stdout.matchAll(/^\s+(agent|supervisor|admin)\s+usuário: \S+\s+senha: (\S+)$/gm)) found[m[1] as Role] = m[2]!;
      return found;
    },
  };
}
