import { expect, login, test } from './fixtures';

test.describe('dialer in Chromium against the real server', () => {
  test('a ready agent receives a lead (preview), dials it with a local caller ID and records the outcome; the next lead follows', async ({ page }) => {
    await login(page, 'agent');
    const myState = page.getByRole('status', { name: 'Meu estado' });
    // earlier tests may have left the agent available: pause first, then ready
    await page.getByRole('button', { name: 'Pausar' }).click();
    await expect(myState).toHaveText(/Em pausa/);
    const readyAt = Date.now();
    await page.getByRole('button', { name: 'Ficar disponível' }).click();

    // the screen pop: fetched when the lead arrives, before anyone answers
    const card = page.getByRole('region', { name: 'Ficha do devedor' });
    await expect(card.getByRole('list', { name: 'Histórico' }).getByRole('listitem').first()).toBeVisible();
    console.log(`screen pop: ready → card with history on screen in ${Date.now() - readyAt} ms`);
    await expect(card.getByRole('table', { name: 'Contratos' })).toContainText(/\d+/);
    await expect(card.getByLabel('Próxima melhor ação')).toContainText(/Oferecer|Retomar|Cobrar/);

    const lead = page.getByRole('region', { name: 'Próximo contato' });
    await expect(lead).toBeVisible();
    await expect(lead.getByText('Cartões — recuperação 2024')).toBeVisible();
    const facts = await lead.locator('dd').allTextContents();
    const [, debtor, document, phone] = facts;
    expect(document).toMatch(/^\*\*\*\.\d{3}\.\d{3}-\*\*$/);
    expect(phone).toMatch(/^\(\d{2}\) \*{4,5}-\d{4}$/);

    await lead.getByRole('button', { name: 'Ligar' }).click();
    await expect(myState).toHaveText('Discando');
    const call = lead.getByRole('status', { name: 'Chamada' });
    await expect(call).toContainText(`Discando ${phone}`);
    // the presented number is one of the operation's own (+55 and a DDD)
    await expect(call).toContainText(/número apresentado \+55\d{10}/);

    await lead.getByRole('combobox', { name: /^Resultado/ }).selectOption({ label: 'Ocupado' });
    await lead.getByLabel('Observação').fill('sinal de ocupado');
    await lead.getByRole('button', { name: 'Registrar resultado' }).click();

    // back to ready at once, with another debtor
    await expect(myState).toHaveText('Disponível');
    await expect(page.getByRole('region', { name: 'Próximo contato' }).locator('dd').nth(1)).not.toHaveText(debtor!);

    // a callback tomorrow, for anyone on the team
    const next = page.getByRole('region', { name: 'Próximo contato' });
    await next.getByRole('combobox', { name: /^Resultado/ }).selectOption({ label: 'Retornar ligação' });
    await next.getByLabel('Retornar em').fill('2026-11-25T15:00');
    await next.getByLabel('Retorno para').selectOption({ label: 'Qualquer agente da equipe' });
    await next.getByRole('button', { name: 'Registrar resultado' }).click();
    await expect(page.getByRole('region', { name: 'Próximo contato' }).locator('dd').nth(1)).not.toHaveText(facts[1]!);
  });

  test('the admin edits a campaign (retry rules, pacing) and creates one; bad hours are refused with the reason', async ({ page }) => {
    await login(page, 'admin');
    await page.getByRole('tab', { name: 'Campanhas' }).click();
    await page.getByRole('button', { name: 'Editar campanha Cartões — recuperação 2024' }).click();
    const editor = page.getByRole('form', { name: 'Editar campanha Cartões — recuperação 2024' });
    await expect(editor.getByLabel('Leads da campanha')).toContainText(/\d+ prontos para discar/);
    await editor.getByLabel('Espera após Ocupado (minutos)').fill('30');
    await editor.getByLabel(/^Pós-atendimento máximo/).fill('90');
    await editor.getByLabel('Abandono máximo (% das atendidas por pessoa)').fill('2.5');
    await editor.getByLabel('1º critério').selectOption({ label: 'Mais dias em atraso primeiro' });
    await editor.getByRole('button', { name: 'Salvar campanha' }).click();
    await expect(editor.getByRole('status')).toHaveText('Campanha salva. O discador já usa a nova configuração.');

    await editor.getByLabel('Dias úteis: fim').fill('07:00');
    await editor.getByRole('button', { name: 'Salvar campanha' }).click();
    await expect(editor.getByRole('alert')).toContainText('weekday hours: start must be before end');

    // what was saved is what the server has
    await page.reload();
    await page.getByRole('tab', { name: 'Campanhas' }).click();
    await page.getByRole('button', { name: 'Editar campanha Cartões — recuperação 2024' }).click();
    await expect(editor.getByLabel('Espera após Ocupado (minutos)')).toHaveValue('30');
    await expect(editor.getByLabel(/^Pós-atendimento máximo/)).toHaveValue('90');
    await expect(editor.getByLabel('Abandono máximo (% das atendidas por pessoa)')).toHaveValue('2.5');
    await expect(editor.getByLabel('Dias úteis: fim')).toHaveValue('20:00');
    await editor.getByRole('button', { name: 'Voltar à lista' }).click();

    await page.getByRole('button', { name: 'Nova campanha' }).click();
    const create = page.getByRole('form', { name: 'Nova campanha' });
    await create.getByLabel('Nome da campanha').fill('Veículos — preditivo');
    await create.getByLabel('Modo').selectOption({ label: 'Preditivo' });
    await create.getByLabel('Ana Souza').check();
    await create.getByRole('button', { name: 'Salvar campanha' }).click();
    const row = page.getByRole('table', { name: 'Campanhas' }).getByRole('row', { name: /Veículos — preditivo/ });
    await expect(row).toContainText('Preditivo');
    await expect(row).toContainText('Pausada');
  });

  test('the admin imports caller IDs: a bad line refuses the file and is named; the fixed file imports; a number is switched off', async ({ page }) => {
    await login(page, 'admin');
    await page.getByRole('tab', { name: 'Bina (números próprios)' }).click();
    const pool = page.getByRole('table', { name: 'Bina (números próprios)' });
    await expect(pool.getByRole('row')).not.toHaveCount(0);
    const file = (text: string) => ({ name: 'bina.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
    const input = page.getByLabel('Importar números (CSV)');
    await input.setInputFiles(file('numero;tronco;atestado\n(31) 3555-0101;sip-bh;sim\n(20) 3555-0102;sip-bh;sim\n'));
    await expect(page.getByRole('alert')).toContainText('1 linha(s) com erro; nada foi gravado');
    await expect(page.getByRole('table', { name: 'Linhas com erro' }).getByRole('row', { name: /DDD inexistente/ })).toContainText('3');
    await expect(pool.getByText('+553135550101')).toHaveCount(0);

    await input.setInputFiles(file('numero;tronco;atestado\n(31) 3555-0101;sip-bh;sim\n(31) 3555-0102;sip-bh;sim\n'));
    await expect(page.getByRole('status').filter({ hasText: 'número(s) novo(s)' })).toHaveText('2 número(s) novo(s), 0 atualizado(s).');
    const row = pool.getByRole('row', { name: /\+553135550101/ });
    await expect(row).toContainText('Em uso');
    await row.getByRole('checkbox', { name: 'Ativo: +553135550101' }).uncheck();
    await expect(row).toContainText('Desligado');
  });
});
