import { describe, expect, it } from 'vitest';
import { dayEffect } from './components/SwapMeal';
import type { Alternative } from './api/plans';

const alternative = (energy: number, shortfalls: string[]): Alternative => ({
  source: 'recipe',
  source_id: 'lentil-soup',
  food_id: 1,
  name: 'Lentil soup',
  servings: 1,
  grams: 350,
  nutrients: { energy_kcal: 420, protein_g: 22 },
  day_totals: { energy_kcal: energy, protein_g: 80 },
  day_shortfalls: shortfalls,
  score: 0.4,
});

describe('swap alternatives', () => {
  it('says how the day ends up: on target, over or under, and its shortfalls', () => {
    expect(dayEffect(alternative(1990, []), 2000)).toBe('Day 1990 kcal (on target) · no shortfalls');
    expect(dayEffect(alternative(2300, ['fiber_g']), 2000)).toBe('Day 2300 kcal (300 kcal over) · 1 shortfall');
    expect(dayEffect(alternative(1500, ['fiber_g', 'iron_mg']), 2000)).toBe('Day 1500 kcal (500 kcal under) · 2 shortfalls');
  });
});
