/**
 * Browser tests: Debian's chromium drives the built app served by the real API on a fresh database
 * (scripts/e2e-server.sh). Screenshots of each step land in test-results/.
 */
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 5199);
// E2E_BASE_URL points the tests at a server you already run (no fresh database then).
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/artifacts',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['./e2e/failure-summary.ts']],
  use: {
    baseURL,
    // The app then drops every transition and animation (theme.respectReducedMotion and global.css), so what the
    // tests assert on and what axe measures is the settled page, never a modal or a toast half-way through a fade.
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  },
  projects: [
    { name: 'desktop', testIgnore: /mobile\.spec\.ts/, use: { ...devices['Desktop Chrome'], channel: undefined } },
    {
      name: 'mobile',
      testMatch: /mobile\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], channel: undefined, viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true },
    },
  ],
  webServer: external
    ? undefined
    : {
        command: 'bash scripts/e2e-server.sh',
        url: `${baseURL}/api/health`,
        env: { E2E_PORT: String(port) },
        reuseExistingServer: false,
        // SIGTERM lets the script stop the API and delete its temporary database.
        gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
        timeout: 240_000,
        stdout: 'ignore',
        stderr: 'pipe',
      },
});
