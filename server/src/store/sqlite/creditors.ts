import type { Creditor, Portfolio } from '../../../../shared/creditors';
import { err, ok, type Result } from '../../../../shared/result';
import type { CreditorStore } from '../../ports/creditors';
import type { Db } from './database';

interface CreditorRow { id: number; name: string; cnpj: string; address: string }
interface PortfolioRow { id: number; creditor_id: number; name: string; created_at: number }

const toPortfolio = (r: PortfolioRow): Portfolio => ({ id: r.id, creditorId: r.creditor_id, name: r.name, createdAt: r.created_at });

export function sqliteCreditors(db: Db): CreditorStore {
  const creditorRow = db.prepare('SELECT id, name, cnpj, address FROM creditors WHERE id = ?');
  const portfoliosOf = db.prepare('SELECT id, creditor_id, name, created_at FROM portfolios WHERE creditor_id = ? ORDER BY name');
  const toCreditor = (r: CreditorRow): Creditor => ({ ...r, portfolios: (portfoliosOf.all(r.id) as PortfolioRow[]).map(toPortfolio) });
  const byId = (id: number) => toCreditor(creditorRow.get(id) as CreditorRow);

  return {
    async list() {
      return (db.prepare('SELECT id, name, cnpj, address FROM creditors ORDER BY name, id').all() as CreditorRow[]).map(toCreditor);
    },
    async create(c) {
      return db.transaction((): Result<Creditor> => {
        if (db.prepare('SELECT 1 FROM creditors WHERE cnpj = ?').get(c.cnpj)) return err('conflict', `cnpj: a creditor with CNPJ ${c.cnpj} already exists`);
        const id = Number(db.prepare('INSERT INTO creditors (name, cnpj, address) VALUES (?, ?, ?)').run(c.name, c.cnpj, c.address).lastInsertRowid);
        return ok(byId(id));
      })();
    },
    async update(id, patch) {
      return db.transaction((): Result<Creditor> => {
        if (!creditorRow.get(id)) return err('not_found', `creditor ${id} does not exist`);
        if (patch.name !== undefined) db.prepare('UPDATE creditors SET name = ? WHERE id = ?').run(patch.name, id);
        if (patch.address !== undefined) db.prepare('UPDATE creditors SET address = ? WHERE id = ?').run(patch.address, id);
        return ok(byId(id));
      })();
    },
    async createPortfolio(p, at) {
      return db.transaction((): Result<Portfolio> => {
        if (!creditorRow.get(p.creditorId)) return err('bad_request', `creditorId: creditor ${p.creditorId} does not exist`);
        if (db.prepare('SELECT 1 FROM portfolios WHERE creditor_id = ? AND name = ?').get(p.creditorId, p.name)) {
          return err('conflict', `name: this creditor already has a portfolio named "${p.name}"`);
        }
        const id = Number(db.prepare('INSERT INTO portfolios (creditor_id, name, created_at) VALUES (?, ?, ?)').run(p.creditorId, p.name, at).lastInsertRowid);
        return ok(toPortfolio(db.prepare('SELECT id, creditor_id, name, created_at FROM portfolios WHERE id = ?').get(id) as PortfolioRow));
      })();
    },
  };
}
