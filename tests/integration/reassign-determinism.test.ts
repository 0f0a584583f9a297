import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemoData } from '../../server/src/demo';
import { createSqliteStore } from '../../server/src/store/sqlite/index';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** The same demo portfolio in a fresh SQLite file, split 25/75 between a team's campaign and an agency. */
async function splitOnce(today: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-split-'));
  dirs.push(dir);
  const file = path.join(dir, 'quita.db');
  const store = createSqliteStore(file);
  await loadDemoData(store, today);
  const team = await store.teams.create('Equipe B', today);
  if (!team.ok) throw new Error(team.error.message);
  const created = await store.dialer.createCampaign({ name: 'B', portfolioId: 1, mode: 'preview', status: 'paused', agentIds: [], teamId: team.data.id, settings: (await store.dialer.getCampaign(1 as never))!.settings });
  if (!created.ok) throw new Error(created.error.message);
  const r = await store.teams.reassign(1, { method: 'share', targets: [{ target: { kind: 'team', teamId: team.data.id, campaignId: created.data.id }, percent: 25 }, { target: { kind: 'agency', agency: 'Agência' }, percent: 75 }] }, 1, today, new Set());
  if (!r.ok) throw new Error(r.error.message);
  await store.close();
  const db = new Database(file, { readonly: true });
  const toTeam = db.prepare('SELECT debtor_id FROM debtor_assignments WHERE team_id IS NOT NULL ORDER BY debtor_id').pluck().all() as number[];
  const toAgency = db.prepare('SELECT debtor_id FROM debtor_assignments WHERE agency IS NOT NULL ORDER BY debtor_id').pluck().all() as number[];
  db.close();
  return { moved: r.data.moved.map((m) => m.debtors), toTeam, toAgency };
}

describe('portfolio reassignment by share (real SQLite files)', () => {
  it('is reproducible: the same request on the same debtors gives the same split, and the share cuts across import order', async () => {
    const today = Date.parse('2026-11-24T10:00:00-03:00');
    const a = await splitOnce(today);
    const b = await splitOnce(today);
    expect(b).toEqual(a);
    const total = a.toTeam.length + a.toAgency.length;
    expect(a.moved).toEqual([Math.round(total * 0.25), total - Math.round(total * 0.25)]);
    expect(new Set([...a.toTeam, ...a.toAgency]).size).toBe(total); // each debtor once
    // not a block of the first imported: the team's quarter spreads over the whole id range
    const ids = [...a.toTeam, ...a.toAgency].sort((x, y) => x - y);
    const median = ids[Math.floor(ids.length / 2)]!;
    const low = a.toTeam.filter((id) => id < median).length;
    expect(low / a.toTeam.length).toBeGreaterThan(0.3);
    expect(low / a.toTeam.length).toBeLessThan(0.7);
  });
});
