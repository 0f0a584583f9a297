import { appUrl, expect, login, passwordOf, test } from './fixtures';

test.describe('supervisor actions in Chromium against the real server', () => {
  test('the supervisor pauses an agent (the agent\'s console shows it) and changes a campaign\'s pacing live; an agent cannot', async ({ page, browser, request }) => {
    const agentContext = await browser.newContext();
    const agent = await agentContext.newPage();
    await login(agent, 'agent');
    const myState = agent.getByRole('status', { name: 'Meu estado' });
    await agent.getByRole('button', { name: 'Pausar' }).click();
    await agent.getByRole('button', { name: 'Ficar disponível' }).click();
    await expect(myState).toHaveText('Disponível');

    await login(page, 'supervisor');
    const row = page.getByRole('table', { name: 'Agentes' }).getByRole('row', { name: /Ana Souza/ });
    await expect(row).toContainText('Disponível');
    // today's work per agent: earlier tests made Ana Souza's calls (at least one dial recorded)
    await expect(row.getByRole('cell').nth(4)).not.toHaveText('0');
    await row.getByRole('button', { name: 'Pausar Ana Souza' }).click();
    await expect(myState).toHaveText(/Em pausa\s*Pausa do supervisor/);
    await expect(row).toContainText('Pausa do supervisor');

    const lines = page.getByLabel('Linhas por agente em Cartões — recuperação 2024');
    await lines.fill('3');
    await lines.blur();
    await page.reload();
    await expect(page.getByLabel('Linhas por agente em Cartões — recuperação 2024')).toHaveValue('3');

    const loginAgent = await request.post(`${appUrl()}/api/auth/login`, { data: { username: 'agente', password: passwordOf('agent') } });
    const { data } = (await loginAgent.json()) as { data: { token: string; user: { id: number } } };
    const forbidden = await request.post(`${appUrl()}/api/supervisor/agents/${data.user.id}/pause`, { headers: { authorization: `Bearer ${data.token}` } });
    expect(forbidden.status()).toBe(403);
    await agentContext.close();
  });
});
