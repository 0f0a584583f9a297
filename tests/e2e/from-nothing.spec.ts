import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { expect, test } from './fixtures';
import { E2E_CLOCK_START } from './global-setup';

/**
 * Issue 8's "done when": on an empty database without demo data, the administrator printed at first start
 * sets up a whole campaign in the browser, and an agent receives a lead from it with one of its caller IDs.
 */
const CREDITOR = 'Financeira Aurora S.A.';
const PORTFOLIO = 'Crediário 2026';
const TEAM = 'Equipe Aurora';
const CAMPAIGN = 'Aurora — crediário';
const CALLER_ID = '+553135550177';
const MAILING = [
  'documento;nome;contrato;produto;valor;vencimento;telefone1;cidade;uf',
  '529.982.247-25;Maria José da Conceição;AUR-1;Crediário;1.234,56;10/01/2026;(31) 3456-7890;Belo Horizonte;MG',
  '111.444.777-35;João Antônio Araújo;AUR-2;Crediário;850,00;15/02/2026;(31) 3222-1100;Contagem;MG',
].join('\n');

const csv = (name: string, text: string) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
const tab = (page: Page, name: string) => page.getByRole('tab', { name, exact: true }).click();

async function signIn(page: Page, url: string, username: string, password: string) {
  await page.goto(`${url}/`);
  await page.getByLabel('Usuário').fill(username);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
}

async function createCreditorAndPortfolio(page: Page) {
  await tab(page, 'Credores e carteiras');
  await expect(page.getByText('Nenhum credor cadastrado')).toBeVisible();
  const form = page.getByRole('form', { name: 'Novo credor' });
  await form.getByLabel('Nome do credor').fill(CREDITOR);
  // the alphanumeric CNPJ form, as printed on the creditor's papers
  await form.getByLabel('CNPJ').fill('12.ABC.345/01DE-35');
  await form.getByLabel('Endereço (impresso nos boletos)').fill('Av. Afonso Pena, 1500, Centro, Belo Horizonte - MG, 30130-005');
  await form.getByRole('button', { name: 'Cadastrar credor' }).click();
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText(`Credor ${CREDITOR} cadastrado.`);
  const creditor = page.getByRole('article', { name: CREDITOR });
  await expect(creditor).toContainText('12.ABC.345/01DE-35');
  // the boleto address corrected in place
  await creditor.getByRole('button', { name: `Editar ${CREDITOR}` }).click();
  await creditor.getByLabel(`Endereço de ${CREDITOR}`).fill('Av. Afonso Pena, 1700, Centro, Belo Horizonte - MG, 30130-005');
  await creditor.getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText(`Credor ${CREDITOR} salvo.`);
  await expect(creditor).toContainText('Av. Afonso Pena, 1700');
  await creditor.getByLabel(`Nome da nova carteira de ${CREDITOR}`).fill(PORTFOLIO);
  await creditor.getByRole('button', { name: 'Criar carteira' }).click();
  await expect(creditor.getByRole('list', { name: `Carteiras · ${CREDITOR}` })).toHaveText(PORTFOLIO);
  // twelve administration tabs still fit 1366 px (they wrap): no sideways scroll
  expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
}

/** Returns the agent's one-time password as the page shows it. */
async function createTeamAndAgent(page: Page): Promise<string> {
  await tab(page, 'Usuários');
  const form = page.getByRole('form', { name: 'Novo usuário' });
  await form.getByLabel('Usuário').fill('bruna.agente');
  await form.getByLabel('Nome').fill('Bruna Teixeira');
  await form.getByLabel('Perfil').selectOption({ label: 'Agente' });
  await form.getByRole('button', { name: 'Criar usuário' }).click();
  const first = (await page.getByRole('tabpanel').getByRole('status').filter({ hasText: 'Usuário bruna.agente criado' }).locator('code').textContent())!;
  expect(first).toMatch(/^\S{16}$/);
  // she forgot it already: the admin resets it, and only the new one is shown (and works, below)
  await page.getByRole('button', { name: 'Redefinir a senha de bruna.agente' }).click();
  const password = (await page.getByRole('tabpanel').getByRole('status').filter({ hasText: 'Nova senha de bruna.agente' }).locator('code').textContent())!;
  expect(password).toMatch(/^\S{16}$/);
  expect(password).not.toBe(first);
  await expect(page.getByRole('button', { name: 'Redefinir a senha de admin' })).toHaveCount(0);

  await tab(page, 'Equipes');
  await page.getByLabel('Nome da equipe').fill(TEAM);
  await page.getByRole('button', { name: 'Criar equipe' }).click();
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText(`Equipe ${TEAM} criada.`);
  await page.getByLabel('Equipe de Bruna Teixeira').selectOption({ label: TEAM });
  await expect(page.getByRole('tabpanel').getByRole('status')).toHaveText('Alteração salva.');
  return password;
}

async function importCallerIds(page: Page) {
  await tab(page, 'Bina (números próprios)');
  await page.getByLabel('Importar números (CSV)').setInputFiles(csv('bina.csv', 'numero;tronco;atestado\n(31) 3555-0177;sip-bh;sim\n'));
  await expect(page.getByRole('tabpanel').getByRole('status').filter({ hasText: 'número(s) novo(s)' })).toHaveText('1 número(s) novo(s), 0 atualizado(s).');
}

