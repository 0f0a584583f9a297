import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeMailing } from '../bench/mailing-generator';
import { expect, login, test } from './fixtures';

const FIXTURES = path.resolve('tests/fixtures/mailings');

test.describe('mailing import from the admin console', () => {
  test('a Windows-1252, semicolon, decimal-comma export: preview, mapping, import, summary', async ({ page }) => {
    await login(page, 'admin');
    await page.getByRole('tab', { name: 'Mailings' }).click();
    await page.getByLabel('Modo').selectOption('append');
    await page.getByLabel('Arquivo do mailing (CSV)').setInputFiles(path.join(FIXTURES, 'good', 'windows-1252-semicolon.csv'));

    await expect(page.getByText('Detectado: windows-1252, separador Ponto e vírgula (;)')).toBeVisible();
    const preview = page.getByRole('table', { name: 'Prévia das primeiras linhas' });
    await expect(preview.getByRole('cell', { name: 'Conceição Gonçalves' })).toBeVisible();
    await expect(page.getByLabel('Coluna para CPF/CNPJ')).toHaveValue('CPF');
    await expect(page.getByLabel('Coluna para valor')).toHaveValue('Valor da Dívida');
    await expect(page.getByRole('checkbox', { name: 'Fone 1' })).toBeChecked();
    await page.getByLabel('Salvar este mapeamento como').fill('Banco Exemplo — cobrança');

    await page.getByRole('button', { name: 'Importar' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Importação #\d+ concluída/ })).toBeVisible();
    const summary = page.locator('dl.summary');
    await expect(summary.getByText('Importadas')).toBeVisible();
    await expect(summary.locator('div', { hasText: 'Importadas' }).locator('dd')).toHaveText('2');
    await expect(page.getByRole('table', { name: 'Importações recentes' }).getByText('windows-1252-semicolon.csv')).toBeVisible();
  });

  test('bad lines are explained and download as a CSV to fix and re-upload', async ({ page }) => {
    await login(page, 'admin');
    await page.getByRole('tab', { name: 'Mailings' }).click();
    await page.getByLabel('Arquivo do mailing (CSV)').setInputFiles(path.join(FIXTURES, 'bad', 'mixed-errors.csv'));
    await page.getByRole('button', { name: 'Importar' }).click();
    const rejections = page.getByRole('table', { name: 'Linhas rejeitadas e avisos' });
    await expect(rejections.getByRole('row', { name: /529\.982\.247-24.*CPF inválido/ })).toBeVisible();
    await expect(rejections.getByRole('row', { name: /31\/02\/2024.*data de vencimento inválida/ })).toBeVisible();
    await expect(rejections.getByRole('row', { name: /Aviso.*DDD inexistente/ })).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Baixar rejeições (CSV)' }).click()]);
    const content = fs.readFileSync((await download.path())!, 'utf8');
    expect(content).toContain('quita_linha;quita_motivo');
    expect(content).toContain('CPF inválido (dígitos verificadores não conferem)');

    // the same file again is recognised and imported only on confirmation
    await page.getByLabel('Arquivo do mailing (CSV)').setInputFiles(path.join(FIXTURES, 'bad', 'mixed-errors.csv'));
    await page.getByRole('button', { name: 'Importar' }).click();
    await expect(page.getByRole('alert')).toContainText('já foi importado');
    await page.getByRole('button', { name: 'Importar mesmo assim' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Importação #\d+ concluída/ })).toBeVisible();
  });

  test('a larger file shows the progress bar with rows per second while it imports', async ({ page }) => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'quita-e2e-mailing-')), 'grande.csv');
    await writeMailing(file, 60_000, { seed: 3, encoding: 'windows-1252' });
    await login(page, 'admin');
    await page.getByRole('tab', { name: 'Mailings' }).click();
    await page.getByLabel('Arquivo do mailing (CSV)').setInputFiles(file);
    await expect(page.getByRole('table', { name: 'Prévia das primeiras linhas' })).toBeVisible();
    await page.getByRole('button', { name: 'Importar' }).click();
    const bar = page.getByRole('progressbar', { name: 'Importando' });
    await expect(bar).toBeVisible();
    await expect(page.getByText(/linhas\/s/)).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /Importação #\d+ concluída/ })).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('dl.summary div', { hasText: 'Importadas' }).locator('dd')).not.toHaveText('0');
  });
});
