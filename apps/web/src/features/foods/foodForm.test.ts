import { describe, expect, it } from 'vitest';
import { emptyFoodForm, foodFormToBody, formFromFood, validateFoodForm, type FoodForm } from './foodForm';
import type { Food } from '../../lib/catalogue';

const filled = (changes: Partial<FoodForm> = {}): FoodForm => ({
  ...emptyFoodForm(),
  name: ' Granola bar ',
  nutrients: { energy_kcal: 450, protein_g: 8, fat_g: 18, carbs_g: 64 },
  ...changes,
});

describe('custom food form', () => {
  it('sends blank nutrients as null, never 0, and trims the name', () => {
    const body = foodFormToBody(filled(), 'metric');
    expect(body.name).toBe('Granola bar');
    expect(body.nutrients.energy_kcal).toBe(450);
    expect(body.nutrients.fiber_g).toBeNull();
    expect(body.nutrients.vitamin_c_mg).toBeNull();
    expect(Object.keys(body.nutrients)).toContain('choline_mg');
  });

  it('converts measure weights typed in ounces to grams', () => {
    const form = filled({ measures: [{ name: 'bar', amount: 1, weight: 1.5 }, { name: '', amount: '', weight: '' }] });
    expect(foodFormToBody(form, 'imperial').measures).toEqual([{ name: 'bar', amount: 1, grams: 42.5 }]);
    expect(foodFormToBody({ ...form, measures: [{ name: 'bar', amount: 1, weight: 40 }] }, 'metric').measures).toEqual([
      { name: 'bar', amount: 1, grams: 40 },
    ]);
  });

  it('needs a name and the energy, and rejects impossible amounts', () => {
    expect(validateFoodForm(emptyFoodForm())).toMatchObject({ name: expect.any(String), energy_kcal: expect.any(String) });
    expect(validateFoodForm(filled({ nutrients: { energy_kcal: 950 } })).energy_kcal).toMatch(/902/);
    expect(validateFoodForm(filled({ nutrients: { energy_kcal: 400, protein_g: 50, fat_g: 40, carbs_g: 30 } })).carbs_g).toMatch(/100 g/);
    expect(validateFoodForm(filled())).toEqual({});
  });

  it('checks measure rows that are partly filled, and keeps g/oz/lb for the API', () => {
    expect(validateFoodForm(filled({ measures: [{ name: 'slice', amount: 1, weight: '' }] }))['measure-0']).toMatch(/weighs/);
    expect(validateFoodForm(filled({ measures: [{ name: 'oz', amount: 1, weight: 28 }] }))['measure-0']).toMatch(/always/);
  });

  it('edits only the food own measures, in the user units', () => {
    const food = {
      id: 1,
      name: 'Bar',
      nutrients: { energy_kcal: 400, fiber_g: null },
      measures: [
        { name: 'bar', amount: 1, grams: 56.699 },
        { name: 'g', amount: 100, grams: 100 },
        { name: 'oz', amount: 1, grams: 28.349523125 },
      ],
    } as unknown as Food;
    const form = formFromFood(food, 'imperial');
    expect(form.measures).toEqual([{ name: 'bar', amount: 1, weight: 2 }]);
    expect(form.nutrients).toEqual({ energy_kcal: 400, fiber_g: '' });
  });
});

describe('custom food per serving', () => {
  it('sends the serving size with amounts per serving', () => {
    const body = foodFormToBody(filled({ servingGrams: 60, nutrients: { energy_kcal: 240, protein_g: 20 } }), 'metric');
    expect(body.serving_grams).toBe(60);
    expect(body.nutrients.energy_kcal).toBe(240);
    expect(foodFormToBody(filled(), 'metric').serving_grams).toBeUndefined();
  });

  it('checks the serving size and what it comes to per 100 g', () => {
    expect(validateFoodForm(filled({ servingGrams: '' })).servingGrams).toMatch(/serving size/);
    expect(validateFoodForm(filled({ servingGrams: -30 })).servingGrams).toBeDefined();
    // 240 kcal in 10 g is 2,400 kcal per 100 g: impossible.
    expect(validateFoodForm(filled({ servingGrams: 10, nutrients: { energy_kcal: 240 } })).energy_kcal).toMatch(/check the serving size/);
    expect(validateFoodForm(filled({ servingGrams: 60, nutrients: { energy_kcal: 240, protein_g: 20 } }))).toEqual({});
    // Per 100 g the old rule stands: 450 kcal is fine.
    expect(validateFoodForm(filled())).toEqual({});
  });
});
