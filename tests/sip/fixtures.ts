import { test as base } from '@playwright/test';
import { expect, login, passwordOf } from '../e2e/fixtures';

/**
 * As tests/e2e/fixtures.ts: any browser console error fails the test — except the ones a test declares
 * with `test.use({ expectedConsoleErrors: [...] })` (Chromium itself logs a refused WebSocket while the
 * SIP proxy is down, and the reconnection test takes it down on purpose).
 */
export const test = base.extend<{ expectedConsoleErrors: RegExp[]; consoleErrors: string[] }>({
  expectedConsoleErrors: [[], { option: true }],
  consoleErrors: [
    async ({ page, expectedConsoleErrors }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && !/status of 40[0139]/.test(m.text()) && !expectedConsoleErrors.some((re) => re.test(m.text()))) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await use(errors);
      expect(errors, 'browser console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect, login, passwordOf };
