import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderWithApp, type FakeCall } from '../../test/render';
import DiaryPage from './diary';

const DAY = '2026-03-02';

function log(id: number, slot: string, name: string, energy: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    date: DAY,
    slot,
    food_id: 100 + id,
    food_name: name,
    grams: 118,
    quantity: 1,
    unit: 'medium',
    plan_meal_id: null,
    created_at: `${DAY}T08:00:00Z`,
    nutrients: { energy_kcal: energy, protein_g: 1.3, fat_g: 0.4, carbs_g: 27, fiber_g: 3.1 },
    ...extra,
  };
}

const targets = {
  energy_kcal: 2000,
  nutrients: {
    energy_kcal: { min: 1900, max: 2100, unit: 'kcal', basis: 'goal' },
    protein_g: { min: 50, max: 175, unit: 'g', basis: 'AMDR' },
  },
};

const banana = {
  id: 2607,
  name: 'Bananas, raw',
  group: 'Fruits and Fruit Juices',
  group_code: '09',
  source: 'usda_sr',
  source_id: '09040',
  source_release: null,
  owner_id: null,
  nutrients: { energy_kcal: 89, protein_g: 1.09 },
  measures: [
    { name: 'medium (7" to 7-7/8" long)', amount: 1, grams: 118 },
    { name: 'g', amount: 100, grams: 100 },
    { name: 'oz', amount: 1, grams: 28.349523125 },
    { name: 'lb', amount: 1, grams: 453.59237 },
  ],
};

function serve({ units = 'metric', plans = [] as unknown[], plan = null as unknown } = {}) {
  let entries = [log(1, 'breakfast', 'Oatmeal', 300.4), log(2, 'lunch', 'Lentil soup', 250.3), log(3, 'breakfast', 'Coffee', 2)];
  const server = fakeApi((call: FakeCall) => {
    if (call.path === '/api/profile') return { body: { units } };
    if (call.path === `/api/diary/${DAY}`) {
      const energy = entries.reduce((sum, e) => sum + e.nutrients.energy_kcal, 0);
      return { body: { date: DAY, entries, totals: { energy_kcal: energy, protein_g: 3.9, fat_g: 1.2, carbs_g: 81, fiber_g: 9.3 }, targets, remaining: {} } };
    }
    if (call.path.startsWith('/api/diary/')) {
      return { body: { date: call.path.slice(11), entries: [], totals: { energy_kcal: null }, targets, remaining: {} } };
    }
    if (call.method === 'DELETE' && call.path.startsWith('/api/meal-logs/')) {
      const id = Number(call.path.split('/').pop());
      entries = entries.filter((e) => e.id !== id);
      return { status: 204 };
    }
    if (call.method === 'PATCH' && call.path.startsWith('/api/meal-logs/')) {
      const id = Number(call.path.split('/').pop());
      const body = call.body as { quantity: number; slot: string };
      entries = entries.map((e) =>
        e.id === id ? { ...e, quantity: body.quantity, slot: body.slot, grams: 118 * body.quantity, nutrients: { ...e.nutrients, energy_kcal: e.nutrients.energy_kcal * body.quantity } } : e,
      );
      return { body: entries.find((e) => e.id === id) };
    }
    if (call.path === '/api/plans') return { body: { items: plans, total: plans.length } };
    if (call.path === '/api/plans/7') return { body: plan };
    if (call.path === '/api/foods' && call.method === 'GET') {
      return { body: { items: [{ id: 2607, name: 'Bananas, raw', group: 'Fruits', source: 'usda_sr', source_id: '09040', energy_kcal: 89, protein_g: 1.09, fat_g: 0.33, carbs_g: 22.84 }], total: 1 } };
    }
    if (call.path === '/api/foods/2607') return { body: banana };
    if (call.path === '/api/meal-logs' && call.method === 'POST') {
      const body = call.body as { slot?: string; plan_meal_id?: number };
      const added = log(9, body.slot ?? 'dinner', body.plan_meal_id ? 'Planned chili' : 'Bananas, raw', 105, { plan_meal_id: body.plan_meal_id ?? null });
      entries = [...entries, added];
      return { status: 201, body: { items: [added], total: 1 } };
    }
    return undefined;
  });
  return server;
}

