import { expect, login, test } from './fixtures';

test.describe('negotiation in Chromium against the real server', () => {
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
    await expect(panel.getByRole('table', { name: 'Saldo atualizado' })).toContainText('Saldo atualizado em 24/11/2026');
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
});
