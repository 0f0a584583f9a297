import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../server/src/store/sqlite/migrate';
import { MIGRATIONS } from '../../../server/src/store/sqlite/migrations/index';

describe('migration 012: teams from what campaigns implied', () => {
  it('gives every campaign with agents its team, and each agent the team of the first campaign they work', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version < 12));
    db.exec(`
      INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES
        (1, 'ana', 'Ana', 'agent', 'x', 0), (2, 'bia', 'Bia', 'agent', 'x', 0), (3, 'caio', 'Caio', 'agent', 'x', 0), (4, 'sup', 'Sup', 'supervisor', 'x', 0);
      INSERT INTO creditors (id, name, cnpj, address) VALUES (1, 'Banco', '00000000000191', 'Rua A');
      INSERT INTO portfolios (id, creditor_id, name, created_at) VALUES (1, 1, 'Cartões', 0);
      INSERT INTO campaigns (id, portfolio_id, name, mode, created_at) VALUES (1, 1, 'Cartões', 'preview', 0), (2, 1, 'Veículos', 'preview', 0), (3, 1, 'Vazia', 'preview', 0);
      INSERT INTO campaign_agents (campaign_id, user_id) VALUES (1, 1), (2, 1), (2, 2);
    `);
    expect(migrate(db, MIGRATIONS.filter((m) => m.version <= 12))).toEqual([12]);
    expect(db.prepare('SELECT id, name FROM teams ORDER BY id').all()).toEqual([{ id: 1, name: 'Equipe Cartões' }, { id: 2, name: 'Equipe Veículos' }]);
    expect(db.prepare('SELECT id, team_id FROM campaigns ORDER BY id').all()).toEqual([{ id: 1, team_id: 1 }, { id: 2, team_id: 2 }, { id: 3, team_id: null }]);
    // Ana works both: the first campaign's team; Caio works none; supervisors are left to the admin
    expect(db.prepare('SELECT id, team_id FROM users ORDER BY id').all()).toEqual([{ id: 1, team_id: 1 }, { id: 2, team_id: 2 }, { id: 3, team_id: null }, { id: 4, team_id: null }]);
    // who works which campaign is untouched
    expect(db.prepare('SELECT COUNT(*) FROM campaign_agents').pluck().get()).toBe(3);
    expect(() => db.prepare("INSERT INTO debtor_assignments (debtor_id, reassignment_id, team_id, agency, from_at) VALUES (1, 1, 1, 'X', 0)").run()).toThrow(/CHECK/);
  });
});
