/** Shared helpers of the browser tests: numbered screenshots, axe checks and a console-error watch. */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page, type Response, type TestInfo } from '@playwright/test';
import path from 'node:path';

export const SCREENSHOT_DIR = path.join(import.meta.dirname, '..', 'test-results');

/**
 * Full-page screenshot named `<project>-<spec>-<nn>-<step>.png` under apps/web/test-results/, so each spec's
 * steps sort in the order they ran (e.g. desktop-journey-08-diary.png).
 */
export async function snap(page: Page, testInfo: TestInfo, step: string): Promise<void> {
  const counter = ((testInfo as TestInfo & { _snaps?: number })._snaps ?? 0) + 1;
  (testInfo as TestInfo & { _snaps?: number })._snaps = counter;
  const spec = path.basename(testInfo.file).replace(/\.spec\.ts$/, '');
  const name = `${testInfo.project.name}-${spec}-${String(counter).padStart(2, '0')}-${step}.png`;
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
}

/**
 * Waits until no CSS transition or animation is running. The tests run with reduced motion, so the app has none
 * and this passes at once; if one creeps back (a component that ignores the preference), axe would measure
 * colours half-way through it (a modal fading in gave 4.11:1 on a 5.46:1 button), so it is named here instead.
 */
export async function expectSettled(page: Page, where: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          document
            .getAnimations()
            .filter((animation) => animation.playState === 'running')
            .map((animation) => {
              const target = (animation.effect as KeyframeEffect | null)?.target;
              const what =
                animation instanceof CSSTransition
                  ? `transition of ${animation.transitionProperty}`
                  : animation instanceof CSSAnimation
                    ? `animation ${animation.animationName}`
                    : 'script animation';
              return `${what} on ${target instanceof Element ? target.outerHTML.slice(0, 120) : 'the document'}`;
            }),
        ),
      { message: `motion still running on ${where}` },
    )
    .toEqual([]);
}

/** No serious or critical axe violations (WCAG 2.x A and AA rules) on the page once it has settled. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  await expectSettled(page, where);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const blocking = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const summary = blocking.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.nodes
        .slice(0, 3)
        .map((node) => `${node.target.join(' ')}: ${node.html.slice(0, 160)} ${node.failureSummary ?? ''}`)
        .join('\n  ')}`,
  );
  expect(summary, `axe violations on ${where}`).toEqual([]);
}

/**
 * Clicks `control` the slow way a mouse does (pointer over it, button down, button up) and runs the axe checks
 * while it is held down: a pressed button shows its hover colours (and, on touch screens, its :active ones),
 * which must keep AA contrast as its resting colours do.
 */
export async function clickCheckingPressedState(page: Page, control: Locator, where: string): Promise<void> {
  await control.hover();
  await page.mouse.down();
  await expectAccessible(page, `${where}, pressed`);
  // Back over the control in case axe scrolled while measuring: the release must land where the press did.
  await control.hover();
  await page.mouse.up();
}

/**
 * Collects console errors, uncaught exceptions and server errors. Chromium also logs every 4xx/5xx response as
 * "Failed to load resource"; the 4xx are the API's expected answers (404 before a profile exists, the 401 that
 * triggers a silent token refresh), not errors of the app, so those console lines are left out, but any 5xx
 * answer of the API is recorded: the app must never meet one on the happy path.
 */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (message.text().startsWith('Failed to load resource')) return;
    errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 500) errors.push(`HTTP ${response.status()} from ${response.request().method()} ${response.url()}`);
  });
  return errors;
}

/**
 * The API's answer to a request the app makes. A 401 is skipped: with 20-second access tokens the app may
 * meet one, refresh silently and retry, and the retry is the answer that counts.
 */
export function apiAnswer(page: Page, method: string, path: RegExp): Promise<Response> {
  return page.waitForResponse(
    (response) =>
      response.request().method() === method && path.test(new URL(response.url()).pathname) && response.status() !== 401,
  );
}

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export const PASSWORD = 'correct-horse-battery-42';

/** Today's date as the app uses it (the browser's local day). */
export async function browserToday(page: Page): Promise<string> {
  return page.evaluate(() => {
    const now = new Date();
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  });
}

export async function signUp(page: Page, email: string): Promise<void> {
  await page.goto('/signup');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password', exact: true }).fill(PASSWORD);
  await page.getByRole('textbox', { name: 'Confirm password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('heading', { name: 'Set up your profile' })).toBeVisible();
}

/** The onboarding wizard with a metric adult profile. */
export async function completeOnboarding(page: Page): Promise<void> {
  await page.getByRole('radio', { name: 'Female' }).check();
  await page.getByLabel('Date of birth').fill('1988-04-12');
  await page.getByLabel('Height (cm)').fill('165');
  await page.getByLabel('Weight (kg)').fill('64');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Activity level').selectOption('moderate');
  await page.getByRole('radio', { name: 'Maintain weight' }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Diet').selectOption('omnivore');
  await page.getByRole('button', { name: 'Save and see my targets' }).click();
  await expect(page.getByRole('heading', { name: 'Your daily targets' })).toBeVisible();
  await expect(page.getByTestId('energy-target')).toContainText('kcal');
}
