import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderWithApp, type FakeCall } from '../../../test/render';
import RecipesPage from './RecipesPage';

const oats = { id: 1, name: 'Oats', source: 'usda_sr', source_id: '20038' };
const milk = { id: 2, name: 'Milk, whole', source: 'usda_sr', source_id: '01077' };
const oatMilk = { id: 3, name: 'Oat milk', source: 'usda_sr', source_id: '14639' };
const salt = { id: 9, name: 'Salt, table', group: 'Spices and Herbs', source: 'usda_sr', source_id: '02047', energy_kcal: 0, protein_g: 0, fat_g: 0, carbs_g: 0 };

const draft = {
  name: 'Porridge',
  servings: 2,
  steps: ['Heat the milk', 'Stir in the oats'],
  total_minutes: 10,
  ingredients: [
    { line: '1 cup rolled oats', food: oats, grams: 81, confidence: 0.9, alternatives: [] },
    { line: '2 cups milk', food: milk, grams: 488, confidence: 0.4, alternatives: [oatMilk] },
    { line: '1 pinch of sea salt flakes', food: null, grams: null, confidence: 0, alternatives: [], note: 'no food matches this line' },
    { line: '1 sprig of unobtainium', food: null, grams: null, confidence: 0, alternatives: [] },
  ],
};

const saved = {
  id: 40,
  name: 'Porridge',
  servings: 2,
  meal_types: ['breakfast'],
  tags: [],
  steps: [],
  prep_minutes: null,
  catalogue_slug: null,
  source: 'recipe',
  grams_per_serving: 290,
  ingredients: [],
  nutrients_per_serving: {},
  diets: ['vegetarian'],
  allergens: ['milk'],
  unknown_ingredients: [],
  preference: null,
};

function serve(importAnswer: (call: FakeCall) => { status?: number; body?: unknown } = () => ({ body: draft })) {
  return fakeApi((call: FakeCall) => {
    if (call.path === '/api/profile') return { body: { units: 'metric' } };
    if (call.path === '/api/recipes/import' && call.method === 'POST') return importAnswer(call);
    if (call.path === '/api/foods' && call.method === 'GET') return { body: { items: [salt], total: 1 } };
    if (call.path === '/api/recipes' && call.method === 'POST') {
      return { status: 201, body: saved };
    }
    if (call.path === '/api/recipes/40') return { body: saved };
    return undefined;
  });
}

