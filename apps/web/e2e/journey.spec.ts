/**
 * The journey in a real browser against the real API on a fresh database: sign up, onboarding,
 * a 3-day plan, regenerate a meal, log a planned meal, find it in the diary with the right totals, log a
 * weight, the grocery list, imperial units, and deleting the account. Screenshots of every step.
 */
import { expect, test, type Page } from '@playwright/test';
import {
  apiAnswer,
  browserToday,
  clickCheckingPressedState,
  completeOnboarding,
  expectAccessible,
  PASSWORD,
  signUp,
  snap,
  uniqueEmail,
  watchConsole,
} from './support';

test.describe.configure({ mode: 'serial' });

interface PlanShape {
  days: { date: string; meals: { slot: string; items: { id: number; name: string; quantity: number; locked: boolean }[] }[] }[];
}

interface LoggedEntry {
  food_name: string;
  slot: string;
  nutrients: Record<string, number | null>;
}

interface DiaryShape {
  entries: LoggedEntry[];
  totals: Record<string, number | null>;
  targets: { energy_kcal: number } | null;
}

/** Grams as the diary's headline shows them (whole from 10 g, one decimal below). */
function gramsAsShown(value: number): string {
  const abs = Math.abs(value);
  return `${value === 0 ? '0' : abs >= 10 ? Math.round(value) : abs >= 1 ? value.toFixed(1) : value.toFixed(2)} g`;
}

async function readTokens(page: Page): Promise<{ access_token: string; refresh_token: string } | null> {
  return page.evaluate(() => JSON.parse(localStorage.getItem('diet-planner.tokens') ?? 'null'));
}

/** When a JWT stops being accepted, in epoch milliseconds (its `exp` claim). */
function expiresAt(token: string): number {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number };
  return claims.exp * 1000;
}

