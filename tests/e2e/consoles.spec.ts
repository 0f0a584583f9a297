import fs from 'node:fs';
import { appUrl, expect, login, passwordOf, test } from './fixtures';

test.describe('role consoles in Chromium against the real server', () => {
  test('the agent logs in, sees the agent console and goes available', async ({ page }) => {
    await login(page, 'agent');
    await expect(page.getByRole('heading', { name: 'Console do agente' })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Conectado' })).toBeVisible();
    const myState = page.getByRole('status', { name: 'Meu estado' });
    await expect(myState).toHaveText(/Em pausa\s*Início de turno/);
    await page.getByRole('button', { name: 'Ficar disponível' }).click();
    await expect(myState).toHaveText('Disponível');
    const inState = page.getByRole('timer', { name: 'Tempo no estado' });
    await expect(inState).toHaveText(/^0:0\d$/);
    // counted on the server's clock (a day ahead of this PC's under QUITA_CLOCK_START): it runs, from 0
    await expect(inState).toHaveText(/^0:0[1-9]$/);

    // The screenshot in the README comes from here (QUITA_SCREENSHOT_DIR=docs/screenshots).
    const dir = process.env.QUITA_SCREENSHOT_DIR;
    if (dir) {
      fs.mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: `${dir}/agent-console.png` });
    }

    await page.getByLabel('Motivo da pausa').selectOption({ label: 'Almoço' });
    await page.getByRole('button', { name: 'Pausar' }).click();
    await expect(myState).toHaveText(/Em pausa\s*Almoço/);

    // the server is the source of truth: a reload keeps the state
    await page.reload();
    await expect(page.getByRole('status', { name: 'Meu estado' })).toHaveText(/Em pausa\s*Almoço/);
  });

  test("the supervisor sees an agent's state change within a second", async ({ page, browser }) => {
    await login(page, 'supervisor');
    await expect(page.getByRole('heading', { name: 'Painel de supervisão' })).toBeVisible();

    const agentContext = await browser.newContext();
    const agentPage = await agentContext.newPage();
    await login(agentPage, 'agent');
    await expect(agentPage.getByRole('heading', { name: 'Console do agente' })).toBeVisible();

    const row = page.getByRole('table', { name: 'Agentes' }).getByRole('row', { name: /Ana Souza/ });
    await expect(row).toBeVisible();
    await agentPage.getByRole('button', { name: 'Ficar disponível' }).click();
    await expect(row.getByText('Disponível')).toBeVisible({ timeout: 1000 });
    await agentContext.close();
  });

  test('the admin sees users, campaigns and masked debtors', async ({ page }) => {
    await login(page, 'admin');
    await expect(page.getByRole('heading', { name: 'Administração' })).toBeVisible();
    const users = page.getByRole('table', { name: 'Usuários' });
    await expect(users.getByRole('row')).toHaveCount(4);
    await expect(users.getByRole('cell', { name: 'Supervisor', exact: true })).toBeVisible();

    await page.getByRole('tab', { name: 'Campanhas' }).click();
    await expect(page.getByRole('table', { name: 'Campanhas' }).getByText('Banco Exemplo S.A.')).toBeVisible();

    await page.getByRole('tab', { name: 'Devedores' }).click();
    const debtors = page.getByRole('table', { name: 'Devedores' });
    await expect(debtors.getByRole('row')).toHaveCount(26);
    await expect(page.getByText('Página 1 de 20 · 500 devedores')).toBeVisible();
    const documents = await debtors.locator('td.mono').allTextContents();
    expect(documents.every((d) => /^\*\*\*\.\d{3}\.\d{3}-\*\*$/.test(d))).toBe(true);
    await page.getByRole('button', { name: 'Próxima' }).click();
    await expect(page.getByText('Página 2 de 20 · 500 devedores')).toBeVisible();
  });

  test('a wrong password is refused with a clear message', async ({ page }) => {
    await page.goto(appUrl());
    await page.getByLabel('Usuário').fill('agente');
    await page.getByLabel('Senha').fill('senha-errada');
    await page.getByRole('button', { name: 'Entrar' }).click();
    await expect(page.getByRole('alert')).toHaveText('Usuário ou senha inválidos.');
    await expect(page.getByRole('heading', { name: 'Entrar no Quita' })).toBeVisible();
  });

  test('an agent cannot open the admin area nor call admin routes', async ({ page, request }) => {
    await login(page, 'agent', '#/admin');
    await expect(page.getByRole('heading', { name: 'Acesso negado' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Administração' })).toHaveCount(0);

    const loginResponse = await request.post(`${appUrl()}/api/auth/login`, { data: { username: 'agente', password: passwordOf('agent') } });
    const { data } = (await loginResponse.json()) as { data: { token: string } };
    const users = await request.get(`${appUrl()}/api/admin/users`, { headers: { authorization: `Bearer ${data.token}` } });
    expect(users.status()).toBe(403);
  });

  test('the consoles are available in English', async ({ page }) => {
    await page.goto(appUrl());
    await page.getByLabel('Idioma').selectOption('en');
    await expect(page.getByRole('heading', { name: 'Sign in to Quita' })).toBeVisible();
    await page.getByLabel('Username').fill('supervisor');
    await page.getByLabel('Password').fill(passwordOf('supervisor'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Supervisor wallboard' })).toBeVisible();
  });
});
