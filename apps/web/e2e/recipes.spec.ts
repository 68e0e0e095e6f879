/**
 * Own recipes in a real browser against the real API: import a pasted recipe, fix its lines on the review
 * screen, save it, mark it a favourite, then generate a plan from "only mine" and find the recipe in it, with
 * its preference on the meal card. The review screen is also checked at phone width (390 px).
 */
import { expect, test } from '@playwright/test';
import { apiAnswer, completeOnboarding, expectAccessible, signUp, snap, uniqueEmail, watchConsole } from './support';

const RECIPE = `Red Lentil Dal

Serves 4
Prep time: 10 minutes
Total time: 40 minutes

Ingredients
- 1 cup dried red lentils
- 1 medium onion, chopped
- 2 cloves garlic, minced
- 1 tbsp olive oil
- 1 tsp ground cumin
- Salt to taste
- 1 sprig of unobtainium

Method
1. Rinse the lentils.
2. Soften the onion and garlic in the oil, add the cumin.
3. Add the lentils and 3 cups water; simmer 25 minutes.
`;

interface SavedRecipe {
  id: number;
  name: string;
  meal_types: string[];
  ingredients: { name: string; grams: number }[];
}

interface PlanShape {
  recipe_mix: string;
  days: { meals: { slot: string; items: { food_id: number; source: string; name: string }[] }[] }[];
}

