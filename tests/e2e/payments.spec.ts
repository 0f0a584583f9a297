import Database from 'better-sqlite3';
import { expect, login, test } from './fixtures';

function openDebt(): { document: string; number: string; cents: number } {
  const file = process.env.QUITA_E2E_DB;
  if (!file) throw new Error('QUITA_E2E_DB is not set: the e2e global setup did not run');
  const db = new Database(file, { readonly: true });
  try {
    return db
      .prepare("SELECT d.document, c.number, c.original_amount_cents AS cents FROM contracts c JOIN debtors d ON d.id = c.debtor_id WHERE c.status = 'open' AND (SELECT COUNT(*) FROM contracts x WHERE x.debtor_id = d.id AND x.status = 'open') = 1 ORDER BY d.id DESC LIMIT 1")
      .get() as { document: string; number: string; cents: number };
  } finally {
    db.close();
  }
}
const reais = (cents: number) => `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

test.describe('payments in Chromium against the real server', () => {
  test('a supervisor writes a debt off by hand; a payoff file applies its good lines and lists the bad one', async ({ page }) => {
    const debt = openDebt();
    await login(page, 'supervisor');
    const form = page.getByRole('form', { name: 'Baixa manual e arquivo de baixas' });
    await form.getByLabel('CPF/CNPJ do devedor').fill(debt.document);
    await form.getByLabel('Contrato (opcional)').fill(debt.number);
    await form.getByLabel('Valor pago (R$)').fill(reais(debt.cents));
    await form.getByLabel('Data do pagamento').fill('2026-11-23');
    await form.getByLabel('Motivo da baixa').fill('pagamento confirmado pelo banco');
    await form.getByRole('button', { name: 'Dar baixa' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Baixa' })).toHaveText('Baixa registrada: dívida quitada, o devedor saiu de todas as filas.');

    // the bureau-removal deadline (5 business days after 23/11/2026) is tracked until the request is made
    await page.reload();
    const bureau = page.getByRole('table', { name: 'Remoção nos birôs de crédito (Súmula 548)' });
    await expect(bureau.getByRole('row', { name: /30\/11\/2026/ })).toHaveCount(1);
    await bureau.getByRole('button', { name: /^Pedido de remoção feito/ }).click();
    await expect(page.getByText('Nenhuma remoção pendente.')).toBeVisible();

    const csv = `id;documento;valor;data\nE2E-1;${debt.document};10,00;23/11/2026\nE2E-2;111.444.777-35;10,00;23/11/2026\n`;
    await page.getByLabel('Arquivo de baixas (CSV)').setInputFiles({ name: 'baixas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByRole('status').filter({ hasText: 'aplicados' })).toHaveText('1 pagamento(s) aplicados, 0 já recebidos antes, 0 devedor(es) fora das filas, 1 linha(s) com erro.');
    await expect(page.getByRole('table', { name: 'Linhas com erro' }).getByRole('row', { name: /devedor não encontrado/ })).toContainText('3');
  });

  test('an admin creates a payment integration and sees its secret once', async ({ page }) => {
    await login(page, 'admin');
    await page.getByRole('tab', { name: 'Integrações e listas' }).click();
    const form = page.getByRole('form', { name: 'Nova integração (webhook de pagamentos)' });
    await form.getByLabel('Identificador').fill('banco-e2e');
    await form.getByLabel('Nome').fill('Banco E2E');
    await form.getByRole('button', { name: 'Criar integração' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Segredo' })).toContainText(/Segredo .*: [A-Za-z0-9_-]{43}/);
    await expect(page.getByText('Nenhum aviso pendente de entrega.')).toBeVisible();
  });
});
