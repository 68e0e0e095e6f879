import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { today } from '../../lib/dates';
import { fakeApi, renderWithApp, type FakeCall } from '../../test/render';
import FoodDetailPage from './food-detail';
import FoodsPage from './foods';

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

// Custom foods as GET /api/foods?source=custom lists them.
const own = { group: null, source: 'custom', source_id: 'x' };
const granola = { ...own, id: 9002, name: 'Toasted granola', energy_kcal: 471, protein_g: 10.2, fat_g: 20, carbs_g: 61.5 };
const apricotBar = { ...own, id: 9003, name: 'Apricot bar', energy_kcal: 380, protein_g: 6, fat_g: null, carbs_g: 70 };
const porridge = {
  id: 9100,
  name: 'Overnight oats',
  servings: 2,
  meal_types: ['breakfast'],
  tags: [],
  steps: [],
  prep_minutes: 5,
  catalogue_slug: null,
  source: 'recipe',
  grams_per_serving: 180,
  ingredients: [
    { food_id: 1, source: 'usda_sr', source_id: '08120', name: 'Oats', grams: 80, note: null },
    { food_id: 2, source: 'usda_sr', source_id: '01077', name: 'Milk', grams: 280, note: null },
  ],
  nutrients_per_serving: { energy_kcal: 312.4, protein_g: 13.6 },
};

interface Own {
  recent?: object[];
  foods?: { name: string }[];
  recipes?: object[];
  foodsStatus?: number;
  recipesStatus?: number;
}

function serve(units: 'metric' | 'imperial' = 'metric', own: Own = {}) {
  return fakeApi((call: FakeCall) => {
    if (call.path === '/api/profile') return { body: { units } };
    if (call.path === '/api/recipes' && call.method === 'GET') {
      if (own.recipesStatus) return { status: own.recipesStatus, body: { detail: 'Too many requests, retry in 30 s' } };
      return { body: { items: own.recipes ?? [], total: (own.recipes ?? []).length } };
    }
    if (call.path === '/api/foods/recent') return { body: { items: own.recent ?? [] } };
    if (call.path === '/api/users/me') return { body: { id: 5, email: 'a@b.c', name: null, created_at: '' } };
    if (call.path === '/api/foods' && call.method === 'GET' && new URLSearchParams(call.search).get('source') === 'custom') {
      if (own.foodsStatus) return { status: own.foodsStatus, body: { detail: 'The database is not answering' } };
      const mine = [...(own.foods ?? [])].sort((a, b) => a.name.localeCompare(b.name));
      return { body: { items: mine, total: mine.length } };
    }
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

const searches = (calls: FakeCall[]) =>
  calls.filter((c) => c.path === '/api/foods' && c.method === 'GET' && !c.search.includes('source=custom'));

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

  it('shows the foods the person logs most before anything is typed, each with its star', async () => {
    const recent = { ...banana, energy_kcal: 89, protein_g: 1.09, fat_g: 0.33, carbs_g: 22.84, favourite: true };
    serve('metric', { recent: [{ ...recent, days_logged: 12, last_logged: today() }] });
    renderWithApp(<FoodsPage />, { path: '/foods', route: '/foods' });
    const section = await screen.findByRole('region', { name: 'Your recent foods' });
    expect(within(section).getByRole('link', { name: 'Bananas, raw' })).toHaveAttribute('href', '/foods/2607');
    expect(within(section).getByRole('button', { name: 'Remove Bananas, raw from favourites' })).toHaveAttribute('aria-pressed', 'true');
    expect(screen.queryByText('Search the food catalogue')).not.toBeInTheDocument();
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

describe('FoodsPage: my foods and recipes', () => {
  it("lists the user's custom foods by name with their energy, and their recipes, linking to each", async () => {
    serve('metric', { foods: [granola, apricotBar], recipes: [porridge] });
    renderWithApp(<FoodsPage />, { path: '/foods', route: '/foods' });
    const mine = await screen.findByRole('region', { name: 'My foods' });
    const links = await within(mine).findAllByRole('link');
    // In the API's order (by name), each to its own food page.
    expect(links.map((link) => link.textContent)).toEqual(['Apricot bar', 'Toasted granola']);
    expect(links[1]).toHaveAttribute('href', '/foods/9002');
    expect(within(mine).getByText(/per 100 g: 471 kcal · protein 10 g · fat 20 g · carbs 62 g/)).toBeInTheDocument();
    // Unknown stays unknown, never 0.
    expect(within(mine).getByText(/per 100 g: 380 kcal · protein 6\.0 g · fat – ·/)).toBeInTheDocument();
    const recipes = screen.getByRole('region', { name: 'My recipes' });
    expect(within(recipes).getByRole('link', { name: 'Overnight oats' })).toHaveAttribute('href', '/recipes/9100');
    expect(within(recipes).getByText(/2 servings · 2 ingredients · per serving 312 kcal/)).toBeInTheDocument();
    expect(within(recipes).getByRole('link', { name: 'New recipe' })).toHaveAttribute('href', '/recipes/new');
  });

  it('says when the user has no foods or recipes of their own', async () => {
    serve();
    renderWithApp(<FoodsPage />, { path: '/foods', route: '/foods' });
    expect(await screen.findByRole('heading', { name: 'No custom foods yet' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'No recipes of your own yet' })).toBeInTheDocument();
  });

  it("shows the API's error detail when the lists cannot load, and retries", async () => {
    const user = userEvent.setup();
    const server = serve('metric', { foodsStatus: 503, recipesStatus: 429 });
    renderWithApp(<FoodsPage />, { path: '/foods', route: '/foods' });
    // A 503 is retried twice before the error shows; a 429 is not.
    const foodsError = await screen.findByRole('alert', { name: 'Could not load your foods' }, { timeout: 8000 });
    expect(foodsError).toHaveTextContent('The database is not answering');
    expect(await screen.findByRole('alert', { name: 'Could not load your recipes' })).toHaveTextContent('Too many requests, retry in 30 s');
    const mine = () => server.calls.filter((c) => c.path === '/api/foods' && c.search.includes('source=custom')).length;
    const before = mine();
    await user.click(within(foodsError).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(mine()).toBe(before + 1));
  });

  it('shows the first rows and the rest on demand', async () => {
    const user = userEvent.setup();
    const many = Array.from({ length: 11 }, (_, i) => ({ ...granola, id: 9200 + i, name: `Food ${String(i).padStart(2, '0')}` }));
    serve('metric', { foods: many });
    renderWithApp(<FoodsPage />, { path: '/foods', route: '/foods' });
    const mine = await screen.findByRole('region', { name: 'My foods' });
    await waitFor(() => expect(within(mine).getAllByRole('link')).toHaveLength(8));
    await user.click(within(mine).getByRole('button', { name: 'Show all 11' }));
    expect(within(mine).getAllByRole('link')).toHaveLength(11);
  });
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
    await user.click(screen.getByRole('button', { name: 'Log today' }));
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
