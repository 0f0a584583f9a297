import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium (/usr/bin/chromium, never `playwright install`) against the
 * real built server. tests/e2e/global-setup.ts starts the server and hands its URL and demo passwords on.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  reporter: [['list']],
  globalSetup: './tests/e2e/global-setup.ts',
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'pt-BR',
    viewport: { width: 1366, height: 768 },
    launchOptions: {
      executablePath: process.env.QUITA_CHROMIUM ?? '/usr/bin/chromium',
      // Without these, Chromium's background connections are refused by closed networks, many at a time.
      args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu'],
    },
    trace: 'retain-on-failure',
  },
});