test('import a pasted recipe, fix it, save it, favour it and plan with only my recipes', async ({ page }, testInfo) => {
  const consoleErrors = watchConsole(page);
  await signUp(page, uniqueEmail('recipes'));
  await completeOnboarding(page);

  // Import by pasted text.
  await page.goto('/recipes');
  await page.getByRole('link', { name: 'Import a recipe' }).click();
  await expect(page.getByRole('heading', { name: 'Import a recipe', level: 1 })).toBeVisible();
  await expectAccessible(page, 'import a recipe');
  await page.getByRole('textbox', { name: 'Recipe text' }).fill(RECIPE);
  const imported = apiAnswer(page, 'POST', /^\/api\/recipes\/import$/);
  await page.getByRole('button', { name: 'Read the recipe' }).click();
  expect((await imported).status()).toBe(200);

  // The review: each line with its food, grams and how sure the match is; the unknown line flagged.
  const review = page.getByRole('heading', { name: 'Review the imported recipe' });
  await expect(review).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Recipe name' })).toHaveValue('Red Lentil Dal');
  await expect(page.getByRole('textbox', { name: 'Servings' })).toHaveValue('4');
  await expect(page.getByRole('textbox', { name: 'Total time (min)' })).toHaveValue('40');
  await expect(page.getByTestId('import-line')).toHaveCount(7);
  const onion = page.getByRole('listitem', { name: '1 medium onion, chopped' });
  await expect(onion.getByRole('combobox', { name: 'Food' })).toHaveValue(/\d+/);
  await expect(onion.getByText('Good match')).toBeVisible();
  const unknown = page.getByRole('listitem', { name: '1 sprig of unobtainium' });
  await expect(unknown.getByText('Not matched: find the food or remove the line')).toBeVisible();
  const salt = page.getByRole('listitem', { name: 'Salt to taste' });
  await expect(salt.getByText('Enter the grams')).toBeVisible();
  await expectAccessible(page, 'import review');
  await snap(page, testInfo, 'import-review');

  // At phone width the review fits without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await snap(page, testInfo, 'import-review-phone');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Saving before fixing names what is left to do.
  await page.getByRole('button', { name: 'Save recipe' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Fix these before saving' });
  await expect(summary).toBeFocused();
  await expect(summary).toContainText('“1 sprig of unobtainium” is not matched');

  // Fix: grams for the salt, the unknown line removed, the meals chosen.
  await salt.getByRole('textbox', { name: 'Grams' }).fill('3');
  await expect(salt.getByText('Good match')).toBeVisible();
  await unknown.getByRole('button', { name: 'Remove “1 sprig of unobtainium”' }).click();
  await expect(page.getByRole('heading', { name: 'Ingredients (6)' })).toBeFocused();
  await page.getByRole('checkbox', { name: 'Lunch' }).check();
  await page.getByRole('checkbox', { name: 'Dinner' }).check();
  const created = apiAnswer(page, 'POST', /^\/api\/recipes$/);
  await page.getByRole('button', { name: 'Save recipe' }).click();
  const createdAnswer = await created;
  expect(createdAnswer.status()).toBe(201);
  const recipe = (await createdAnswer.json()) as SavedRecipe;
  expect(recipe.ingredients).toHaveLength(6);
  expect(recipe.meal_types).toEqual(['lunch', 'dinner']);
  expect(recipe.ingredients.find((ingredient) => ingredient.name === 'Salt, table')?.grams).toBe(3);
  await expect(page).toHaveURL(new RegExp(`/recipes/${recipe.id}$`));

  // The saved recipe: its derived rules, and the person's preference.
  await expect(page.getByTestId('recipe-rules')).toContainText('Diets:');
  const preference = page.getByRole('radiogroup', { name: 'Your preference for Red Lentil Dal' });
  await expect(preference.getByRole('radio', { name: 'No preference' })).toBeChecked();
  const saved = apiAnswer(page, 'PUT', new RegExp(`^/api/recipes/${recipe.id}/preference$`));
  await preference.getByText('Favourite', { exact: true }).click();
  expect((await saved).status()).toBe(200);
  await expect(preference.getByRole('radio', { name: 'Favourite' })).toBeChecked();
  await expect(page.getByText('Planned more often.')).toBeVisible();
  await expectAccessible(page, 'saved recipe');
  await snap(page, testInfo, 'saved-recipe-favourite');

  // The list shows it a favourite.
  await page.goto('/recipes');
  const row = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'Red Lentil Dal' }) });
  await expect(row.getByText('Favourite')).toBeVisible();

  // A one-day plan from "only mine": the recipe is planned.
  await page.goto('/plans');
  await page.getByLabel('Number of days').fill('1');
  await page.getByRole('combobox', { name: 'Recipes' }).selectOption('only_mine');
  await expectAccessible(page, 'plan generator with recipe mix');
  const planned = apiAnswer(page, 'POST', /^\/api\/plans$/);
  await page.getByRole('button', { name: 'Generate plan' }).click();
  const planAnswer = await planned;
  expect(planAnswer.status()).toBe(201);
  const plan = (await planAnswer.json()) as PlanShape;
  // The plan records the mix it was asked for (the request body is a stream Playwright cannot read back).
  expect(plan.recipe_mix).toBe('only_mine');
  expect(plan.days).toHaveLength(1);
  const mine = plan.days[0].meals.filter((meal) => meal.items.some((item) => item.source === 'recipe' && item.food_id === recipe.id));
  expect(mine.length).toBeGreaterThan(0);
  for (const meal of mine) expect(['lunch', 'dinner']).toContain(meal.slot);
  await expect(page.getByRole('heading', { name: 'Meal plan', level: 1 })).toBeVisible();
  await expect(page.getByText(/only your recipes/)).toBeVisible();
  await expect(page.getByRole('link', { name: 'Red Lentil Dal' }).first()).toBeVisible();

  // The meal card knows the recipe is a favourite.
  await page.getByRole('button', { name: 'Preference for Red Lentil Dal' }).first().click();
  const cardPreference = page.getByRole('radiogroup', { name: 'Your preference for Red Lentil Dal' });
  await expect(cardPreference.getByRole('radio', { name: 'Favourite' })).toBeChecked();
  await expectAccessible(page, 'plan with my recipe');
  await snap(page, testInfo, 'plan-only-mine');
  // The dialog holds the keyboard, so it stays open and visible when its button scrolls out of view.
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect(page.getByRole('button', { name: 'Done', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Done', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Preference for Red Lentil Dal' }).first()).toBeFocused();

  expect(consoleErrors).toEqual([]);
});
