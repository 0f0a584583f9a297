import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIXTURES, mailingTestStore } from '../support/mailing-store';

let t: Awaited<ReturnType<typeof mailingTestStore>>;
beforeEach(async () => {
  t = await mailingTestStore();
});
afterEach(async () => {
  await t.close();
});

const good = (name: string) => path.join(FIXTURES, 'good', name);
const bad = (name: string) => path.join(FIXTURES, 'bad', name);

describe('mailing import (real SQLite file)', () => {
  it('imports the canonical UTF-8 (BOM) file: debtors, contracts in centavos, E.164 phones, members, address', async () => {
    const r = await t.run({ filePath: good('canonical-utf8-bom.csv'), mode: 'append' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toMatchObject({ encoding: 'utf-8', delimiter: ';' });
    expect(r.data.counts).toMatchObject({ rowsTotal: 2, rowsImported: 2, rowsRejected: 0, debtorsCreated: 2, contractsCreated: 2, phonesAdded: 3, membersAdded: 2 });
    const maria = t.peek.prepare("SELECT id, name, birth_date FROM debtors WHERE document = '52998224725'").get() as { id: number; name: string; birth_date: string };
    expect(maria).toMatchObject({ name: 'Maria José da Conceição', birth_date: '1980-03-15' });
    expect(t.peek.prepare('SELECT original_amount_cents, due_date FROM contracts WHERE number = ?').get('C-1001')).toEqual({ original_amount_cents: 123456, due_date: '2024-01-10' });
    expect(t.peek.prepare('SELECT e164, kind FROM phones WHERE debtor_id = ? ORDER BY e164').all(maria.id)).toEqual([
      { e164: '+551134567890', kind: 'fixed' }, { e164: '+5511987654321', kind: 'mobile' },
    ]);
    expect(t.count('SELECT COUNT(*) FROM campaign_members WHERE campaign_id = 1 AND debtor_id = ?', maria.id)).toBe(1);
    expect(t.peek.prepare('SELECT city, uf FROM debtor_addresses WHERE debtor_id = ?').get(maria.id)).toEqual({ city: 'São Paulo', uf: 'SP' });
  });

  it('detects Windows-1252, maps the creditor headers, adds the 9th digit to old mobiles', async () => {
    const r = await t.run({ filePath: good('windows-1252-semicolon.csv'), mode: 'append' });
    expect(r.ok && r.data.encoding).toBe('windows-1252');
    expect(r.ok && r.data.counts.rowsImported).toBe(2);
    expect(t.peek.prepare("SELECT name FROM debtors WHERE document = '39053344705'").pluck().get()).toBe('Conceição Gonçalves');
    expect(t.count("SELECT COUNT(*) FROM phones WHERE e164 = '+5531987654321'")).toBe(1);
    expect(t.peek.prepare("SELECT original_amount_cents FROM contracts WHERE number = '77002'").pluck().get()).toBe(89990);
  });

  it('reads ISO-8859-1 with commas, quoted commas, quotes and newlines, and alphanumeric CNPJs', async () => {
    const r = await t.run({ filePath: good('iso-8859-1-comma-quoted.csv'), mode: 'append' });
    expect(r.ok && r.data).toMatchObject({ encoding: 'windows-1252', delimiter: ',', counts: { rowsImported: 2, rowsRejected: 0 } });
    expect(t.peek.prepare("SELECT name FROM debtors WHERE document = '27548438923'").pluck().get()).toBe('Souza, Ana "Aninha"');
    expect(t.peek.prepare("SELECT document_kind, name FROM debtors WHERE document = '12ABC34501DE35'").get()).toEqual({ document_kind: 'cnpj', name: 'Padaria Pão de Açúcar Ltda' });
    expect(t.peek.prepare("SELECT street FROM debtor_addresses a JOIN debtors d ON d.id = a.debtor_id WHERE d.document = '27548438923'").pluck().get()).toBe('Rua A, 1 fundos');
  });

  it('groups a debtor spread over lines: one debtor, its contracts, phones merged', async () => {
    const r = await t.run({ filePath: good('tab-grouped.tsv'), mode: 'append' });
    expect(r.ok && r.data.counts).toMatchObject({ rowsTotal: 3, rowsImported: 3, debtorsCreated: 1, contractsCreated: 3, phonesAdded: 4, membersAdded: 1 });
    const id = t.peek.prepare("SELECT id FROM debtors WHERE document = '98765432100'").pluck().get();
    expect(t.count('SELECT COUNT(*) FROM phones WHERE debtor_id = ?', id)).toBe(4);
  });

  it('rejects each bad line with line, column, value and reason, and imports the rest', async () => {
    const r = await t.run({ filePath: bad('mixed-errors.csv'), mode: 'append' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.counts).toMatchObject({ rowsTotal: 9, rowsImported: 2, rowsRejected: 7, rowsWithWarnings: 1 });
    const rejections = await t.store.mailing.rejections(r.data.importId, 0, 100);
    const summary = rejections.map((x) => [x.line, x.severity, x.reasons.map((p) => `${p.column}|${p.value}|${p.reason}`)]);
    expect(summary).toEqual([
      [2, 'rejected', ['documento|529.982.247-24|CPF inválido (dígitos verificadores não conferem)']],
      [3, 'rejected', ['documento|11.222.333/0001-82|CNPJ inválido (dígitos verificadores não conferem)']],
      [4, 'rejected', ['valor|dez reais|valor inválido (use 1.234,56 ou 1234.56)']],
      [5, 'rejected', ['vencimento|31/02/2024|data de vencimento inválida (use dd/mm/aaaa ou aaaa-mm-dd)']],
      [6, 'rejected', ['nome||nome vazio']],
      [7, 'rejected', ['(linha)|4|quantidade de colunas diferente do cabeçalho (esperado 7, encontrado 4)']],
      [8, 'warning', ['telefone1|(20) 98765-4321|DDD inexistente']],
      [10, 'rejected', ['(linha)||aspas abertas e não fechadas']],
    ]);
    // nothing from a rejected line reached the database
    expect(t.count("SELECT COUNT(*) FROM contracts WHERE number IN ('B-1','B-2','B-3','B-4','B-5','B-6','B-9')")).toBe(0);
    expect(t.count("SELECT COUNT(*) FROM contracts WHERE number IN ('B-7','B-8')")).toBe(2);
  });

  it('refuses a file without the required columns before writing anything', async () => {
    const before = t.count('SELECT COUNT(*) FROM imports');
    expect(await t.run({ filePath: bad('missing-columns.csv'), mode: 'append' })).toEqual({
      ok: false, error: { code: 'bad_request', message: 'colunas obrigatórias ausentes: contrato, valor, vencimento' },
    });
    expect(await t.run({ filePath: bad('empty.csv'), mode: 'append' })).toMatchObject({ ok: false, error: { message: 'arquivo vazio: nenhum cabeçalho encontrado' } });
    expect(t.count('SELECT COUNT(*) FROM imports')).toBe(before);
    const headerOnly = await t.run({ filePath: bad('header-only.csv'), mode: 'append' });
    expect(headerOnly.ok && headerOnly.data.counts.rowsTotal).toBe(0);
  });

  it('detects a re-upload of the same file and never duplicates it', async () => {
    const file = good('canonical-utf8-bom.csv');
    expect((await t.run({ filePath: file, mode: 'append' })).ok).toBe(true);
    const again = await t.run({ filePath: file, mode: 'append' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('já foi importado') } });
    const confirmed = await t.run({ filePath: file, mode: 'append', confirmDuplicate: true });
    expect(confirmed.ok && confirmed.data.counts).toMatchObject({ rowsImported: 2, debtorsCreated: 0, contractsCreated: 0, contractsUnchanged: 2, phonesAdded: 0, membersAdded: 0 });
    expect(t.count("SELECT COUNT(*) FROM contracts WHERE number IN ('C-1001', 'C-1002')")).toBe(2);
  });

  it('update mode adds new phones, updates open contracts and never resurrects a paid one', async () => {
    const dir = t.dir;
    await t.run({ filePath: good('canonical-utf8-bom.csv'), mode: 'append' });
    // the creditor reports C-1002 paid
    const w = new (await import('better-sqlite3')).default(t.dbFile);
    w.prepare("UPDATE contracts SET status = 'paid' WHERE number = 'C-1002'").run();
    const joao = w.prepare("SELECT id FROM debtors WHERE document = '11144477735'").pluck().get() as number;
    w.prepare('DELETE FROM campaign_members WHERE debtor_id = ?').run(joao);
    w.close();
    const update = path.join(dir, 'update.csv');
    fs.writeFileSync(update, [
      'documento;nome;contrato;valor;vencimento;telefone1',
      '529.982.247-25;Maria José da Conceição Silva;C-1001;2.000,00;10/01/2024;(11) 91111-2222',
      '111.444.777-35;João Antônio Araújo;C-1002;99,00;30/11/2023;(21) 91111-3333',
    ].join('\n'));
    const r = await t.run({ filePath: update, mode: 'update' });
    expect(r.ok && r.data.counts).toMatchObject({ rowsImported: 2, debtorsUpdated: 1, contractsUpdated: 1, contractsUnchanged: 1, phonesAdded: 2, membersAdded: 0 });
    expect(t.peek.prepare("SELECT original_amount_cents, status FROM contracts WHERE number = 'C-1001'").get()).toEqual({ original_amount_cents: 200000, status: 'open' });
    expect(t.peek.prepare("SELECT original_amount_cents, status FROM contracts WHERE number = 'C-1002'").get()).toEqual({ original_amount_cents: 1500000, status: 'paid' });
    expect(t.count('SELECT COUNT(*) FROM campaign_members WHERE debtor_id = ?', joao)).toBe(0);
    expect(t.peek.prepare("SELECT name FROM debtors WHERE document = '52998224725'").pluck().get()).toBe('Maria José da Conceição Silva');
  });

  it('a contract number already held by another CPF is rejected, not reassigned', async () => {
    await t.run({ filePath: good('canonical-utf8-bom.csv'), mode: 'append' });
    const file = path.join(t.dir, 'steal.csv');
    fs.writeFileSync(file, 'documento;nome;contrato;valor;vencimento;telefone1\n390.533.447-05;Outra Pessoa;C-1001;10,00;01/01/2024;(11) 91234-5678\n');
    const r = await t.run({ filePath: file, mode: 'update' });
    expect(r.ok && r.data.counts).toMatchObject({ rowsImported: 0, rowsRejected: 1 });
    expect(t.count("SELECT COUNT(*) FROM debtors WHERE document = '39053344705'")).toBe(0);
  });

  it('removal file takes debtors out of the campaign (and withdraws named contracts); new mode replaces the mailing', async () => {
    await t.run({ filePath: good('tab-grouped.tsv'), mode: 'append' });
    await t.run({ filePath: good('canonical-utf8-bom.csv'), mode: 'append' });
    const removal = path.join(t.dir, 'remove.csv');
    fs.writeFileSync(removal, 'cpf;contrato\n529.982.247-25;\n987.654.321-00;T-1\n000.000.001-91;\n');
    const r = await t.run({ filePath: removal, mode: 'remove' });
    expect(r.ok && r.data.counts).toMatchObject({ rowsImported: 2, rowsRejected: 1, membersRemoved: 1, contractsWithdrawn: 1 });
    expect(t.count("SELECT COUNT(*) FROM campaign_members m JOIN debtors d ON d.id = m.debtor_id WHERE d.document = '52998224725'")).toBe(0);
    // Carlos still has open contracts T-2 and T-3: he stays in the campaign
    expect(t.count("SELECT COUNT(*) FROM campaign_members m JOIN debtors d ON d.id = m.debtor_id WHERE d.document = '98765432100'")).toBe(1);
    expect(t.peek.prepare("SELECT status FROM contracts WHERE number = 'T-1'").pluck().get()).toBe('cancelled');

    const replaced = await t.run({ filePath: good('windows-1252-semicolon.csv'), mode: 'new' });
    expect(replaced.ok && replaced.data.counts.membersAdded).toBe(2);
    expect(t.count('SELECT COUNT(*) FROM campaign_members WHERE campaign_id = 1')).toBe(2);
  });

  it('an import interrupted mid-way is reported failed and leaves no row behind', async () => {
    const before = t.count('SELECT COUNT(*) FROM contracts');
    const writer = await t.store.mailing.beginImport({
      campaignId: 1, mode: 'append', fileName: 'x.csv', fileSha256: 'x', fileBytes: 1, encoding: 'utf-8', delimiter: ';', header: [], userId: null, startedAt: Date.now(),
    });
    await writer.writeBatch([{ line: 2, fields: [], warnings: [], row: { line: 2, documentKind: 'cpf', document: '52998224725', name: 'X', birthDate: null, contract: { number: 'Z-1', product: 'p', amountCents: 100, dueDate: '2024-01-01' }, phones: [], email: null, address: null } }]);
    await writer.rollback('simulated failure', Date.now());
    expect(t.count('SELECT COUNT(*) FROM contracts')).toBe(before);
    expect((await t.store.mailing.getImport(writer.importId))?.status).toBe('failed');
  });
});
