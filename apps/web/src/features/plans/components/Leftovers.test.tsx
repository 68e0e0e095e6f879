import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderWithApp } from '../../../test/render';
import type { Plan, PlanMeal } from '../api/plans';
import { CookingSessions } from './CookingSessions';
import { MealCard } from './MealCard';

const chili = {
  id: 7,
  food_id: 900,
  source: 'recipe',
  source_id: 'black-bean-chili',
  name: 'Black bean chili',
  quantity: 1.5,
  unit: 'serving',
  grams: 450,
  locked: false,
  household: '1½ servings (450 g)',
  nutrients: { energy_kcal: 520, protein_g: 28, fat_g: 12, carbs_g: 70 },
};

describe('planned leftovers', () => {
  it('says which meal cooked the batch', async () => {
    fakeApi((call) => (call.path === '/api/profile' ? { body: { units: 'metric' } } : undefined));
    const meal = {
      id: 31,
      slot: 'lunch',
      name: 'Black bean chili',
      title: 'Black bean chili',
      items: [{ ...chili, leftover_of: { date: '2026-01-05', slot: 'dinner', meal_id: 23 } }],
      totals: { energy_kcal: 520, protein_g: 28, fat_g: 12, carbs_g: 70 },
    } as PlanMeal;
    renderWithApp(<MealCard meal={meal} />);
    expect(await screen.findByText("Leftovers from Monday's dinner")).toBeInTheDocument();
  });

  it('lists the week of cooking with the meals each batch feeds', async () => {
    fakeApi((call) => (call.path === '/api/profile' ? { body: { units: 'metric' } } : undefined));
    const plan = {
      cooking_sessions: [
        {
          date: '2026-01-05',
          sessions: 1,
          active_minutes: 20,
          dishes: [
            {
              meal_id: 23,
              slot: 'dinner',
              name: 'Black bean chili',
              active_minutes: 20,
              total_minutes: 45,
              servings: 3,
              leftovers_for: [{ date: '2026-01-06', slot: 'lunch', meal_id: 31 }],
            },
          ],
        },
        { date: '2026-01-06', sessions: 0, active_minutes: 0, dishes: [] },
      ],
    } as unknown as Plan;
    renderWithApp(<CookingSessions plan={plan} />);
    expect(await screen.findByText(/1 session this plan, 20 active minutes/)).toBeInTheDocument();
    expect(screen.getByText(/Dinner: Black bean chili \(20 min, 3 servings; also for Tue lunch\)/)).toBeInTheDocument();
    expect(screen.getByText('Nothing to cook: leftovers and ready foods')).toBeInTheDocument();
  });
});
