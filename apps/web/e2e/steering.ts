/**
 * Issue 19's steering and fast-logging journey, shared by the desktop and the phone (390×844) specs: swap a
 * planned meal from its ranked alternatives, quick add, a food that clashes with an allergy confirmed before it
 * is logged, delete and undo, and copy the day to tomorrow.
 */
import { expect, type Page, type TestInfo } from '@playwright/test';
import { apiAnswer, browserToday, completeOnboarding, signUp, snap, uniqueEmail } from './support';

async function addTreeNutAllergy(page: Page): Promise<void> {
  const tokens = await page.evaluate(() => JSON.parse(localStorage.getItem('diet-planner.tokens') ?? 'null'));
  const headers = { Authorization: `Bearer ${tokens.access_token as string}` };
  const profile = await (await page.request.get('/api/profile', { headers })).json();
  const body = Object.fromEntries(
    Object.entries({ ...profile, allergies: ['tree_nut'] }).filter(([key]) =>
      [
        'sex', 'birth_date', 'height_cm', 'weight_kg', 'activity_level', 'goal', 'rate_kg_per_week', 'diet', 'allergies',
        'excluded_food_ids', 'meals_per_day', 'units', 'life_stage', 'trimester', 'adaptive_targets',
      ].includes(key),
    ),
  );
  const saved = await page.request.put('/api/profile', { headers, data: body });
  expect(saved.status(), await saved.text()).toBe(200);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export async function steeringJourney(page: Page, testInfo: TestInfo, prefix: string): Promise<void> {
  await signUp(page, uniqueEmail(prefix));
  await completeOnboarding(page);
  await addTreeNutAllergy(page);

  // 1. Swap a meal: the ranked list, pick one, the plan shows it (and the day re-balanced on the server).
  await page.goto('/plans');
  await page.getByLabel('Number of days').fill('1');
  await page.getByRole('button', { name: 'Generate plan' }).click();
  await expect(page).toHaveURL(/\/plans\/\d+/, { timeout: 60_000 });
  const lunch = page.getByRole('region', { name: /^Lunch: / });
  await expect(lunch).toBeVisible();
  await lunch.getByRole('button', { name: 'Swap lunch' }).click();
  const dialog = page.getByRole('dialog', { name: /^Swap lunch: / });
  const choices = dialog.getByRole('list', { name: 'Alternatives' }).getByRole('button');
  await expect(choices.first()).toBeVisible({ timeout: 30_000 });
  await expect(dialog.getByText(/^Day \d+ kcal/).first()).toBeVisible();
  await snap(page, testInfo, `${prefix}-swap-list`);
  const choice = choices.nth(1);
  const picked = ((await choice.getAttribute('aria-label')) ?? '').replace(/^Swap to /, '');
  const swapped = apiAnswer(page, 'POST', /^\/api\/plans\/\d+\/meals\/\d+\/swap$/);
  await choice.click();
  expect((await swapped).status()).toBe(200);
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('region', { name: /^Lunch: / }).getByText(picked, { exact: true }).first()).toBeVisible();
  await snap(page, testInfo, `${prefix}-swapped`);

  // 2. Quick add on today's diary: it counts in Goal − Food = Remaining.
  const today = await browserToday(page);
  await page.goto('/diary');
  const quick = page.getByRole('form', { name: 'Quick add' });
  await quick.getByLabel('Meal').selectOption('lunch');
  await quick.getByRole('textbox', { name: 'Label' }).fill('Cafe sandwich');
  await quick.getByRole('textbox', { name: /Calories/ }).fill('450');
  await quick.getByRole('textbox', { name: /Protein/ }).fill('20');
  await quick.getByRole('button', { name: 'Quick add' }).click();
  const lunchLog = page.getByRole('region', { name: 'Lunch', exact: true });
  await expect(lunchLog.getByText('Cafe sandwich', { exact: true })).toBeVisible();
  await expect(page.getByTestId('remaining-line')).toContainText('450');

  // 3. A food with tree nuts: marked in the search, and logged only after a confirm.
  const search = page.getByRole('searchbox', { name: 'Search foods' }).or(page.getByRole('textbox', { name: 'Search foods' }));
  await page.getByRole('region', { name: 'Add food' }).getByLabel('Meal').selectOption('snack');
  await search.first().pressSequentially('almonds', { delay: 30 });
  const flagged = page.getByRole('list', { name: /^Foods matching/ }).getByRole('listitem').filter({ hasText: 'Contains tree nuts' });
  await expect(flagged.first()).toBeVisible();
  await snap(page, testInfo, `${prefix}-conflict-search`);
  await flagged.first().getByRole('button').click();
  // One verb for every logging action (issue 19's polish): the portion form's button is "Log".
  await page.getByRole('button', { name: 'Log', exact: true }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Contains tree nuts');
  await snap(page, testInfo, `${prefix}-conflict-confirm`);
  await confirm.getByRole('button', { name: 'Log anyway' }).click();
  const snack = page.getByRole('region', { name: 'Snack', exact: true });
  await expect(snack.getByTestId('conflicts')).toContainText('Contains tree nuts');

  // 4. Delete and undo.
  await lunchLog.getByRole('button', { name: 'Delete Cafe sandwich' }).click();
  await expect(lunchLog.getByText('Cafe sandwich', { exact: true })).toBeHidden();
  const restored = apiAnswer(page, 'POST', /^\/api\/meal-logs\/\d+\/restore$/);
  await page.getByRole('button', { name: 'Undo', exact: true }).click();
  expect((await restored).status()).toBe(200);
  await expect(lunchLog.getByText('Cafe sandwich', { exact: true })).toBeVisible();

  // 5. Copy the whole day to tomorrow.
  await page.getByRole('button', { name: 'Copy this day to another day' }).click();
  const copyForm = page.getByRole('form', { name: 'Copy this day' });
  await expect(copyForm.getByLabel('To date')).toHaveValue(addDays(today, 1));
  const copied = apiAnswer(page, 'POST', /^\/api\/meal-logs\/copy$/);
  await copyForm.getByRole('button', { name: 'Copy' }).click();
  expect((await copied).status()).toBe(201);
  await page.getByRole('button', { name: 'Next day' }).click();
  await expect(page).toHaveURL(new RegExp(`date=${addDays(today, 1)}`));
  await expect(page.getByRole('region', { name: 'Lunch', exact: true }).getByText('Cafe sandwich', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Snack', exact: true }).getByTestId('conflicts')).toBeVisible();
  await snap(page, testInfo, `${prefix}-copied-day`);
}
