import type { DemoDataset } from '../../domain/demo-data';
import type { NewUser } from '../../ports/repositories';
import type { Db } from './database';
import { insertUser } from './users';

const DAY_MS = 86_400_000;

/** Inserts the demo dataset and users in one transaction: a crash leaves an empty database, never half of it. */
export function loadDemo(db: Db, data: DemoDataset, users: NewUser[], now: number): void {
  db.transaction(() => {
    const userIds = users.map((u) => ({ id: insertUser(db, u, now).id, role: u.role }));
    const creditorId = db
      .prepare('INSERT INTO creditors (name, cnpj, address) VALUES (?, ?, ?)')
      .run(data.creditor.name, data.creditor.cnpj, data.creditor.address).lastInsertRowid;
    const addPortfolio = db.prepare('INSERT INTO portfolios (creditor_id, name, created_at) VALUES (?, ?, ?)');
    const portfolioIds = data.portfolios.map((name) => addPortfolio.run(creditorId, name, now).lastInsertRowid);
    const campaignId = db
      .prepare('INSERT INTO campaigns (portfolio_id, name, mode, status, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(portfolioIds[data.campaign.portfolio], data.campaign.name, data.campaign.mode, 'active', now).lastInsertRowid;
    // every demo agent works the demo campaign, in the team that serves it
    const teamId = db.prepare('INSERT INTO teams (name, created_at) VALUES (?, ?)').run(`Equipe ${data.campaign.name}`, now).lastInsertRowid;
    db.prepare('UPDATE campaigns SET team_id = ? WHERE id = ?').run(teamId, campaignId);
    const addAgent = db.prepare('INSERT INTO campaign_agents (campaign_id, user_id) VALUES (?, ?)');
    const joinTeam = db.prepare('UPDATE users SET team_id = ? WHERE id = ?');
    for (const u of userIds) {
      if (u.role !== 'agent') continue;
      addAgent.run(campaignId, u.id);
      joinTeam.run(teamId, u.id);
    }

    const addDebtor = db.prepare(
      "INSERT INTO debtors (document_kind, document, name, birth_date, created_at) VALUES ('cpf', ?, ?, ?, ?)",
    );
    const addAddress = db.prepare(
      'INSERT INTO debtor_addresses (debtor_id, street, district, city, uf, zip) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const addEmail = db.prepare('INSERT INTO debtor_emails (debtor_id, email) VALUES (?, ?)');
    const addPhone = db.prepare("INSERT INTO phones (debtor_id, e164, ddd, kind, source) VALUES (?, ?, ?, ?, 'demo')");
    const addContract = db.prepare(
      'INSERT INTO contracts (debtor_id, portfolio_id, number, product, original_amount_cents, due_date) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const addMember = db.prepare('INSERT INTO campaign_members (campaign_id, debtor_id) VALUES (?, ?)');
    const addEvent = db.prepare('INSERT INTO timeline_events (debtor_id, at, kind, summary) VALUES (?, ?, ?, ?)');

    for (const d of data.debtors) {
      const debtorId = addDebtor.run(d.cpf, d.name, d.birthDate, now).lastInsertRowid;
      const a = d.address;
      addAddress.run(debtorId, a.street, a.district, a.city, a.uf, a.zip);
      if (d.email) addEmail.run(debtorId, d.email);
      for (const p of d.phones) addPhone.run(debtorId, p.e164, p.ddd, p.kind);
      for (const c of d.contracts) {
        addContract.run(debtorId, portfolioIds[c.portfolio], c.number, c.product, c.originalAmountCents, c.dueDate);
      }
      if (d.contracts.some((c) => c.portfolio === data.campaign.portfolio)) addMember.run(campaignId, debtorId);
      addEvent.run(debtorId, now - 200 * DAY_MS, 'import', 'Importado da carteira de demonstração');
      for (const h of d.history) addEvent.run(debtorId, now - h.daysAgo * DAY_MS, h.kind, h.summary);
    }
    const addIndex = db.prepare('INSERT INTO index_values (index_name, month, rate_ppm) VALUES (?, ?, ?)');
    for (const i of data.indexes) addIndex.run(i.name, i.month, i.ratePpm);
    const addCallerId = db.prepare('INSERT INTO caller_ids (e164, ddd, trunk, attested) VALUES (?, ?, ?, ?)');
    for (const c of data.callerIds) addCallerId.run(c.e164, c.ddd, c.trunk, c.attested ? 1 : 0);
  })();
}
