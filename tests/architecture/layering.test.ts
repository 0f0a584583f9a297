import { describe, expect, it } from 'vitest';
import { checkLayering, importsOf, readTree } from './layering';

describe('architecture: dependency rules', () => {
  it('the code base follows every rule', () => {
    const files = readTree(process.cwd(), ['shared', 'server', 'renderer/src', 'electron']);
    expect(files.length).toBeGreaterThan(40);
    expect(checkLayering(files)).toEqual([]);
  });

  it('resolves relative and package imports', () => {
    expect(importsOf({ path: 'server/src/domain/x.ts', source: "import { a } from '../../../shared/result';\nimport type B from 'fastify';\nconst c = await import('./y');" }))
      .toEqual(['shared/result', 'fastify', 'server/src/domain/y']);
  });

  it.each([
    ['shared/a.ts', "import fs from 'node:fs';", 'shared/ may import only shared/'],
    ['shared/a.ts', "import { x } from '../server/src/app';", 'shared/ may import only shared/'],
    ['server/src/domain/a.ts', "import Database from 'better-sqlite3';", 'server/src/domain may import only'],
    ['server/src/domain/a.ts', "import { Server } from 'socket.io';", 'server/src/domain may import only'],
    ['server/src/domain/a.ts', 'export const t = () => Date.now();', 'takes time and randomness as values'],
    ['server/src/domain/a.ts', 'setTimeout(() => 1, 5);', 'takes time and randomness as values'],
    ['server/src/gateway/a.ts', "import { sqliteUsers } from '../store/sqlite/users';", 'must not import a concrete store'],
    ['server/src/services/a.ts', "import D from 'better-sqlite3';", 'only server/src/store may import better-sqlite3'],
    ['electron/main/services/a.ts', "import { app } from 'electron';", "may import 'electron'"],
    ['renderer/src/App.tsx', "import fs from 'node:fs';", 'renderer may not import'],
    ['renderer/src/App.tsx', "import { createApp } from '../../server/src/app';", 'renderer may not import'],
    ['renderer/src/App.tsx', "import { x } from '../../electron/main/policy';", 'renderer may not import'],
    ['renderer/src/stores/x.ts', "import { io } from 'socket.io-client';", 'only renderer/src/realtime'],
    ['renderer/src/features/agent/x.tsx', "import { UserAgent } from 'sip.js';", 'only renderer/src/softphone'],
    ['renderer/src/features/agent/x.tsx', "import { Wallboard } from '../supervisor/Wallboard';", "feature 'agent' imports feature 'supervisor'"],
    ['server/src/app.ts', 'const p = process.env.PORT;', 'no process.env elsewhere'],
  ])('catches %s doing `%s`', (path, source, message) => {
    const violations = checkLayering([{ path, source }]);
    expect(violations.join('\n')).toContain(message);
  });
});