describe('importing a recipe', () => {
  it('reads pasted text, flags what needs the person, and saves the reviewed recipe', async () => {
    const user = userEvent.setup();
    const server = serve();
    const { router } = renderWithApp(<RecipesPage />, { path: '/recipes/*', route: '/recipes/import' });
    await user.type(await screen.findByRole('textbox', { name: /Recipe text/ }), 'Porridge{enter}1 cup rolled oats');
    await user.click(screen.getByRole('button', { name: 'Read the recipe' }));
    const heading = await screen.findByRole('heading', { name: 'Review the imported recipe' });
    await waitFor(() => expect(heading).toHaveFocus());
    expect(server.calls.find((call) => call.path === '/api/recipes/import')?.body).toEqual({ text: 'Porridge\n1 cup rolled oats' });

    const lines = screen.getAllByTestId('import-line');
    expect(lines.map((line) => line.getAttribute('data-status'))).toEqual(['good', 'check', 'unmatched', 'unmatched']);
    const milkLine = screen.getByRole('listitem', { name: '2 cups milk' });
    expect(within(milkLine).getByText('Check this: the match may be wrong')).toBeInTheDocument();
    expect(screen.getByText('2 lines need you before saving. 1 to check.')).toBeInTheDocument();

    // Saving now names every problem, and the summary takes the focus.
    await user.click(screen.getByRole('button', { name: 'Save recipe' }));
    const summary = await screen.findByRole('alert', { name: 'Fix these before saving' });
    await waitFor(() => expect(summary).toHaveFocus());
    expect(within(summary).getByText('“1 sprig of unobtainium” is not matched: find its food or remove it.')).toBeInTheDocument();
    expect(within(summary).getByText('Choose at least one meal, so plans can use the recipe.')).toBeInTheDocument();

    // Fix: the milk's alternative, a search for the salt and its grams, the unknown line removed, a meal chosen.
    await user.selectOptions(within(milkLine).getByRole('combobox', { name: 'Food' }), 'Oat milk');
    expect(within(milkLine).getByText('Your choice')).toBeInTheDocument();
    const saltLine = screen.getByRole('listitem', { name: '1 pinch of sea salt flakes' });
    await user.type(within(saltLine).getByRole('searchbox', { name: 'Find a food for “1 pinch of sea salt flakes”' }), 'salt');
    await user.click(await within(saltLine).findByRole('button', { name: 'Salt, table' }));
    const saltGrams = within(saltLine).getByRole('textbox', { name: 'Grams' });
    await waitFor(() => expect(saltGrams).toHaveFocus());
    await user.type(saltGrams, '0.4');
    await user.click(screen.getByRole('button', { name: 'Remove “1 sprig of unobtainium”' }));
    expect(screen.getByRole('heading', { name: 'Ingredients (3)' })).toHaveFocus();
    expect(screen.getByText('Removed “1 sprig of unobtainium”.')).toBeInTheDocument();
    const grams = within(screen.getByRole('listitem', { name: '1 cup rolled oats' })).getByRole('textbox', { name: 'Grams' });
    await user.clear(grams);
    await user.type(grams, '90');
    await user.click(screen.getByRole('checkbox', { name: 'Breakfast' }));

    await user.click(screen.getByRole('button', { name: 'Save recipe' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/recipes/40'));
    expect(server.calls.find((call) => call.method === 'POST' && call.path === '/api/recipes')?.body).toEqual({
      name: 'Porridge',
      servings: 2,
      meal_types: ['breakfast'],
      steps: ['Heat the milk', 'Stir in the oats'],
      active_minutes: null,
      total_minutes: 10,
      keeps_days: null,
      ingredients: [
        { food_id: 1, grams: 90, note: '' },
        { food_id: 3, grams: 488, note: '' },
        { food_id: 9, grams: 0.4, note: '' },
      ],
    });
    // The saved recipe: its derived rules and the preference control.
    expect(await screen.findByRole('radiogroup', { name: 'Your preference for Porridge' }, { timeout: 5000 })).toBeInTheDocument();
    expect(within(screen.getByTestId('recipe-rules')).getByText('Vegetarian')).toBeInTheDocument();
    expect(within(screen.getByTestId('recipe-rules')).getByText('Milk')).toBeInTheDocument();
    // A long walk through the review: generous on a loaded machine.
  }, 60_000);

  it('says plainly when the server does not fetch web pages, and offers the saved page instead', async () => {
    const user = userEvent.setup();
    const server = serve((call) =>
      'url' in (call.body as object) ? { status: 403, body: { detail: 'Importing from a URL is turned off on this server (RECIPE_IMPORT_FETCH enables it): save the page and send its HTML, or paste the recipe\'s text' } } : { body: draft },
    );
    renderWithApp(<RecipesPage />, { path: '/recipes/*', route: '/recipes/import' });
    await user.click(await screen.findByRole('tab', { name: 'From a web address' }));
    await user.click(screen.getByRole('button', { name: 'Read the recipe' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Enter the full address of the recipe page, starting with https://');
    await user.type(screen.getByRole('textbox', { name: 'Recipe page address' }), 'https://example.com/porridge');
    await user.click(screen.getByRole('button', { name: 'Read the recipe' }));
    const alert = await screen.findByRole('alert', { name: 'This server does not fetch recipe pages' });
    await user.click(within(alert).getByRole('button', { name: 'Upload a saved page' }));
    const page = new File(['<html><script type="application/ld+json">{"@type":"Recipe","name":"Porridge"}</script></html>'], 'porridge.html', { type: 'text/html' });
    await user.upload(await screen.findByLabelText('Saved recipe page'), page);
    await user.click(screen.getByRole('button', { name: 'Read the recipe' }));
    expect(await screen.findByRole('heading', { name: 'Review the imported recipe' })).toBeInTheDocument();
    const imports = server.calls.filter((call) => call.path === '/api/recipes/import').map((call) => call.body);
    expect(imports).toEqual([
      { url: 'https://example.com/porridge' },
      { html: '<html><script type="application/ld+json">{"@type":"Recipe","name":"Porridge"}</script></html>' },
    ]);
  });

  it('shows the server’s reason when a page has no recipe', async () => {
    const user = userEvent.setup();
    serve(() => ({ status: 422, body: { detail: 'No recipe found in this text: give a title and ingredient lines' } }));
    renderWithApp(<RecipesPage />, { path: '/recipes/*', route: '/recipes/import' });
    await user.type(await screen.findByRole('textbox', { name: /Recipe text/ }), 'hello');
    await user.click(screen.getByRole('button', { name: 'Read the recipe' }));
    expect(await screen.findByText('No recipe found in this text: give a title and ingredient lines')).toBeInTheDocument();
  });
});
