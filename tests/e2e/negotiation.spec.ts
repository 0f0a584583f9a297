import { expect, login, test } from './fixtures';

test.describe('negotiation in Chromium against the real server', () => {
  test('an admin lowers a discount ceiling in Administração → Políticas de negociação and the agent\'s simulator obeys at once', async ({ page, browser }) => {
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    await login(admin, 'admin');
    await admin.getByRole('tab', { name: 'Políticas de negociação' }).click();
    const policies = admin.getByRole('region', { name: 'Políticas de negociação' });
    await policies.getByLabel('Carteira').selectOption({ label: 'Banco Exemplo S.A. — Cartões 2024' });
    // the interest ceiling of cash payments, in every days-past-due bucket
    const cells = policies.getByLabel(/^Juros — .+ — à vista \(%\)$/);
    await expect(cells).toHaveCount(3);
    const before: string[] = [];
    for (const cell of await cells.all()) {
      before.push(await cell.inputValue());
      await cell.fill('0');
    }
    expect(before.some((v) => v !== '0')).toBe(true);
    await admin.getByRole('button', { name: 'Salvar política' }).click();
    await expect(policies.getByRole('status')).toHaveText('Política salva: vale a partir da próxima proposta.');
    // a bad value is refused naming the field
    await policies.getByLabel(/^Multa — .+ — à vista \(%\)$/).first().fill('150');
    await admin.getByRole('button', { name: 'Salvar política' }).click();
    await expect(policies.getByRole('alert')).toContainText('matrix.0.forms.0.ceiling.feeBps: at most 10000 (100%)');

    try {
      await login(page, 'agent');
      await page.getByRole('button', { name: 'Pausar' }).click();
      await page.getByRole('button', { name: 'Ficar disponível' }).click();
      const panel = page.getByRole('region', { name: 'Negociação' });
      await panel.getByRole('radio', { name: /^À vista/ }).check();
      const interest = panel.getByLabel('Desconto nos juros (%)');
      await expect(interest).toHaveValue('0,00');
      await interest.fill('1');
      await expect(panel.getByRole('status', { name: 'Resultado da proposta' })).toContainText('Fora da política: above_matrix');
      await expect(panel.getByRole('button', { name: 'Formalizar acordo' })).toBeDisabled();
    } finally {
      // the demo policy back, for the suites after this one
      await admin.getByRole('tab', { name: 'Auditoria' }).click();
      await admin.getByRole('tab', { name: 'Políticas de negociação' }).click();
      await policies.getByLabel('Carteira').selectOption({ label: 'Banco Exemplo S.A. — Cartões 2024' });
      for (const [i, cell] of (await cells.all()).entries()) await cell.fill(before[i]!);
      await admin.getByRole('button', { name: 'Salvar política' }).click();
      await expect(policies.getByRole('status')).toHaveText('Política salva: vale a partir da próxima proposta.');
      await adminContext.close();
    }
  });

  test('the agent asks for a discount above their limit, the supervisor approves live, the agent formalizes the agreement', async ({ page, browser }) => {
    const supervisorContext = await browser.newContext();
    const supervisor = await supervisorContext.newPage();
    await login(supervisor, 'supervisor');
    await expect(supervisor.getByRole('heading', { name: 'Pedidos de aprovação' })).toBeVisible();

    await login(page, 'agent');
    const myState = page.getByRole('status', { name: 'Meu estado' });
    await page.getByRole('button', { name: 'Pausar' }).click();
    await expect(myState).toHaveText(/Em pausa/);
    await page.getByRole('button', { name: 'Ficar disponível' }).click();
    const panel = page.getByRole('region', { name: 'Negociação' });
    await expect(panel.getByRole('table', { name: 'Saldo atualizado', exact: true })).toContainText('Saldo atualizado em 24/11/2026');
    // each contract with its updated balance (above the original amount: late fee, interest and correction)
    const byContract = panel.getByRole('table', { name: 'Saldo atualizado por contrato' });
    await expect(byContract.getByRole('row')).not.toHaveCount(1);
    await expect(byContract.getByRole('cell').last()).toHaveText(/^R\$\s[\d.]+,\d{2}$/);
    await panel.getByRole('radio').first().check();
    const verdict = panel.getByRole('status', { name: 'Resultado da proposta' });
    await expect(verdict).toContainText('Total R$');

    // double the interest discount the ready option gives: beyond the agent's half of the matrix
    const interest = panel.getByLabel('Desconto nos juros (%)');
    const current = Number((await interest.inputValue()).replace(',', '.'));
    expect(current).toBeGreaterThan(0);
    await interest.fill(String(Math.min(100, current * 2)).replace('.', ','));
    await expect(verdict).toContainText('Acima do seu limite');
    await expect(panel.getByRole('button', { name: 'Formalizar acordo' })).toBeDisabled();
    await panel.getByRole('button', { name: 'Pedir aprovação' }).click();
    await expect(panel.getByRole('status', { name: 'Aprovação' })).toHaveText('Aguardando o supervisor…');

    // the request reaches the supervisor's screen at once
    const requests = supervisor.getByRole('table', { name: 'Pedidos de aprovação' });
    await expect(requests.getByRole('row', { name: /Ana Souza/ })).toBeVisible();
    await requests.getByRole('row', { name: /Ana Souza/ }).getByRole('button', { name: 'Aprovar' }).click();
    await expect(supervisor.getByText('Nenhum pedido pendente.')).toBeVisible();

    await expect(panel.getByRole('status', { name: 'Aprovação' })).toHaveText('Aprovado pelo supervisor');
    await panel.getByRole('button', { name: 'Formalizar acordo' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Acordo formalizado' })).toContainText(/Acordo formalizado: 1 pagamento\(s\), total R\$/);
    await supervisorContext.close();
  });


  test('an admin sees the IPCA and SELIC series in Administração → Índices and imports a file: a bad line is named and nothing is written', async ({ page }) => {
    await login(page, 'admin');
    await page.getByRole('tab', { name: 'Índices' }).click();
    const indexes = page.getByRole('region', { name: 'Índices' });
    await indexes.getByLabel('Índice').selectOption({ label: 'SELIC (juros legais)' });
    const table = indexes.getByRole('table', { name: 'Valores mensais de SELIC (juros legais)' });
    await expect(table.getByRole('row').nth(1)).toBeVisible();
    await expect(indexes.getByRole('img', { name: 'Gráfico dos últimos 24 meses de SELIC (juros legais)' })).toBeVisible();
    const file = indexes.getByLabel('Importar arquivo (mês;taxa)');
    await file.setInputFiles({ name: 'selic.csv', mimeType: 'text/csv', buffer: Buffer.from('mes;taxa\n2027-01;0,95\n2027-13;0,90\n') });
    await expect(indexes.getByRole('alert')).toContainText('1 linha(s) com erro; nada foi gravado');
    await expect(indexes.getByRole('table', { name: 'Linhas com erro' })).toContainText('2027-13');
    await expect(table).not.toContainText('01/2027');
    await file.setInputFiles({ name: 'selic.csv', mimeType: 'text/csv', buffer: Buffer.from('mes;taxa\n2027-01;0,95\n') });
    await expect(indexes.getByRole('status')).toHaveText('1 mês(es) gravado(s).');
    await expect(table.getByRole('row', { name: /01\/2027/ })).toContainText('0,95');
  });
});