describe('DiaryPage', () => {
  it('lists the entries by meal with subtotals and the day totals against the target', async () => {
    serve();
    renderWithApp(<DiaryPage />, { path: '/diary', route: `/diary?date=${DAY}` });
    expect(await screen.findByRole('heading', { name: 'Diary', level: 1 })).toBeInTheDocument();
    const breakfast = await screen.findByRole('region', { name: 'Breakfast' });
    expect(within(breakfast).getByText('Oatmeal')).toBeInTheDocument();
    expect(within(breakfast).getByText('Coffee')).toBeInTheDocument();
    expect(within(breakfast).getByTestId('slot-total-breakfast')).toHaveTextContent('302 kcal');
    expect(within(screen.getByRole('region', { name: 'Lunch' })).getByText('Lentil soup')).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: 'Dinner' })).getByText('Nothing logged.')).toBeInTheDocument();
    expect(screen.getByTestId('diary-total-energy_kcal')).toHaveTextContent('553 kcal');
    expect(screen.getByTestId('diary-energy-left')).toHaveTextContent('1447 kcal left of your 2000 kcal target');
  });

  it('deletes an entry and shows the new totals', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<DiaryPage />, { path: '/diary', route: `/diary?date=${DAY}` });
    await user.click(await screen.findByRole('button', { name: 'Delete Lentil soup' }));
    await waitFor(() => expect(screen.queryByText('Lentil soup')).not.toBeInTheDocument());
    expect(server.calls.some((c) => c.method === 'DELETE' && c.path === '/api/meal-logs/2')).toBe(true);
    await waitFor(() => expect(screen.getByTestId('diary-total-energy_kcal')).toHaveTextContent('302 kcal'));
  });

  it('changes the amount and the meal of an entry', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<DiaryPage />, { path: '/diary', route: `/diary?date=${DAY}` });
    await user.click(await screen.findByRole('button', { name: 'Edit Lentil soup' }));
    const form = screen.getByRole('form', { name: 'Edit Lentil soup' });
    const quantity = within(form).getByRole('textbox', { name: 'Quantity (medium)' });
    await user.clear(quantity);
    await user.type(quantity, '2');
    await user.selectOptions(within(form).getByLabelText('Meal'), 'dinner');
    await user.click(within(form).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(server.calls.find((c) => c.method === 'PATCH')).toMatchObject({ path: '/api/meal-logs/2', body: { quantity: 2, unit: 'medium', slot: 'dinner' } });
    const dinner = screen.getByRole('region', { name: 'Dinner' });
    expect(await within(dinner).findByText('Lentil soup')).toBeInTheDocument();
    expect(within(dinner).getByText(/2 medium \(236 g\)/)).toBeInTheDocument();
  });

  it('moves to the previous and next day through the URL', async () => {
    const user = userEvent.setup();
    const server = serve();
    const { router } = renderWithApp(<DiaryPage />, { path: '/diary', route: `/diary?date=${DAY}` });
    await screen.findByText('Oatmeal');
    await user.click(screen.getByRole('button', { name: 'Previous day' }));
    expect(router.state.location.search).toBe('?date=2026-03-01');
    expect(await screen.findByText('Nothing logged on this day')).toBeInTheDocument();
    expect(server.calls.some((c) => c.path === '/api/diary/2026-03-01')).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Next day' }));
    expect(await screen.findByText('Oatmeal')).toBeInTheDocument();
  });

  it('adds a food by search with a household measure', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<DiaryPage />, { path: '/diary', route: `/diary?date=${DAY}` });
    await screen.findByText('Oatmeal');
    await user.selectOptions(within(screen.getByRole('region', { name: 'Add food' })).getByLabelText('Meal'), 'dinner');
    await user.type(screen.getByLabelText('Search foods'), 'banana');
    await user.click(await screen.findByRole('button', { name: 'Bananas, raw' }));
    await user.selectOptions(await screen.findByLabelText('Measure'), 'medium (7" to 7-7/8" long)');
    expect(screen.getByRole('textbox', { name: /Quantity/ })).toHaveValue('1');
    expect(screen.getByTestId('portion-grams')).toHaveTextContent('= 118 g');
    await user.click(screen.getByRole('button', { name: 'Log' }));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST' && c.path === '/api/meal-logs')).toBe(true));
    const post = server.calls.find((c) => c.method === 'POST' && c.path === '/api/meal-logs');
    expect(post?.body).toEqual({ date: DAY, slot: 'dinner', food_id: 2607, quantity: 1, unit: 'medium (7" to 7-7/8" long)' });
    expect(await within(screen.getByRole('region', { name: 'Dinner' })).findByText('Bananas, raw')).toBeInTheDocument();
  });

  it('logs a planned meal of the day and marks it logged', async () => {
    const user = userEvent.setup();
    const plan = {
      id: 7,
      start_date: '2026-03-01',
      created_at: '2026-02-28T10:00:00Z',
      meals_per_day: 3,
      seed: 1,
      targets: {},
      days: [
        { date: '2026-03-01', meals: [], totals: {}, shortfalls: [], notes: [] },
        {
          date: DAY,
          meals: [{ id: 55, slot: 'dinner', name: 'Chili', items: [], totals: { energy_kcal: 640 } }],
          totals: {},
          shortfalls: [],
          notes: [],
        },
      ],
    };
    const server = serve({ plans: [{ id: 7, start_date: '2026-03-01', days: 3, meals_per_day: 3, created_at: '2026-02-28T10:00:00Z' }], plan });
    renderWithApp(<DiaryPage />, { path: '/diary', route: `/diary?date=${DAY}` });
    await user.click(await screen.findByRole('button', { name: 'Log dinner: Chili' }));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST' && (c.body as { plan_meal_id?: number })?.plan_meal_id === 55)).toBe(true));
    expect(await screen.findByText('Logged')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Log dinner: Chili' })).not.toBeInTheDocument();
  });

  it('shows the API error detail when the day cannot be loaded', async () => {
    fakeApi((call) => (call.path.startsWith('/api/diary/') ? { status: 422, body: { detail: 'day: date out of range' } } : { body: { items: [], total: 0 } }));
    renderWithApp(<DiaryPage />, { path: '/diary', route: `/diary?date=${DAY}` });
    expect(await screen.findByText('day: date out of range')).toBeInTheDocument();
  });
});
