import { describe, expect, it } from 'vitest';
import { dateFromParam, energyLeft, entryAmountLabel, groupBySlot, slotForHour, sumNutrients } from './diary';

const entry = (slot: string, energy: number | null, fiber: number | null = null) => ({
  slot,
  grams: 100,
  quantity: 100,
  unit: 'g',
  nutrients: { energy_kcal: energy, fiber_g: fiber },
});

describe('diary helpers', () => {
  it('groups entries by meal in the order of the day', () => {
    const groups = groupBySlot([entry('dinner', 500), entry('breakfast', 300), entry('dinner', 100)]);
    expect(groups.breakfast).toHaveLength(1);
    expect(groups.dinner.map((e) => e.nutrients.energy_kcal)).toEqual([500, 100]);
    expect(groups.lunch).toEqual([]);
  });

  it('sums the known values like the API, null only when no entry knows the nutrient', () => {
    const totals = sumNutrients([entry('lunch', 320.5, null), entry('lunch', 105.02, 3.1), entry('lunch', null)], [
      'energy_kcal',
      'fiber_g',
      'vitamin_d_ug',
    ]);
    expect(totals.energy_kcal).toBeCloseTo(425.52, 5);
    expect(totals.fiber_g).toBe(3.1);
    expect(totals.vitamin_d_ug).toBeNull();
  });

  it('shows what was eaten in the user units', () => {
    expect(entryAmountLabel({ grams: 150, quantity: 150, unit: 'g' }, 'metric')).toBe('150 g');
    expect(entryAmountLabel({ grams: 150, quantity: 150, unit: 'g' }, 'imperial')).toBe('5.3 oz');
    expect(entryAmountLabel({ grams: 236, quantity: 2, unit: 'medium' }, 'imperial')).toBe('2 medium (8.3 oz)');
    expect(entryAmountLabel({ grams: 392, quantity: 1.333333, unit: 'serving' }, 'metric')).toBe('1.33 serving (392 g)');
  });

  it('reads the date from the URL only when it is a real date', () => {
    expect(dateFromParam('2026-02-28', 'today')).toBe('2026-02-28');
    expect(dateFromParam('2026-02-30', 'today')).toBe('today');
    expect(dateFromParam('yesterday', 'today')).toBe('today');
    expect(dateFromParam(null, 'today')).toBe('today');
  });

  it('says how much energy is left against the target', () => {
    expect(energyLeft(1500, 2000)).toBe(500);
    expect(energyLeft(null, 2000)).toBe(2000);
    expect(energyLeft(2100, 2000)).toBe(-100);
    expect(energyLeft(100, null)).toBeNull();
  });

  it('guesses the meal from the hour', () => {
    expect([7, 12, 16, 19, 23].map(slotForHour)).toEqual(['breakfast', 'lunch', 'snack', 'dinner', 'snack']);
  });
});
