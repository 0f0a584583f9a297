import { appUrl, expect, login, passwordOf, test } from './fixtures';

const DEMO = 'Cartões — recuperação 2024';

test.describe('supervisor actions in Chromium against the real server', () => {
  test('the supervisor pauses an agent (the agent\'s console shows it) and changes a campaign\'s pacing: the dialer uses it at once; an agent cannot', async ({ page, browser, request }) => {
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
    await row.getByRole('button', { name: 'Pausar Ana Souza' }).click();
    await expect(myState).toHaveText(/Em pausa\s*Pausa do supervisor/, { timeout: 1000 });
    await expect(row).toContainText('Pausa do supervisor');

    // the figure beside the field is pushed from the dialer's own runtime: it changes only once the dialer uses the new value
    const inUse = page.getByLabel(`Máximo de linhas por agente em uso pelo discador em ${DEMO}`);
    await expect(inUse).not.toHaveText('3');
    const lines = page.getByLabel(`Linhas por agente em ${DEMO}`);
    await lines.fill('3');
    await lines.blur();
    await expect(inUse).toHaveText('3', { timeout: 1500 });
    await page.reload();
    await expect(page.getByLabel(`Linhas por agente em ${DEMO}`)).toHaveValue('3');

    // an agent reaches none of it: not the screen, not the routes
    await agent.goto(`${appUrl()}/#/supervisor`);
    await expect(agent.getByText('Seu perfil (Agente) não pode abrir esta área.')).toBeVisible();
    await expect(agent.getByRole('table', { name: 'Agentes' })).toHaveCount(0);
    const loginAgent = await request.post(`${appUrl()}/api/auth/login`, { data: { username: 'agente', password: passwordOf('agent') } });
    const { data } = (await loginAgent.json()) as { data: { token: string; user: { id: number } } };
    const headers = { authorization: `Bearer ${data.token}` };
    expect((await request.post(`${appUrl()}/api/supervisor/agents/${data.user.id}/pause`, { headers })).status()).toBe(403);
    expect((await request.patch(`${appUrl()}/api/supervisor/campaigns/1/pacing`, { headers, data: { maxLinesPerAgent: 12 } })).status()).toBe(403);
    expect((await request.post(`${appUrl()}/api/supervisor/agents/${data.user.id}/move`, { headers, data: { toCampaignId: 1 } })).status()).toBe(403);
    expect((await request.get(`${appUrl()}/api/teams`, { headers })).status()).toBe(403);
    await agentContext.close();
  });

  test('the wallboard shows the debtor on the agent\'s screen and the call as it rings, campaign figures with their definitions, charts with a table; filters, sorting and TV mode', async ({ page, browser }) => {
    await login(page, 'supervisor');
    const agents = page.getByRole('table', { name: 'Agentes' });
    const row = agents.getByRole('row', { name: /Ana Souza/ });
    await expect(row).toBeVisible();

    const agentContext = await browser.newContext();
    const agent = await agentContext.newPage();
    await login(agent, 'agent');
    await agent.getByRole('button', { name: 'Pausar' }).click();
    await agent.getByRole('button', { name: 'Ficar disponível' }).click();
    const lead = agent.getByRole('region', { name: 'Próximo contato' });
    const [, debtor, document] = await (async () => {
      await expect(lead.locator('dd').nth(2)).toHaveText(/\*\*\*/);
      return lead.locator('dd').allTextContents();
    })();
    // the debtor on the agent's screen, masked, within the second
    await expect(row.getByRole('cell', { name: 'Devedor atual de Ana Souza' })).toHaveText(`${debtor} ${document}`, { timeout: 1500 });
    await lead.getByRole('button', { name: 'Ligar' }).click();
    await expect(row.getByRole('cell', { name: 'Duração da chamada de Ana Souza' })).toHaveText(/chamando \d+:\d\d/, { timeout: 1500 });
    await lead.getByRole('combobox', { name: /^Resultado/ }).selectOption({ label: 'Ocupado' });
    await lead.getByRole('button', { name: 'Registrar resultado' }).click();
    await agent.getByRole('button', { name: 'Pausar' }).click();
    await agentContext.close();
    // today's work per agent (read when the wallboard opens, then every 30 s): the dial just made counts
    await page.reload();
    await expect(row.getByRole('cell', { name: 'Chamadas hoje de Ana Souza' })).not.toHaveText('0');

    // campaign figures pushed live, each with its definition beside it
    const kpis = page.getByLabel(`Indicadores de ${DEMO}`);
    await expect(kpis).toContainText('Abandono');
    await expect(kpis).toContainText('atendidas sem agente ÷ atendidas');
    await expect(kpis).toContainText(/30 dias/);
    await expect(kpis).toContainText('Leads restantes');
    await expect(page.getByRole('img', { name: `Discagens e atendidas por hora hoje em ${DEMO}` })).toBeVisible();
    await expect(page.getByRole('img', { name: `Abandono por hora hoje em ${DEMO}` })).toBeVisible();
    await expect(page.getByRole('img', { name: `Ocupação por hora hoje em ${DEMO}` })).toBeVisible();
    await page.getByText(`Ver como tabela: Discagens e atendidas por hora hoje em ${DEMO}`).click();
    const hourly = page.getByRole('table', { name: `Discagens e atendidas por hora hoje em ${DEMO}` });
    await expect(hourly.getByRole('row', { name: /^10h/ }).getByRole('cell').nth(1)).not.toHaveText('0');
    await expect(page.getByRole('region', { name: 'Saúde da bina' })).toContainText('Em uso');

    // filters: a team with nobody in it empties the board; back to all teams
    await page.getByLabel('Filtrar por campanha').selectOption({ label: DEMO });
    await expect(row).toBeVisible();
    await page.getByLabel('Filtrar por equipe').selectOption({ label: `Equipe ${DEMO}` });
    await expect(row).toBeVisible();
    await expect(page.getByRole('heading', { name: DEMO })).toBeVisible();

    // sortable: by state, descending, the header says so
    const stateHeader = agents.getByRole('columnheader', { name: /Estado/ });
    await stateHeader.getByRole('button').click();
    await expect(stateHeader).toHaveAttribute('aria-sort', 'ascending');
    await stateHeader.getByRole('button').click();
    await expect(stateHeader).toHaveAttribute('aria-sort', 'descending');

    // TV mode: large type, no action buttons, no back-office panels
    const tv = page.getByRole('button', { name: 'Modo TV' });
    await tv.click();
    await expect(tv).toHaveAttribute('aria-pressed', 'true');
    await expect(row.getByRole('button', { name: 'Pausar Ana Souza' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Relatórios' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Painel de supervisão' })).toHaveCSS('font-size', '36px');
    await page.reload();
    await expect(tv).toHaveAttribute('aria-pressed', 'true');
    await tv.click();
    await expect(page.getByRole('heading', { name: 'Relatórios' })).toBeVisible();
  });
});

