import { defineConfig } from '@playwright/test';

/**
 * The real-SIP end-to-end suite (tests/sip): Kamailio + rtpengine + sipp started by tests/sip/global-setup.ts,
 * the agent console in Debian's Chromium with fake microphone and camera. Run it through
 * `bash scripts/test-sip.sh` (a loopback-only network namespace when the machine allows it).
 */
export default defineConfig({
  testDir: 'tests/sip',
  testMatch: '*.spec.ts',
  outputDir: 'test-results/sip-playwright',
  // fixed SIP ports and one sipp phone at a time: serially
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 45_000,
  reporter: [['list']],
  globalSetup: './tests/sip/global-setup.ts',
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'pt-BR',
    viewport: { width: 1366, height: 768 },
    permissions: ['microphone'],
    launchOptions: {
      executablePath: process.env.QUITA_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--disable-gpu',
        '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--autoplay-policy=no-user-gesture-required',
        // WebRTC ignores loopback addresses without this; all media here is on 127.0.0.1
        '--allow-loopback-in-peer-connection',
        // the WSS test's Kamailio presents a self-signed certificate made for the run
        '--ignore-certificate-errors',
      ],
    },
    trace: 'retain-on-failure',
  },
});
