import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { E2E_CLOCK_START } from './global-setup';
import { expect, login, test, USERNAMES } from './fixtures';

/** A port nobody listens on now, so the server can be stopped and started again on the same one. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

async function becomeReady(page: import('@playwright/test').Page) {
  const myState = page.getByRole('status', { name: 'Meu estado' });
  await page.getByRole('button', { name: 'Pausar' }).click();
  await expect(myState).toHaveText(/Em pausa/);
  await page.getByRole('button', { name: 'Ficar disponível' }).click();
  const lead = page.getByRole('region', { name: 'Próximo contato' });
  await expect(lead).toBeVisible();
  return lead;
}

test.describe('agent console: dispositions that are never lost, promises, 1366×768 and shortcuts', () => {
  test('a disposition made while the server is down is delivered when it returns (same port, same database)', async ({ page, consoleErrors }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quita-e2e-outage-'));
    const env = { QUITA_DB_PATH: path.join(dir, 'quita.db'), QUITA_LOG_LEVEL: 'warn', QUITA_CLOCK_START: E2E_CLOCK_START, PORT: String(await freePort()) };
    let server: ServerProcess = startServerProcess(env);
    try {
      const url = await server.listening;
      const password = server.passwords().agent!;
      await page.goto(`${url}/`);
      await page.getByLabel('Usuário').fill(USERNAMES.agent);
      await page.getByLabel('Senha').fill(password);
      await page.getByRole('button', { name: 'Entrar' }).click();
      const lead = await becomeReady(page);
      const debtor = (await lead.locator('dd').nth(1).textContent())!;
      await lead.getByRole('button', { name: 'Ligar' }).click();
      await expect(page.getByRole('status', { name: 'Meu estado' })).toHaveText('Discando');

      // the server goes away mid-call
      server.child.kill('SIGTERM');
      await server.exited;
      await expect(page.getByRole('status', { name: 'Sem conexão' })).toBeVisible();

      await lead.getByRole('combobox', { name: /^Resultado$/ }).selectOption({ label: 'Promessa de pagamento' });
      await lead.getByRole('combobox', { name: 'Motivo da inadimplência' }).selectOption({ label: 'Desemprego' });
      await lead.getByLabel('Pagará até').fill('2026-11-30');
      await lead.getByLabel('Valor prometido (R$)').fill('150,00');
      await lead.getByLabel('Observação').fill('paga no dia 30');
      await lead.getByRole('button', { name: 'Registrar resultado' }).click();
      const outbox = page.getByRole('status', { name: 'Resultado do contato' });
      await expect(outbox).toHaveText('Resultado guardado neste computador; será enviado quando o servidor responder.');
      // kept in the browser's storage: a reload would not lose it
      expect(await page.evaluate("JSON.parse(localStorage.getItem('quita.dispositionOutbox') ?? '[]').length")).toBe(1);

      // back on the same port and database: the console reconnects and delivers it
      server = startServerProcess(env);
      await server.listening;
      await expect(outbox).toHaveText('Resultado confirmado pelo servidor.', { timeout: 20_000 });
      expect(await page.evaluate("localStorage.getItem('quita.dispositionOutbox')")).toBe('[]');
      const db = new Database(env.QUITA_DB_PATH, { readonly: true });
      try {
        const row = db.prepare(
          `SELECT a.outcome, a.default_reason, a.note, p.amount_cents, p.due_date, p.status FROM dial_attempts a
             JOIN debtors d ON d.id = a.debtor_id JOIN promises p ON p.attempt_id = a.id WHERE d.name = ?`,
        ).get(debtor);
        expect(row).toEqual({ outcome: 'promise', default_reason: 'unemployment', note: 'paga no dia 30', amount_cents: 15_000, due_date: '2026-11-30', status: 'open' });
        expect(db.prepare('SELECT COUNT(*) FROM dispositions').pluck().get()).toBe(1);
      } finally {
        db.close();
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      fs.rmSync(dir, { recursive: true, force: true });
      // the outage itself: Chromium logs each refused WebSocket reconnection; nothing else may be logged
      const outage = /WebSocket connection to .* failed|ERR_CONNECTION_REFUSED/;
      consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !outage.test(e)));
    }
  });

  test('at 1366×768 the call and the disposition fit without scrolling sideways; shortcuts are listed; "Registrar promessa" fills the promise', async ({ page }) => {
    await login(page, 'agent');
    const lead = await becomeReady(page);
    await lead.getByRole('button', { name: 'Ligar' }).click();
    await expect(page.getByRole('status', { name: 'Meu estado' })).toHaveText('Discando');

    expect(page.viewportSize()).toEqual({ width: 1366, height: 768 });
    expect(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')).toBe(0);
    await expect(lead.getByRole('status', { name: 'Chamada' })).toBeInViewport();
    await expect(lead.getByRole('combobox', { name: /^Resultado$/ })).toBeInViewport();
    await expect(lead.getByRole('button', { name: 'Registrar resultado' })).toBeInViewport();

    await page.getByRole('button', { name: 'Atalhos de teclado' }).click();
    const help = page.getByRole('dialog', { name: 'Atalhos de teclado' });
    for (const action of ['Atender a chamada recebida', 'Desligar', 'Pôr em espera / retomar', 'Mudo / com som', 'Ir para o resultado do contato']) {
      await expect(help.getByText(action)).toBeVisible();
    }
    await expect(help).toContainText('Ctrl+Shift+D');
    await page.getByRole('button', { name: 'Atalhos de teclado' }).click();
    await expect(help).toBeHidden();
    await page.keyboard.press('Control+Shift+D');
    await expect(lead.getByRole('combobox', { name: /^Resultado$/ })).toBeFocused();

    // the negotiation simulator's first payment becomes the promise
    const negotiation = page.getByRole('region', { name: 'Negociação' });
    await negotiation.getByRole('button', { name: 'Registrar promessa' }).click();
    await expect(lead.getByRole('combobox', { name: /^Resultado$/ })).toHaveValue('promise');
    const date = await lead.getByLabel('Pagará até').inputValue();
    const amount = await lead.getByLabel('Valor prometido (R$)').inputValue();
    expect(date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(amount).toMatch(/^\d+,\d{2}$/);
    await lead.getByRole('combobox', { name: 'Motivo da inadimplência' }).selectOption({ label: 'Redução de renda' });
    const debtor = (await lead.locator('dd').nth(1).textContent())!;
    await lead.getByRole('button', { name: 'Registrar resultado' }).click();
    await expect(page.getByRole('status', { name: 'Resultado do contato' })).toHaveText('Resultado confirmado pelo servidor.');

    const db = new Database(process.env.QUITA_E2E_DB!, { readonly: true });
    try {
      const promise = db.prepare('SELECT p.amount_cents, p.due_date, p.default_reason FROM promises p JOIN debtors d ON d.id = p.debtor_id WHERE d.name = ? ORDER BY p.id DESC').get(debtor);
      expect(promise).toEqual({ amount_cents: Math.round(Number(amount.replace(',', '.')) * 100), due_date: date, default_reason: 'income_drop' });
      const timeline = db.prepare("SELECT summary FROM timeline_events t JOIN debtors d ON d.id = t.debtor_id WHERE d.name = ? AND t.kind = 'promise' ORDER BY t.id DESC").pluck().get(debtor);
      expect(timeline).toMatch(/^Promessa de pagamento: R\$ [\d.]+,\d{2} até \d{2}\/\d{2}\/\d{4} — motivo: redução de renda$/);
    } finally {
      db.close();
    }
    // leave the shared agent as the other specs expect to find it: paused
    await page.getByRole('button', { name: 'Pausar' }).click();
    await expect(page.getByRole('status', { name: 'Meu estado' })).toHaveText(/Em pausa/);
  });
});