test.describe('teams and portfolio reassignment in Chromium against the real server', () => {
  test('the admin creates a team, puts an agent in it, and sends a campaign\'s debtors from one state to that team\'s campaign; moved there from the wallboard, the agent gets its leads', async ({ page, request, browser }) => {
    await login(page, 'admin');
    const panel = page.getByRole('tabpanel');
    await page.getByRole('tab', { name: 'Equipes' }).click();
    await page.getByLabel('Nome da equipe', { exact: true }).fill('Equipe Veículos');
    await page.getByRole('button', { name: 'Criar equipe' }).click();
    await expect(panel.getByRole('status')).toHaveText('Equipe Equipe Veículos criada.');
    await expect(page.getByRole('table', { name: 'Equipes' }).getByRole('row', { name: /Equipe Veículos/ })).toBeVisible();
    const teamOfAna = page.getByLabel('Equipe de Ana Souza');
    const before = await teamOfAna.inputValue();
    await teamOfAna.selectOption({ label: 'Equipe Veículos' });
    await expect(panel.getByRole('status')).toHaveText('Alteração salva.');
    await page.reload();
    await page.getByRole('tab', { name: 'Equipes' }).click();
    await expect(page.getByLabel('Equipe de Ana Souza').locator('option:checked')).toHaveText('Equipe Veículos');
    await page.getByLabel('Equipe de Ana Souza').selectOption(before);

    // a campaign the new team serves (over REST: the campaign editor is docs/dialer.md's)
    const login2 = await request.post(`${appUrl()}/api/auth/login`, { data: { username: 'admin', password: passwordOf('admin') } });
    const token = ((await login2.json()) as { data: { token: string } }).data.token;
    const teams = (await (await request.get(`${appUrl()}/api/teams`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { id: number; name: string }[] };
    const teamId = teams.data.find((x) => x.name === 'Equipe Veículos')!.id;
    const campaign = (await (await request.get(`${appUrl()}/api/campaigns/1`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: Record<string, unknown> };
    const { id: _id, leads: _leads, ...demo } = campaign.data;
    const created = await request.post(`${appUrl()}/api/admin/campaigns`, { headers: { authorization: `Bearer ${token}` }, data: { ...demo, name: 'Cartões — Rio', status: 'paused', agentIds: [], teamId } });
    expect(created.status()).toBe(201);

    await page.getByRole('tab', { name: 'Redistribuição de carteira' }).click();
    const source = page.getByLabel('Campanha de origem');
    await source.selectOption((await source.locator('option', { hasText: DEMO }).getAttribute('value'))!);
    await page.getByLabel('Critério').selectOption({ label: 'Por regra' });
    await page.getByLabel('Equipe e campanha do destino 1').selectOption({ label: 'Equipe Veículos · Cartões — Rio' });
    await page.getByLabel('UFs (destino 1)').fill('RJ');
    await page.getByRole('button', { name: 'Redistribuir' }).click();
    await expect(panel.getByRole('status')).toContainText(/Redistribuição feita; \d+ devedor\(es\) ficaram\. Equipe Veículos · Cartões — Rio: [1-9]\d*/);
    await expect(page.getByRole('table', { name: 'Histórico de redistribuições' }).getByRole('row', { name: /Por regra/ })).toContainText('Equipe Veículos · Cartões — Rio');
    // a refused request says why and writes nothing
    await page.getByLabel('Critério').selectOption({ label: 'Por percentual' });
    await page.getByLabel('Percentual do destino 1').fill('50');
    await page.getByRole('button', { name: 'Redistribuir' }).click();
    await expect(panel.getByRole('alert')).toContainText('add up to 100');
    await expect(page.getByRole('table', { name: 'Histórico de redistribuições' }).getByRole('row')).toHaveCount(2);
  });
});
