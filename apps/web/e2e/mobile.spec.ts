/** The app at 375 px: the menu button opens the navigation, pages fit the width, and keyboard use works. */
import { expect, test, type Page } from '@playwright/test';
import { completeOnboarding, expectAccessible, signUp, snap, uniqueEmail, watchConsole } from './support';

async function expectNoHorizontalScroll(page: Page, where: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${where} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(1);
}

async function openFromMenu(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name }).click();
  await expect(page.getByRole('button', { name: 'Open navigation' })).toBeVisible();
}

test('every main page fits a 375 px phone and is reachable from the menu', async ({ page }, testInfo) => {
  const consoleErrors = watchConsole(page);
  await signUp(page, uniqueEmail('mobile'));
  await expectNoHorizontalScroll(page, 'onboarding');
  await completeOnboarding(page);
  await snap(page, testInfo, 'targets');
  await expectNoHorizontalScroll(page, 'targets');

  await page.getByRole('link', { name: 'Create my first meal plan' }).click();
  await page.getByLabel('Number of days').fill('1');
  await page.getByRole('button', { name: 'Generate plan' }).click();
  await expect(page).toHaveURL(/\/plans\/\d+$/, { timeout: 60_000 });
  await expect(page.getByRole('region', { name: /^Breakfast: / })).toBeVisible();
  await expectNoHorizontalScroll(page, 'plan view');
  await expectAccessible(page, 'plan view at 375 px');
  await snap(page, testInfo, 'plan');

  // Keyboard: the first Tab reaches the skip link, which moves focus past the header to the page content (once
  // the page has rendered again: a Tab before that would land on the bare document).
  await page.reload();
  await expect(page.getByRole('region', { name: /^Breakfast: / })).toBeVisible();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();

  // The navigation is hidden behind the menu button on a phone.
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeHidden();
  for (const [name, heading] of [
    ['Dashboard', /Today|Hello/],
    ['Grocery list', 'Grocery list'],
    ['Diary', 'Diary'],
    ['Foods', 'Foods'],
    ['Recipes', /Recipe/],
    ['Weight', 'Weight'],
    ['Settings', 'Settings'],
  ] as const) {
    await openFromMenu(page, name);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expectNoHorizontalScroll(page, name);
    await expectAccessible(page, `${name} at 375 px`);
    await snap(page, testInfo, name.toLowerCase().replace(/\s+/g, '-'));
  }

  // Pages reached from others: a food's detail (nutrient and measure tables) and the recipe builder.
  await page.goto('/foods?q=banana');
  await page.getByRole('link', { name: 'Bananas, raw', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Bananas, raw', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Measures' })).toBeVisible();
  await expectNoHorizontalScroll(page, 'food detail');
  await expectAccessible(page, 'food detail at 375 px');
  await snap(page, testInfo, 'food-detail');
  await page.goto('/recipes/new');
  await expect(page.getByRole('heading', { name: 'New recipe', level: 1 })).toBeVisible();
  await expectNoHorizontalScroll(page, 'recipe builder');
  await expectAccessible(page, 'recipe builder at 375 px');
  await snap(page, testInfo, 'recipe-builder');
  expect(consoleErrors).toEqual([]);
});

test('keyboard: sign in without a mouse, and the API refusal is shown', async ({ page }) => {
  await page.goto('/signin');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'sign in');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Email' })).toBeFocused();
  await page.keyboard.type('nobody@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('not-the-password-1');
  await page.keyboard.press('Enter');
  // The API's own message is shown.
  await expect(page.getByRole('alert', { name: 'Could not sign in' })).toContainText(/invalid|incorrect/i);
});

test.describe('a 390 × 844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("today's meals come before the week, every control is a 44 px target, the panel is in words", async ({ page }, testInfo) => {
    const consoleErrors = watchConsole(page);
    await signUp(page, uniqueEmail('phone'));
    await completeOnboarding(page);
    await page.getByRole('link', { name: 'Create my first meal plan' }).click();
    await page.getByLabel('Number of days').fill('3');
    await page.getByRole('button', { name: 'Generate plan' }).click();
    await expect(page).toHaveURL(/\/plans\/\d+$/, { timeout: 90_000 });
    const breakfast = page.getByRole('region', { name: /^Breakfast: / });
    await expect(breakfast).toBeVisible();
    // The selected day's meals first; the week's cards after them, collapsed.
    const mealTop = (await breakfast.boundingBox())?.y ?? Infinity;
    const weekTop = (await page.getByRole('heading', { name: 'The week at a glance' }).boundingBox())?.y ?? -Infinity;
    expect(mealTop).toBeLessThan(weekTop);
    await expect(page.getByRole('button', { name: /^Mon|^Tue|^Wed|^Thu|^Fri|^Sat|^Sun/, pressed: true })).toBeHidden();
    for (const control of await breakfast.getByRole('button', { name: /^(Lock|Unlock|Change amount of|Regenerate) / }).all()) {
      const box = await control.boundingBox();
      expect(Math.min(box?.width ?? 0, box?.height ?? 0), (await control.getAttribute('aria-label')) ?? '').toBeGreaterThanOrEqual(44);
    }
    await expect(page.getByTestId('panel-headline')).toBeVisible();
    await expectNoHorizontalScroll(page, 'plan at 390 px');
    await expectAccessible(page, 'plan at 390 px');
    await snap(page, testInfo, 'phone-plan');

    await page.goto('/diary');
    await expect(page.getByRole('searchbox', { name: 'Search foods' })).toBeInViewport();
    await expectNoHorizontalScroll(page, 'diary at 390 px');
    await expectAccessible(page, 'diary at 390 px');
    await snap(page, testInfo, 'phone-diary');
    expect(consoleErrors).toEqual([]);
  });
});