async function setPolicy(page: Page) {
  await tab(page, 'Políticas de negociação');
  const policies = page.getByRole('region', { name: 'Políticas de negociação' });
  await policies.getByLabel('Carteira').selectOption({ label: `${CREDITOR} — ${PORTFOLIO}` });
  await expect(policies.getByText('Sem política própria')).toBeVisible();
  await policies.getByLabel('Máximo de parcelas').fill('6');
  await policies.getByRole('button', { name: 'Salvar política' }).click();
  await expect(policies.getByRole('status')).toHaveText('Política salva: vale a partir da próxima proposta.');
}

async function createCampaign(page: Page) {
  await tab(page, 'Campanhas');
  await page.getByRole('button', { name: 'Nova campanha' }).click();
  const editor = page.getByRole('form', { name: 'Nova campanha' });
  await editor.getByLabel('Nome da campanha').fill(CAMPAIGN);
  // the portfolio created a moment ago, without reloading the app
  await editor.getByLabel('Carteira').selectOption({ label: `${CREDITOR} — ${PORTFOLIO}` });
  await editor.getByLabel('Situação').selectOption({ label: 'Ativa' });
  await editor.getByLabel('Equipe que atende a campanha').selectOption({ label: TEAM });
  await editor.getByLabel('Bruna Teixeira').check();
  await editor.getByRole('button', { name: 'Salvar campanha' }).click();
  await expect(page.getByRole('table', { name: 'Campanhas' }).getByRole('row', { name: new RegExp(CAMPAIGN) })).toContainText('Ativa');
}

async function importMailing(page: Page) {
  await tab(page, 'Mailings');
  await page.getByRole('combobox', { name: /^Campanha/ }).selectOption({ label: CAMPAIGN });
  await page.getByLabel('Arquivo do mailing (CSV)').setInputFiles(csv('aurora.csv', MAILING));
  await expect(page.getByRole('table', { name: 'Prévia das primeiras linhas' })).toBeVisible();
  await page.getByRole('button', { name: 'Importar' }).click();
  await expect(page.getByRole('tabpanel').getByRole('status').filter({ hasText: /Importação #\d+ concluída/ })).toBeVisible();
  await expect(page.locator('dl.summary div', { hasText: 'Importadas' }).locator('dd')).toHaveText('2');
}

async function agentGetsALead(browser: Browser, url: string, password: string) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await signIn(page, url, 'bruna.agente', password);
    await page.getByRole('button', { name: 'Ficar disponível' }).click();
    const lead = page.getByRole('region', { name: 'Próximo contato' });
    await expect(lead.getByText(CAMPAIGN)).toBeVisible();
    await expect(lead).toContainText(/Maria José da Conceição|João Antônio Araújo/);
    await lead.getByRole('button', { name: 'Ligar' }).click();
    await expect(lead.getByRole('status', { name: 'Chamada' })).toContainText(`número apresentado ${CALLER_ID}`);
  } finally {
    await context.close();
  }
}

/** The printed first-access password is replaced by the admin's own; only the new one signs in after. */
async function changeOwnPassword(page: Page, url: string, printed: string) {
  const fresh = 'senha-da-administracao-2026';
  await page.getByRole('button', { name: 'Trocar senha' }).click();
  const dialog = page.getByRole('dialog', { name: 'Trocar senha' });
  await dialog.getByLabel('Senha atual').fill('not-the-password');
  await dialog.getByLabel('Nova senha (mín. 12 caracteres)').fill(fresh);
  await dialog.getByLabel('Repita a nova senha').fill(fresh);
  await dialog.getByRole('button', { name: 'Salvar nova senha' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('Senha atual incorreta.');
  await dialog.getByLabel('Senha atual').fill(printed);
  await dialog.getByRole('button', { name: 'Salvar nova senha' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Senha alterada' })).toBeVisible();
  await page.getByRole('button', { name: 'Sair' }).click();
  await signIn(page, url, 'admin', printed);
  await expect(page.getByRole('alert')).toHaveText('Usuário ou senha inválidos.');
  await signIn(page, url, 'admin', fresh);
  await expect(page.getByRole('heading', { name: 'Administração', level: 1 })).toBeVisible();
}

test.describe('from nothing to a working campaign, all in the browser', () => {
  let server: ServerProcess;
  let dir: string;
  test.beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-e2e-nothing-'));
    server = startServerProcess({ QUITA_DB_PATH: path.join(dir, 'quita.db'), QUITA_DEMO_DATA: 'off', QUITA_LOG_LEVEL: 'warn', QUITA_CLOCK_START: E2E_CLOCK_START });
  });
  test.afterEach(async () => {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the first-access admin sets up creditor, portfolio, team, agent, caller IDs, policy, campaign and mailing; the agent gets a lead', async ({ page, browser }) => {
    const url = await server.listening;
    expect(server.output().stdout).toContain('primeiro acesso');
    await signIn(page, url, 'admin', server.passwords().admin!);
    await expect(page.getByRole('heading', { name: 'Administração', level: 1 })).toBeVisible();
    await changeOwnPassword(page, url, server.passwords().admin!);

    await createCreditorAndPortfolio(page);
    const agentPassword = await createTeamAndAgent(page);
    await importCallerIds(page);
    await setPolicy(page);
    await createCampaign(page);
    await importMailing(page);
    await agentGetsALead(browser, url, agentPassword);
  });
});