test('a new user plans, eats, weighs in, shops, switches units and leaves', async ({ page }, testInfo) => {
  const consoleErrors = watchConsole(page);
  const email = uniqueEmail('journey');

  // 1. Sign up: a new account goes straight to onboarding.
  await page.goto('/signup');
  await expect(page.getByRole('button', { name: 'Create account' })).toBeVisible();
  await expectAccessible(page, 'sign up');
  await snap(page, testInfo, 'signup-form');
  await signUp(page, email);
  const firstTokens = await readTokens(page);
  expect(firstTokens?.access_token).toBeTruthy();

  // 2. Onboarding: profile, then the targets it produces.
  await expectAccessible(page, 'onboarding');
  await snap(page, testInfo, 'onboarding');
  await completeOnboarding(page);
  await expectAccessible(page, 'targets');
  await snap(page, testInfo, 'targets');

  // 3. A 3-day plan, with visible progress while the planner works.
  await page.getByRole('link', { name: 'Create my first meal plan' }).click();
  await expect(page.getByRole('heading', { name: 'Meal plans', level: 1 })).toBeVisible();
  await expect(page.getByText('No plans yet')).toBeVisible();
  await expectAccessible(page, 'plans');
  await page.getByLabel('Number of days').fill('3');
  await page.getByRole('button', { name: 'Generate plan' }).click();
  await expect(page).toHaveURL(/\/plans\/\d+$/, { timeout: 60_000 });
  await expect(page.getByRole('heading', { name: 'Meal plan', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab')).toHaveCount(3);
  await expect(page.getByRole('region', { name: /^Breakfast: / })).toBeVisible();
  await expectAccessible(page, 'plan view');
  await snap(page, testInfo, 'plan-generated');

  // 4. Lock an item of a meal that has more than one, then regenerate that meal: the API answers with the
  // updated plan, the page shows it, and the locked item stays. (A meal whose every item is locked cannot be
  // regenerated: the API says so with a 409, and the planner may make a one-dish breakfast.)
  let mealSlot = '';
  for (const slot of ['Breakfast', 'Lunch', 'Dinner']) {
    const locks = page.getByRole('region', { name: new RegExp(`^${slot}: `) }).getByRole('button', { name: /^Lock / });
    if ((await locks.count()) >= 2) {
      mealSlot = slot;
      break;
    }
  }
  expect(mealSlot, 'a meal with at least two items').not.toBe('');
  const meal = page.getByRole('region', { name: new RegExp(`^${mealSlot}: `) });
  const regenerateName = `Regenerate ${mealSlot.toLowerCase()}`;
  const firstLock = meal.getByRole('button', { name: /^Lock / }).first();
  const lockedName = ((await firstLock.getAttribute('aria-label')) ?? '').replace(/^Lock /, '');
  const locked = apiAnswer(page, 'PATCH', /^\/api\/plans\/\d+\/items\/\d+$/);
  await firstLock.click();
  expect((await locked).status()).toBe(200);
  await expect(meal.getByRole('button', { name: `Unlock ${lockedName}` })).toHaveAttribute('aria-pressed', 'true');
  const regenerated = apiAnswer(page, 'POST', /^\/api\/plans\/\d+\/meals\/\d+\/regenerate$/);
  await meal.getByRole('button', { name: regenerateName }).click();
  const regeneratedResponse = await regenerated;
  expect(regeneratedResponse.status()).toBe(200);
  await expect(meal.getByRole('button', { name: regenerateName })).toBeEnabled();
  await expect(meal.getByRole('button', { name: `Unlock ${lockedName}` })).toBeVisible();
  await snap(page, testInfo, 'meal-regenerated');

  // Change the amount of a lunch item through its popover.
  const lunch = page.getByRole('region', { name: /^Lunch: / });
  const amountButton = lunch.getByRole('button', { name: /^Change amount of / }).first();
  const resizedName = ((await amountButton.getAttribute('aria-label')) ?? '').replace(/^Change amount of /, '');
  await amountButton.click();
  const quantityField = page.getByRole('textbox', { name: /^Quantity \(/ });
  await quantityField.fill('2');
  const patched = apiAnswer(page, 'PATCH', /^\/api\/plans\/\d+\/items\/\d+$/);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const patchedResponse = await patched;
  expect(patchedResponse.status()).toBe(200);
  // The API re-solves the rest of the day around the resized item, which it keeps (and locks).
  const patchedPlan = (await patchedResponse.json()) as PlanShape;
  // Only the displayed day's lunch: the same food at 2 portions elsewhere in the plan must not stand in for it.
  const shownDate = new URL(page.url()).searchParams.get('day') ?? (await browserToday(page));
  const shownDay = patchedPlan.days.find((day) => day.date === shownDate) ?? patchedPlan.days[0];
  const patchedItem = shownDay.meals
    .filter((meal) => meal.slot === 'lunch')
    .flatMap((meal) => meal.items)
    .find((item) => item.name === resizedName && item.quantity === 2);
  expect(patchedItem?.locked).toBe(true);
  await expect(quantityField).toBeHidden();
  await expect(lunch.getByRole('button', { name: `Unlock ${resizedName}` })).toBeVisible();

  // Recipe detail from a plan item: ingredients, steps and time.
  const recipeLink = page.getByRole('tabpanel').getByRole('link').first();
  if (await recipeLink.count()) {
    await recipeLink.click();
    await expect(page.getByRole('heading', { name: 'Ingredients' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Steps' })).toBeVisible();
    await expectAccessible(page, 'recipe detail');
    await snap(page, testInfo, 'recipe-detail');
    await page.goBack();
  }

  // 5. Log a planned meal as eaten from the dashboard.
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { name: "Today's planned meals" })).toBeVisible();
  const ateThis = page.getByRole('button', { name: /^Log / }).first();
  await expect(ateThis).toBeVisible();
  const logged = apiAnswer(page, 'POST', /^\/api\/meal-logs$/);
  await ateThis.click();
  const logResponse = await logged;
  expect(logResponse.status()).toBe(201);
  const entries = ((await logResponse.json()) as { items: LoggedEntry[] }).items;
  expect(entries.length).toBeGreaterThan(0);
  const loggedKcal = entries.reduce((sum, entry) => sum + (entry.nutrients.energy_kcal ?? 0), 0);
  await expect(page.getByRole('button', { name: / logged$/ }).first()).toBeDisabled();
  await expect(page.getByTestId('ring-energy_kcal')).toContainText(`${Math.round(loggedKcal)} kcal`);
  await expectAccessible(page, 'dashboard');
  await snap(page, testInfo, 'dashboard-meal-logged');

  // 6. The diary shows the logged items under their meal, and the day's totals are the API's: the API's
  // energy total is the sum of what was just logged, and the page shows the API's numbers.
  const today = await browserToday(page);
  const diaryAnswer = apiAnswer(page, 'GET', new RegExp(`^/api/diary/${today}$`));
  await page.goto(`/diary?date=${today}`);
  const diaryResponse = await diaryAnswer;
  expect(diaryResponse.status()).toBe(200);
  const diaryDay = (await diaryResponse.json()) as DiaryShape;
  expect(diaryDay.entries).toHaveLength(entries.length);
  expect(diaryDay.totals.energy_kcal).toBeCloseTo(loggedKcal, 0);
  await expect(page.getByRole('heading', { name: 'Diary', level: 1 })).toBeVisible();
  const slot = entries[0].slot;
  const slotSection = page.getByRole('region', { name: slot.charAt(0).toUpperCase() + slot.slice(1), exact: true });
  for (const entry of entries) {
    await expect(slotSection.getByText(entry.food_name, { exact: true }).first()).toBeVisible();
  }
  await expect(page.getByTestId(`slot-total-${slot}`)).toHaveText(`${Math.round(loggedKcal)} kcal`);
  await expect(page.getByTestId('diary-total-energy_kcal')).toHaveText(`${Math.round(diaryDay.totals.energy_kcal ?? 0)} kcal`);
  await expect(page.getByTestId('diary-total-protein_g')).toHaveText(gramsAsShown(diaryDay.totals.protein_g ?? 0));
  const energyTarget = diaryDay.targets?.energy_kcal;
  expect(energyTarget).toBeGreaterThan(0);
  const left = Math.round((energyTarget ?? 0) - (diaryDay.totals.energy_kcal ?? 0));
  await expect(page.getByTestId('diary-energy-left')).toContainText(`${left} kcal left of your ${Math.round(energyTarget ?? 0)} kcal target`);
  await expectAccessible(page, 'diary');
  await snap(page, testInfo, 'diary');

  // 7. Log a weight.
  await page.getByRole('link', { name: 'Weight' }).click();
  await expect(page.getByRole('heading', { name: 'Weight', level: 1 })).toBeVisible();
  await page.getByLabel(/Weight \(kg\)/).fill('63.4');
  const weighed = apiAnswer(page, 'POST', /^\/api\/weights$/);
  await page.getByRole('button', { name: /Log weight|Save/ }).click();
  expect((await weighed).status()).toBe(201);
  await expect(page.getByText('63.4 kg').first()).toBeVisible();
  await expectAccessible(page, 'weight');
  await snap(page, testInfo, 'weight-logged');

  // 8. The grocery list: grouped, ticked off, and the tick survives a reload.
  await page.getByRole('link', { name: 'Grocery list' }).click();
  await expect(page.getByRole('heading', { name: 'Grocery list', level: 1 })).toBeVisible();
  const firstItem = page.getByRole('checkbox').first();
  await expect(firstItem).toBeVisible();
  await firstItem.check();
  await expect(page.getByText(/^1 of \d+ items checked$/)).toBeVisible();
  await page.reload();
  await expect(page.getByRole('checkbox').first()).toBeChecked();
  await expect(page.getByText(/^1 of \d+ items checked$/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print', exact: true })).toBeVisible();
  await expectAccessible(page, 'grocery list');
  await snap(page, testInfo, 'grocery-list');
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeHidden();
  await snap(page, testInfo, 'grocery-print');
  await page.emulateMedia({ media: 'screen' });

  // The access token lives 20 s in this server: once the one the app holds has expired (its own exp claim says
  // when; the server shares this machine's clock), the app renews it silently and the user stays signed in. The
  // refresh token rotates on renewal, so a new one proves the renewal happened.
  const heldTokens = await readTokens(page);
  const expiry = expiresAt(heldTokens?.access_token ?? '');
  await expect.poll(() => Date.now(), { message: 'the access token to expire', timeout: 30_000 }).toBeGreaterThan(expiry + 1_000);
  // A fresh page load (as a returning person's) with the expired token: the app renews it once and stays signed
  // in. (Not a reload right after a click: a reload that cuts a renewal off in flight leaves the rotated-out
  // refresh token, which the API's reuse detection rightly treats as stolen.)
  await page.goto('/plans');
  await expect(page.getByRole('heading', { name: 'Meal plans', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: /^Plan from / })).toBeVisible();
  await expect.poll(async () => (await readTokens(page))?.refresh_token ?? null).not.toBe(heldTokens?.refresh_token);
  await expect.poll(async () => (await readTokens(page))?.refresh_token ?? null).not.toBeNull();

  // 9. Switch to imperial units in the settings; portions and weights follow.
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expectAccessible(page, 'settings');
  const savedUnits = apiAnswer(page, 'PUT', /^\/api\/profile$/);
  await page.getByRole('radio', { name: /Imperial/ }).check();
  expect((await savedUnits).status()).toBe(200);
  await snap(page, testInfo, 'settings-imperial');
  await page.getByRole('link', { name: 'Weight' }).click();
  await expect(page.getByText('139.8 lb').first()).toBeVisible();
  await page.getByRole('link', { name: 'Grocery list' }).click();
  await expect(page.getByRole('checkbox').first()).toBeVisible();
  await expect(page.getByText(/\d (oz|lb)\b/).first()).toBeVisible();
  await snap(page, testInfo, 'grocery-imperial');

  // 10. Delete the account: signed out, and the credentials no longer work.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Delete account' }).click();
  const confirmDialog = page.getByRole('dialog', { name: /Delete your account/ });
  await expect(confirmDialog).toBeVisible();
  await expectAccessible(page, 'delete account dialog');
  await confirmDialog.getByLabel('Your password').fill(PASSWORD);
  await clickCheckingPressedState(page, confirmDialog.getByRole('button', { name: 'Delete permanently' }), 'delete account dialog');
  await expect(page).toHaveURL(/\/signin/);
  await snap(page, testInfo, 'account-deleted');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert', { name: 'Could not sign in' })).toContainText(/invalid|incorrect/i);

  expect(consoleErrors).toEqual([]);
});
