/**
 * Foods in a real browser: search as you type, a food's detail, a custom food, the recipe builder, and a delete
 * the API refuses while a recipe still uses the food.
 */
import { expect, test } from '@playwright/test';
import {
  apiAnswer,
  clickCheckingPressedState,
  completeOnboarding,
  expectAccessible,
  signUp,
  snap,
  uniqueEmail,
  watchConsole,
} from './support';

test('search, food detail, a custom food and a recipe built from foods', async ({ page }, testInfo) => {
  const consoleErrors = watchConsole(page);
  await signUp(page, uniqueEmail('foods'));
  await completeOnboarding(page);

  // Search as you type, then the detail with its nutrient table and measures.
  await page.goto('/foods');
  await expect(page.getByRole('heading', { name: 'Foods', level: 1 })).toBeVisible();
  // A new user has no foods or recipes of their own yet.
  await expect(page.getByRole('region', { name: 'My foods' }).getByRole('heading', { name: 'No custom foods yet' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'My recipes' }).getByRole('heading', { name: 'No recipes of your own yet' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search foods' }).pressSequentially('banana', { delay: 40 });
  const banana = page.getByRole('link', { name: 'Bananas, raw', exact: true });
  await expect(banana).toBeVisible();
  await expectAccessible(page, 'food search');
  await snap(page, testInfo, 'food-search');
  await banana.click();
  await expect(page.getByRole('heading', { name: 'Bananas, raw', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Nutrients' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Measures' })).toBeVisible();
  await expect(page.getByTestId('portion-headline-energy_kcal')).toContainText('kcal');
  await expectAccessible(page, 'food detail');
  await snap(page, testInfo, 'food-detail');

  // A custom food, found by its owner's search.
  const foodName = `Test granola ${Date.now()}`;
  await page.goto('/foods');
  await page.getByRole('button', { name: 'New custom food' }).click();
  await page.getByRole('textbox', { name: 'Name' }).fill(foodName);
  await page.getByRole('textbox', { name: /^Energy \(kcal per 100 g\)/ }).fill('450');
  await page.getByRole('textbox', { name: /^Protein \(g per 100 g\)/ }).fill('10');
  await page.getByRole('button', { name: 'Create food' }).click();
  await expect(page.getByRole('heading', { name: foodName, level: 1 })).toBeVisible();
  await snap(page, testInfo, 'custom-food');

  // The recipe builder: nutrition per serving appears as ingredients are added, then the recipe is saved.
  await page.goto('/recipes/new');
  const recipeName = `Granola bowl ${Date.now()}`;
  await page.getByRole('textbox', { name: 'Recipe name' }).fill(recipeName);
  await page.getByRole('textbox', { name: 'Servings' }).fill('2');
  const picker = page.getByRole('searchbox', { name: 'Search foods' }).or(page.getByRole('textbox', { name: 'Search foods' }));
  await picker.fill(foodName);
  await page.getByRole('button', { name: foodName, exact: true }).click();
  await expect(page.getByRole('group', { name: foodName })).toBeVisible();
  // 100 g of a 450 kcal/100 g food in 2 servings: 225 kcal per serving.
  await expect(page.getByTestId('recipe-energy_kcal')).toHaveText('225 kcal');
  await expectAccessible(page, 'recipe builder');
  await snap(page, testInfo, 'recipe-builder');
  await page.getByRole('button', { name: 'Save recipe' }).click();
  await expect(page).toHaveURL(/\/recipes\/\d+$/);
  await expect(page.getByTestId('recipe-energy_kcal')).toHaveText('225 kcal');

  // The Foods page lists the user's own food (energy per 100 g) and recipe (energy per serving).
  await page.goto('/foods');
  const myFoods = page.getByRole('region', { name: 'My foods' });
  await expect(myFoods.getByRole('link', { name: foodName })).toBeVisible();
  await expect(myFoods.getByText(/per 100 g: 450 kcal · protein 10 g/)).toBeVisible();
  const myRecipes = page.getByRole('region', { name: 'My recipes' });
  await expect(myRecipes.getByRole('link', { name: recipeName })).toBeVisible();
  await expect(myRecipes.getByText(/2 servings · 1 ingredient · per serving 225 kcal/)).toBeVisible();
  await expectAccessible(page, 'my foods and recipes');
  await snap(page, testInfo, 'my-foods-and-recipes');
  await myFoods.getByRole('link', { name: foodName }).click();
  await expect(page.getByRole('heading', { name: foodName, level: 1 })).toBeVisible();

  // The food cannot go while the recipe uses it: the dialog shows the API's reason and the food stays. The red
  // buttons are checked while pressed, where they show their hover colours.
  await clickCheckingPressedState(page, page.getByRole('button', { name: 'Delete food' }), 'food detail');
  const confirmDialog = page.getByRole('dialog', { name: `Delete ${foodName}?` });
  await expect(confirmDialog).toBeVisible();
  await expectAccessible(page, 'delete food dialog');
  const refused = apiAnswer(page, 'DELETE', /^\/api\/foods\/\d+$/);
  await clickCheckingPressedState(page, confirmDialog.getByRole('button', { name: 'Delete', exact: true }), 'delete food dialog');
  expect((await refused).status()).toBe(409);
  await expect(confirmDialog.getByRole('alert', { name: 'The food was not deleted' })).toContainText('ingredient of one of your recipes');
  await expectAccessible(page, 'delete food refused');
  await snap(page, testInfo, 'delete-food-refused');
  await confirmDialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirmDialog).toBeHidden();
  await expect(page.getByRole('heading', { name: foodName, level: 1 })).toBeVisible();

  expect(consoleErrors).toEqual([]);
});
