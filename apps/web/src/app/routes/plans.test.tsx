import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderWithApp } from '../../test/render';
import type { Plan } from '../../features/plans/api/plans';
import { explainShortfall } from '../../features/plans/components/DayAdequacy';
import PlansPage from './plans';

function makePlan(lockedEgg = false, eggQuantity = 2): Plan {
  const egg = {
    id: 11,
    food_id: 501,
    source: 'usda_sr',
    source_id: '01123',
    name: 'Egg, whole, hard-boiled',
    quantity: eggQuantity,
    unit: 'large',
    grams: 50 * eggQuantity,
    locked: lockedEgg,
    household: `${eggQuantity} large (${50 * eggQuantity} g)`,
    nutrients: { energy_kcal: 78 * eggQuantity, protein_g: 6.3 * eggQuantity, fat_g: 5.3 * eggQuantity, carbs_g: 0.6 },
  };
  const oats = {
    id: 12,
    food_id: 900,
    source: 'recipe',
    source_id: 'overnight-oats',
    name: 'Overnight oats',
    quantity: 1,
    unit: 'serving',
    grams: 250,
    locked: false,
    household: '1 serving (250 g)',
    nutrients: { energy_kcal: 350, protein_g: 12, fat_g: 8, carbs_g: 55 },
  };
  return {
    id: 3,
    start_date: '2026-01-05',
    created_at: '2026-01-05T08:00:00Z',
    meals_per_day: 3,
    seed: 1,
    recipe_mix: 'any',
    recipe_notes: [],
    targets: {
      bmr_kcal: 1450,
      tdee_kcal: 2250,
      energy_kcal: 2000,
      method: 'Mifflin-St Jeor',
      life_stage_group: 'F 31-50',
      notes: [],
      nutrients: {
        energy_kcal: { min: 1900, max: 2100, unit: 'kcal', basis: 'goal' },
        vitamin_d_ug: { min: 15, max: 100, unit: 'µg', basis: 'RDA' },
      },
    },
    days: [
      {
        date: '2026-01-05',
        meals: [{ id: 21, slot: 'breakfast', name: 'Oats and eggs', title: 'Oats and eggs', items: [oats, egg], totals: { energy_kcal: 506, protein_g: 24.6, fat_g: 18.6, carbs_g: 56.2 } }],
        totals: { energy_kcal: 1950, vitamin_d_ug: 6 },
        cooking_minutes: 15,
        shortfalls: [{ nutrient: 'vitamin_d_ug', amount: 6, target: 15, unit: 'µg', suggestion: 'Add oily fish or fortified milk.' }],
        // As the API sends every plan day: the statuses are the server's.
        panel: {
          close_share: 0.9,
          in_progress: false,
          tolerance: 'Close means at least 90% of a minimum; below that it is low. Over means above a limit.',
          headline: { status: 'low', counts: { met: 1, low: 1 }, text: '1 low: Vitamin D.' },
          rows: [
            { key: 'energy_kcal', name: 'Energy', amount: 1950, unit: 'kcal', goal: 2000, min: 1900, max: 2100, basis: 'goal', percent: 97.5, status: 'met' },
            { key: 'vitamin_d_ug', name: 'Vitamin D', amount: 6, unit: 'µg', goal: 15, min: 15, max: 100, basis: 'RDA', percent: 40, status: 'low' },
          ],
        },
        notes: [],
      },
    ],
  } as Plan;
}

