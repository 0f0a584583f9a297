import { expect, test as base, type Page } from '@playwright/test';
import type { Role } from '../../shared/roles';

export const USERNAMES: Record<Role, string> = { agent: 'agente', supervisor: 'supervisor', admin: 'admin' };

export function appUrl(): string {
  const url = process.env.QUITA_E2E_URL;
  if (!url) throw new Error('QUITA_E2E_URL is not set: the e2e global setup did not run');
  return url;
}

export function passwordOf(role: Role): string {
  const passwords = JSON.parse(process.env.QUITA_E2E_PASSWORDS ?? '{}') as Partial<Record<Role, string>>;
  const password = passwords[role];
  if (!password) throw new Error(`no demo password for ${role}`);
  return password;
}

export async function login(page: Page, role: Role, hash = ''): Promise<void> {
  await page.goto(`${appUrl()}/${hash}`);
  await page.getByLabel('Usuário').fill(USERNAMES[role]);
  await page.getByLabel('Senha').fill(passwordOf(role));
  await page.getByRole('button', { name: 'Entrar' }).click();
}

/** Every page fails its test on a console error or CSP violation. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        // 400/401/403/409 are answers the UI handles and shows (a refused form, wrong password, forbidden, duplicate file)
        if (m.type() === 'error' && !/status of 40[0139]/.test(m.text())) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await use(errors);
      expect(errors, 'browser console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
