import type Database from 'better-sqlite3';
import { cpfCheckDigits } from '../../shared/document';
import { DEFAULT_CAMPAIGN_SETTINGS } from '../../shared/dialer';

export interface BenchDebtor {
  amountCents: number;
  dueDate: string;
  /** E.164 numbers. */
  phones: string[];
}

/**
 * One active preview campaign (id 1) of `agents` agents (users 1..agents) and `debtors` debtors (ids
 * 1..debtors, valid CPFs, one contract each), in one transaction. Returns each debtor's CPF.
 */
export function seedBenchCampaign(db: Database.Database, o: { agents: number; debtors: number; debtor(id: number): BenchDebtor; callerIds: string[] }): string[] {
  const cpfs: string[] = [];
  db.transaction(() => {
    const user = db.prepare("INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES (?, ?, 'agent', 'x', 0)");
    for (let i = 1; i <= o.agents; i++) user.run(`agente${i}`, `Agente ${i}`);
    db.prepare("INSERT INTO creditors (name, cnpj, address) VALUES ('Banco Bench', '11222333000181', 'Rua A, 1')").run();
    db.prepare("INSERT INTO portfolios (creditor_id, name, created_at) VALUES (1, 'Cartões', 0)").run();
    db.prepare("INSERT INTO campaigns (portfolio_id, name, mode, status, created_at, settings) VALUES (1, 'Bench', 'preview', 'active', 0, ?)").run(JSON.stringify(DEFAULT_CAMPAIGN_SETTINGS));
    const agent = db.prepare('INSERT INTO campaign_agents (campaign_id, user_id) VALUES (1, ?)');
    for (let i = 1; i <= o.agents; i++) agent.run(i);
    const debtor = db.prepare("INSERT INTO debtors (id, document_kind, document, name, created_at) VALUES (?, 'cpf', ?, ?, 0)");
    const contract = db.prepare("INSERT INTO contracts (debtor_id, portfolio_id, number, product, original_amount_cents, due_date) VALUES (?, 1, ?, 'cartão', ?, ?)");
    const phone = db.prepare("INSERT INTO phones (debtor_id, e164, ddd, kind, source) VALUES (?, ?, ?, 'mobile', 'bench')");
    const member = db.prepare('INSERT INTO campaign_members (campaign_id, debtor_id) VALUES (1, ?)');
    for (let id = 1; id <= o.debtors; id++) {
      const base = String(100_000_000 + id).slice(-9);
      const cpf = base + cpfCheckDigits(base);
      const d = o.debtor(id);
      debtor.run(id, cpf, `Devedor ${id}`);
      contract.run(id, `K${id}`, d.amountCents, d.dueDate);
      for (const e164 of d.phones) phone.run(id, e164, e164.slice(3, 5));
      member.run(id);
      cpfs.push(cpf);
    }
    const callerId = db.prepare("INSERT INTO caller_ids (e164, ddd, trunk, attested) VALUES (?, ?, 'bench', 1)");
    for (const e164 of o.callerIds) callerId.run(e164, e164.slice(3, 5));
  })();
  return cpfs;
}