describe('plan view', () => {
  it('shows household portions, links recipes and explains shortfalls', async () => {
    fakeApi((call) => (call.path === '/api/plans/3' ? { body: makePlan() } : call.path === '/api/profile' ? { body: { units: 'imperial' } } : undefined));
    renderWithApp(<PlansPage />, { path: '/plans/:planId', route: '/plans/3' });
    const meal = await screen.findByRole('region', { name: 'Breakfast: Oats and eggs' });
    expect(within(meal).getByRole('link', { name: 'Overnight oats' })).toHaveAttribute('href', '/plans/recipes/900');
    expect(await within(meal).findByText(/2 large \(3\.5 oz\)/)).toBeInTheDocument();
    expect(
      screen.getByText('Vitamin D: 6.0 µg of the 15 µg target (RDA), 40%. Add oily fish or fortified milk.'),
    ).toBeInTheDocument();
  });

  it('locks an item, changes its quantity and regenerates the meal through the API', async () => {
    const user = userEvent.setup();
    const server = fakeApi((call) => {
      if (call.path === '/api/plans/3') return { body: makePlan() };
      if (call.path === '/api/plans/3/items/11' && call.method === 'PATCH') {
        const body = call.body as { locked?: boolean; quantity?: number };
        return { body: makePlan(body.locked ?? false, body.quantity ?? 2) };
      }
      if (call.path === '/api/plans/3/meals/21/regenerate') return { body: makePlan(true) };
      if (call.path === '/api/profile') return { body: { units: 'metric' } };
      return undefined;
    });
    renderWithApp(<PlansPage />, { path: '/plans/:planId', route: '/plans/3' });
    await user.click(await screen.findByRole('button', { name: 'Lock Egg, whole, hard-boiled' }));
    expect(await screen.findByRole('button', { name: 'Unlock Egg, whole, hard-boiled' })).toHaveAttribute('aria-pressed', 'true');

    await user.click(screen.getByRole('button', { name: 'Change amount of Egg, whole, hard-boiled' }));
    const quantity = await screen.findByRole('textbox', { name: 'Quantity (large)' });
    await user.clear(quantity);
    await user.type(quantity, '3');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText(/3 large \(150 g\)/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Regenerate breakfast' }));
    await expect.poll(() => server.calls.some((call) => call.path === '/api/plans/3/meals/21/regenerate')).toBe(true);
    const patches = server.calls.filter((call) => call.method === 'PATCH').map((call) => call.body);
    expect(patches).toEqual([{ locked: true }, { quantity: 3 }]);
  });
});

describe('generating a plan', () => {
  it('sends one Idempotency-Key per set of answers, so a repeated Generate cannot add a copy', async () => {
    const user = userEvent.setup();
    const server = fakeApi((call) => {
      if (call.path === '/api/plans' && call.method === 'GET') return { body: { items: [], total: 0 } };
      if (call.path === '/api/plans' && call.method === 'POST') return { status: 503, body: { detail: 'Busy, try again' } };
      if (call.path === '/api/profile') return { body: { units: 'metric', meals_per_day: 3 } };
      return undefined;
    });
    renderWithApp(<PlansPage />, { path: '/plans', route: '/plans' });
    const generate = await screen.findByRole('button', { name: 'Generate plan' });
    await user.click(generate);
    await expect.poll(() => server.calls.filter((call) => call.method === 'POST').length).toBe(1);
    await user.click(await screen.findByRole('button', { name: 'Generate plan' }));
    await expect.poll(() => server.calls.filter((call) => call.method === 'POST').length).toBe(2);
    const days = screen.getByRole('textbox', { name: 'Number of days' });
    await user.clear(days);
    await user.type(days, '3');
    await user.click(screen.getByRole('button', { name: 'Generate plan' }));
    await expect.poll(() => server.calls.filter((call) => call.method === 'POST').length).toBe(3);
    const keys = server.calls.filter((call) => call.method === 'POST').map((call) => call.headers['idempotency-key']);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });
});

describe('recipes in plans', () => {
  it('asks for "only mine" and says what the mix could not do', async () => {
    const user = userEvent.setup();
    const made = { ...makePlan(), recipe_mix: 'only_mine', recipe_notes: ['Breakfast used the catalogue: none of your recipes is for breakfast.'] } as Plan;
    const server = fakeApi((call) => {
      if (call.path === '/api/plans' && call.method === 'GET') return { body: { items: [], total: 0 } };
      if (call.path === '/api/plans' && call.method === 'POST') return { status: 201, body: made };
      if (call.path === '/api/plans/3') return { body: made };
      if (call.path === '/api/profile') return { body: { units: 'metric', meals_per_day: 3 } };
      return undefined;
    });
    renderWithApp(<PlansPage />, { path: '/plans', route: '/plans', extraRoutes: [{ path: '/plans/:planId', element: <PlansPage /> }] });
    const mix = await screen.findByRole('combobox', { name: /Recipes/ });
    expect(mix).toHaveValue('any');
    await user.selectOptions(mix, 'only_mine');
    expect(screen.getByText('Yours; the catalogue’s only for a meal none of yours fits')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Generate plan' }));
    await expect.poll(() => server.calls.find((call) => call.method === 'POST')?.body).toMatchObject({ recipe_mix: 'only_mine' });
    // The plan view replaces the form once the API answers (slow on a loaded machine).
    expect(await screen.findByText('Breakfast used the catalogue: none of your recipes is for breakfast.', {}, { timeout: 8000 })).toBeInTheDocument();
    expect(screen.getByText(/only your recipes/)).toBeInTheDocument();
  });

  it('marks the meal card’s recipe a favourite from the plan', async () => {
    const user = userEvent.setup();
    const recipe = { id: 900, name: 'Overnight oats', preference: null, diets: [], allergens: [], ingredients: [], nutrients_per_serving: {} };
    const server = fakeApi((call) => {
      if (call.path === '/api/plans/3') return { body: makePlan() };
      if (call.path === '/api/recipes/900' && call.method === 'GET') return { body: recipe };
      if (call.path === '/api/recipes/900/preference' && call.method === 'PUT') return { body: { ...recipe, ...(call.body as object) } };
      if (call.path === '/api/profile') return { body: { units: 'metric' } };
      return undefined;
    });
    renderWithApp(<PlansPage />, { path: '/plans/:planId', route: '/plans/3' });
    const meal = await screen.findByRole('region', { name: 'Breakfast: Oats and eggs' });
    // The recipe loads only when its preference is opened.
    expect(server.calls.some((call) => call.path === '/api/recipes/900')).toBe(false);
    await user.click(within(meal).getByRole('button', { name: 'Preference for Overnight oats' }));
    const choices = await screen.findByRole('radiogroup', { name: 'Your preference for Overnight oats' });
    expect(within(choices).getByRole('radio', { name: 'No preference' })).toBeChecked();
    await user.click(within(choices).getByRole('radio', { name: 'Favourite' }));
    await expect.poll(() => server.calls.find((call) => call.method === 'PUT')?.body).toEqual({ preference: 'favourite' });
    expect(await screen.findByText('Planned more often.')).toBeInTheDocument();
    expect(within(choices).getByRole('radio', { name: 'Favourite' })).toBeChecked();
  });
});

describe('plan day in the URL', () => {
  function twoDays(): Plan {
    const plan = makePlan();
    const second = { ...plan.days[0], date: '2026-01-06', meals: [{ ...plan.days[0].meals[0], id: 22, name: 'Second-day oats' }] };
    return { ...plan, days: [plan.days[0], second] } as Plan;
  }

  it('opens the day named in ?day= and keeps the chosen day in the URL', async () => {
    const user = userEvent.setup();
    fakeApi((call) => (call.path === '/api/plans/3' ? { body: twoDays() } : call.path === '/api/profile' ? { body: { units: 'metric' } } : undefined));
    const { router } = renderWithApp(<PlansPage />, { path: '/plans/:planId', route: '/plans/3?day=2026-01-06' });
    expect(await screen.findByRole('region', { name: 'Breakfast: Second-day oats' })).toBeInTheDocument();
    const tabs = screen.getAllByRole('tab');
    expect(tabs[1]).toHaveAttribute('aria-selected', 'true');
    await user.click(tabs[0]);
    expect(await screen.findByRole('region', { name: 'Breakfast: Oats and eggs' })).toBeInTheDocument();
    expect(new URLSearchParams(router.state.location.search).get('day')).toBe('2026-01-05');
  });
});

describe('explainShortfall', () => {
  it('falls back to the nutrient unit and omits a missing suggestion', () => {
    expect(explainShortfall({ nutrient: 'fiber_g', amount: 20, target: 25 })).toBe('Fibre: 20 g of the 25 g target, 80%.');
  });
});
