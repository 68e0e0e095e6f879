import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderWithApp, type FakeCall } from '../../../test/render';
import RecipesPage from './RecipesPage';

const MASS = [
  { name: 'g', amount: 100, grams: 100 },
  { name: 'oz', amount: 1, grams: 28.349523125 },
  { name: 'lb', amount: 1, grams: 453.59237 },
];
const oats = { id: 1, name: 'Oats', nutrients: { energy_kcal: 379, protein_g: 13.2 }, measures: [{ name: 'cup', amount: 1, grams: 81 }, ...MASS] };
const summary = { id: 1, name: 'Oats', group: 'Cereal Grains and Pasta', source: 'usda_sr', source_id: '20038', energy_kcal: 379, protein_g: 13.2, fat_g: 6.5, carbs_g: 67.7 };

function serve() {
  return fakeApi((call: FakeCall) => {
    if (call.path === '/api/profile') return { body: { units: 'metric' } };
    if (call.path === '/api/recipes' && call.method === 'GET') return { body: { items: [], total: 0 } };
    if (call.path === '/api/foods' && call.method === 'GET') return { body: { items: [summary], total: 1 } };
    if (call.path === '/api/foods/1') return { body: oats };
    if (call.path === '/api/recipes' && call.method === 'POST') {
      return {
        status: 201,
        body: {
          id: 40,
          name: 'Porridge',
          servings: 2,
          meal_types: [],
          tags: [],
          steps: [],
          prep_minutes: null,
          catalogue_slug: null,
          source: 'recipe',
          grams_per_serving: 81,
          ingredients: [{ food_id: 1, name: 'Oats', grams: 162, source: 'usda_sr', source_id: '20038', note: '' }],
          nutrients_per_serving: { energy_kcal: 307, protein_g: 10.7 },
        },
      };
    }
    if (call.path === '/api/recipes/40') return undefined;
    return undefined;
  });
}

describe('RecipesPage', () => {
  it('says when there are no recipes yet', async () => {
    serve();
    renderWithApp(<RecipesPage />, { path: '/recipes/*', route: '/recipes' });
    expect(await screen.findByText('No recipes of your own yet')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New recipe' })).toHaveAttribute('href', '/recipes/new');
  });

  it('previews nutrition per serving while typing, then shows the API values once saved', async () => {
    const user = userEvent.setup();
    const server = serve();
    const { router } = renderWithApp(<RecipesPage />, { path: '/recipes/*', route: '/recipes/new' });
    await user.type(await screen.findByLabelText(/Recipe name/), 'Porridge');
    await user.type(screen.getByLabelText('Search foods'), 'oats');
    await user.click(await screen.findByRole('button', { name: 'Oats' }));
    const row = await screen.findByRole('group', { name: 'Oats' });
    // 100 g of oats in one serving.
    await waitFor(() => expect(screen.getByTestId('recipe-energy_kcal')).toHaveTextContent('379 kcal'));
    await user.selectOptions(within(row).getByLabelText('Measure'), 'cup');
    await user.clear(within(row).getByRole('textbox', { name: /Quantity/ }));
    await user.type(within(row).getByRole('textbox', { name: /Quantity/ }), '2');
    const servings = screen.getByRole('textbox', { name: /Servings/ });
    await user.clear(servings);
    await user.type(servings, '2');
    // 2 cups = 162 g; 379 kcal per 100 g; 2 servings.
    expect(screen.getByTestId('recipe-energy_kcal')).toHaveTextContent('307 kcal');
    expect(screen.getByText('Preview, not saved yet')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Save recipe' }));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST' && c.path === '/api/recipes')).toBe(true));
    expect(server.calls.find((c) => c.method === 'POST' && c.path === '/api/recipes')?.body).toMatchObject({
      name: 'Porridge',
      servings: 2,
      ingredients: [{ food_id: 1, quantity: 2, unit: 'cup', note: '' }],
    });
    await waitFor(() => expect(router.state.location.pathname).toBe('/recipes/40'));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(screen.getByTestId('recipe-protein_g')).toHaveTextContent('11 g');
  });

  it('will not save without ingredients', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<RecipesPage />, { path: '/recipes/*', route: '/recipes/new' });
    await user.type(await screen.findByLabelText(/Recipe name/), 'Nothing');
    await user.click(screen.getByRole('button', { name: 'Save recipe' }));
    expect(await screen.findByText('Add at least one ingredient.')).toBeInTheDocument();
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('edits a saved recipe: shows the API values until something changes, then the preview', async () => {
    const user = userEvent.setup();
    const saved = {
      id: 41,
      name: 'Oat bowl',
      servings: 1,
      meal_types: ['breakfast'],
      tags: [],
      steps: ['Mix'],
      prep_minutes: 5,
      catalogue_slug: null,
      source: 'recipe',
      grams_per_serving: 50,
      ingredients: [{ food_id: 1, name: 'Oats', grams: 50, source: 'usda_sr', source_id: '20038', note: '' }],
      nutrients_per_serving: { energy_kcal: 190, protein_g: 6.6 },
    };
    const server = fakeApi((call: FakeCall) => {
      if (call.path === '/api/profile') return { body: { units: 'metric' } };
      if (call.path === '/api/foods/1') return { body: oats };
      if (call.path === '/api/recipes/41' && call.method === 'GET') return { body: saved };
      if (call.path === '/api/recipes/41' && call.method === 'DELETE') return { status: 204 };
      if (call.path === '/api/recipes') return { body: { items: [], total: 0 } };
      return undefined;
    });
    const { router } = renderWithApp(<RecipesPage />, { path: '/recipes/*', route: '/recipes/41' });
    expect(await screen.findByRole('heading', { name: 'Edit recipe', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('Saved')).toBeInTheDocument();
    expect(screen.getByTestId('recipe-energy_kcal')).toHaveTextContent('190 kcal');
    const quantity = within(screen.getByRole('group', { name: 'Oats' })).getByRole('textbox', { name: /Quantity/ });
    expect(quantity).toHaveValue('50');
    await user.clear(quantity);
    await user.type(quantity, '100');
    expect(screen.getByText('Preview, not saved yet')).toBeInTheDocument();
    expect(screen.getByTestId('recipe-energy_kcal')).toHaveTextContent('379 kcal');

    await user.click(screen.getByRole('button', { name: 'Delete recipe' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/recipes'));
    expect(server.calls.some((c) => c.method === 'DELETE' && c.path === '/api/recipes/41')).toBe(true);
  });

  it('does not offer to edit a catalogue recipe', async () => {
    fakeApi((call: FakeCall) => {
      if (call.path === '/api/profile') return { body: { units: 'metric' } };
      if (call.path === '/api/recipes/7') return { body: { id: 7, name: 'Overnight oats', catalogue_slug: 'overnight-oats', ingredients: [], nutrients_per_serving: {} } };
      return undefined;
    });
    renderWithApp(<RecipesPage />, { path: '/recipes/*', route: '/recipes/7' });
    expect(await screen.findByText(/cannot be edited/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'See its ingredients and steps' })).toHaveAttribute('href', '/plans/recipes/7');
    expect(screen.queryByRole('button', { name: 'Save recipe' })).not.toBeInTheDocument();
  });
});
