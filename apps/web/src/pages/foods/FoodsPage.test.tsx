import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { today } from '../../lib/dates';
import { fakeApi, renderWithApp, type FakeCall } from '../../test/render';
import FoodsPage, { FoodDetailPage } from './index';

const banana = {
  id: 2607,
  name: 'Bananas, raw',
  group: 'Fruits and Fruit Juices',
  group_code: '09',
  source: 'usda_sr',
  source_id: '09040',
  source_release: 'USDA SR24',
  owner_id: null,
  nutrients: { energy_kcal: 89, protein_g: 1.09, fat_g: 0.33, carbs_g: 22.84, vitamin_d_ug: null },
  measures: [
    { name: 'medium (7" to 7-7/8" long)', amount: 1, grams: 118 },
    { name: 'g', amount: 100, grams: 100 },
    { name: 'oz', amount: 1, grams: 28.349523125 },
    { name: 'lb', amount: 1, grams: 453.59237 },
  ],
};

function serve(units: 'metric' | 'imperial' = 'metric') {
  return fakeApi((call: FakeCall) => {
    if (call.path === '/api/profile') return { body: { units } };
    if (call.path === '/api/users/me') return { body: { id: 5, email: 'a@b.c', name: null, created_at: '' } };
    if (call.path === '/api/foods' && call.method === 'GET') {
      const q = new URLSearchParams(call.search).get('q') ?? '';
      const items = q.startsWith('ban') ? [{ ...banana, energy_kcal: 89, protein_g: 1.09, fat_g: 0.33, carbs_g: 22.84 }] : [];
      return { body: { items, total: items.length } };
    }
    if (call.path === '/api/foods' && call.method === 'POST') {
      return { status: 201, body: { ...banana, id: 9001, name: 'Granola bar', source: 'custom', source_id: 'x', owner_id: 5, ...(call.body as object) } };
    }
    if (call.path === '/api/foods/2607') return { body: banana };
    if (call.path === '/api/meal-logs' && call.method === 'POST') return { status: 201, body: { items: [], total: 0 } };
    return undefined;
  });
}

const searches = (calls: FakeCall[]) => calls.filter((c) => c.path === '/api/foods' && c.method === 'GET');

describe('FoodsPage', () => {
  it('searches as the user types, once the typing pauses, and keeps the search in the URL', async () => {
    const user = userEvent.setup();
    const server = serve();
    const { router } = renderWithApp(<FoodsPage />, { path: '/foods', route: '/foods' });
    expect(await screen.findByText('Search the food catalogue')).toBeInTheDocument();
    await user.type(screen.getByRole('searchbox', { name: 'Search foods' }), 'banana');
    const link = await screen.findByRole('link', { name: 'Bananas, raw' });
    expect(link).toHaveAttribute('href', '/foods/2607');
    // One request for the whole word, not one per letter.
    expect(searches(server.calls).map((c) => new URLSearchParams(c.search).get('q'))).toEqual(['banana']);
    expect(router.state.location.search).toBe('?q=banana');
  });

  it('filters by food group', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<FoodsPage />, { path: '/foods', route: '/foods?q=banana' });
    await screen.findByRole('link', { name: 'Bananas, raw' });
    await user.selectOptions(screen.getByLabelText('Food group'), '09');
    await waitFor(() => expect(searches(server.calls).some((c) => new URLSearchParams(c.search).get('group') === '09')).toBe(true));
  });

  it('says when nothing matches', async () => {
    serve();
    renderWithApp(<FoodsPage />, { path: '/foods', route: '/foods?q=zzz' });
    expect(await screen.findByText('No foods found')).toBeInTheDocument();
  });

  it('opens the custom food form from a link', async () => {
    serve();
    renderWithApp(<FoodsPage />, { path: '/foods', route: '/foods?new=1' });
    expect(await screen.findByRole('heading', { name: 'New custom food' })).toBeInTheDocument();
  });

  it('creates a custom food with unknown values left null', async () => {
    const user = userEvent.setup();
    const server = serve();
    const { router } = renderWithApp(<FoodsPage />, {
      path: '/foods',
      route: '/foods',
      extraRoutes: [{ path: '/foods/:id', element: <p>detail</p> }],
    });
    await user.click(await screen.findByRole('button', { name: 'New custom food' }));
    await user.click(screen.getByRole('button', { name: 'Create food' }));
    expect(await screen.findByText('Give the food a name.')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /^Name/ }), 'Granola bar');
    await user.type(screen.getByRole('textbox', { name: /Energy \(kcal per 100 g\)/ }), '450');
    await user.type(screen.getByRole('textbox', { name: /Protein \(g per 100 g\)/ }), '8.5');
    await user.click(screen.getByRole('button', { name: 'Create food' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/foods/9001'));
    const body = server.calls.find((c) => c.method === 'POST')?.body as { name: string; nutrients: Record<string, number | null> };
    expect(body.name).toBe('Granola bar');
    expect(body.nutrients).toMatchObject({ energy_kcal: 450, protein_g: 8.5, fat_g: null, vitamin_c_mg: null });
  }, 20_000);
});

describe('FoodDetailPage', () => {
  it('shows every nutrient per 100 g and for the chosen portion, in the user units', async () => {
    const user = userEvent.setup();
    serve('imperial');
    renderWithApp(<FoodDetailPage />, { path: '/foods/:id', route: '/foods/2607' });
    expect(await screen.findByRole('heading', { name: 'Bananas, raw', level: 1 })).toBeInTheDocument();
    expect(screen.getByText('USDA SR, NDB 09040')).toBeInTheDocument();
    // Starts at one of its own measures: 1 medium = 118 g = 4.2 oz.
    expect(screen.getByTestId('portion-grams')).toHaveTextContent('= 4.2 oz');
    expect(screen.getByTestId('portion-energy_kcal')).toHaveTextContent('105 kcal');
    expect(screen.getByTestId('per100-energy_kcal')).toHaveTextContent('89 kcal');
    expect(screen.getByTestId('per100-vitamin_d_ug')).toHaveTextContent('no data');
    await user.selectOptions(screen.getByLabelText('Measure'), 'oz');
    await user.clear(screen.getByRole('textbox', { name: /Quantity/ }));
    await user.type(screen.getByRole('textbox', { name: /Quantity/ }), '2');
    expect(screen.getByTestId('portion-energy_kcal')).toHaveTextContent('50 kcal');
    // The measures table, in ounces.
    expect(within(screen.getAllByRole('table')[1]).getByText('4.2 oz')).toBeInTheDocument();
  });

  it('logs the portion on screen in today\'s diary', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<FoodDetailPage />, { path: '/foods/:id', route: '/foods/2607' });
    await user.selectOptions(await screen.findByLabelText('Meal'), 'snack');
    await user.click(screen.getByRole('button', { name: "Add to today's diary" }));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST')).toBe(true));
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({
      date: today(),
      slot: 'snack',
      food_id: 2607,
      quantity: 1,
      unit: 'medium (7" to 7-7/8" long)',
    });
  });

  it('says when the food does not exist', async () => {
    serve();
    renderWithApp(<FoodDetailPage />, { path: '/foods/:id', route: '/foods/1' });
    expect(await screen.findByRole('heading', { name: 'Food not found' })).toBeInTheDocument();
  });
});
