import { describe, expect, it } from 'vitest';
import { emptyRecipeForm, formFromRecipe, formSignature, previewPerServing, toRecipeBody, validateRecipeForm, type FoodFacts, type RecipeForm } from './recipeForm';
import type { Recipe } from '../../lib/catalogue';

const MASS = [
  { name: 'g', amount: 100, grams: 100 },
  { name: 'oz', amount: 1, grams: 28.349523125 },
];
const foods = new Map<number, FoodFacts>([
  [1, { nutrients: { energy_kcal: 379, protein_g: 13.2, vitamin_d_ug: null }, measures: [{ name: 'cup', amount: 1, grams: 81 }, ...MASS] }],
  [2, { nutrients: { energy_kcal: 89, protein_g: 1.09, vitamin_d_ug: null }, measures: [{ name: 'medium', amount: 1, grams: 118 }, ...MASS] }],
]);

const form = (changes: Partial<RecipeForm> = {}): RecipeForm => ({
  ...emptyRecipeForm(),
  name: 'Oats and banana',
  servings: 2,
  ingredients: [
    { key: 'a', foodId: 1, name: 'Oats', quantity: 1, measureName: 'cup' },
    { key: 'b', foodId: 2, name: 'Banana', quantity: 1, measureName: 'medium' },
  ],
  ...changes,
});

describe('recipe nutrition preview', () => {
  it('adds the ingredients and divides by the servings', () => {
    const preview = previewPerServing(form(), foods);
    expect(preview.status).toBe('ready');
    if (preview.status !== 'ready') return;
    // (379 × 0.81 + 89 × 1.18) / 2 = (306.99 + 105.02) / 2
    expect(preview.perServing.energy_kcal).toBeCloseTo(206.005, 3);
    expect(preview.perServing.protein_g).toBeCloseTo((13.2 * 0.81 + 1.09 * 1.18) / 2, 6);
    expect(preview.perServing.vitamin_d_ug).toBeNull();
    expect(preview.gramsPerServing).toBeCloseTo(99.5, 6);
  });

  it('follows a change of servings or quantity at once', () => {
    const one = previewPerServing(form({ servings: 1 }), foods);
    const more = previewPerServing(
      form({ ingredients: [{ key: 'a', foodId: 1, name: 'Oats', quantity: 50, measureName: 'g' }] }),
      foods,
    );
    expect(one.status === 'ready' && one.perServing.energy_kcal).toBeCloseTo(412.01, 2);
    expect(more.status === 'ready' && more.perServing.energy_kcal).toBeCloseTo(94.75, 2);
  });

  it('waits for food details and for complete amounts', () => {
    expect(previewPerServing(form({ ingredients: [{ key: 'c', foodId: 3, name: 'X', quantity: 1, measureName: 'g' }] }), foods).status).toBe('loading');
    expect(previewPerServing(form({ servings: '' }), foods).status).toBe('incomplete');
    expect(previewPerServing(form({ ingredients: [{ key: 'a', foodId: 1, name: 'Oats', quantity: '', measureName: 'g' }] }), foods).status).toBe(
      'incomplete',
    );
  });
});

describe('recipe form', () => {
  it('builds the API body with quantity and unit per ingredient', () => {
    const body = toRecipeBody(form({ steps: 'Soak the oats\n\n Slice the banana ', tags: 'quick, , breakfast', prepMinutes: 5 }));
    expect(body).toEqual({
      name: 'Oats and banana',
      servings: 2,
      prep_minutes: 5,
      meal_types: [],
      tags: ['quick', 'breakfast'],
      steps: ['Soak the oats', 'Slice the banana'],
      ingredients: [
        { food_id: 1, quantity: 1, unit: 'cup', note: '' },
        { food_id: 2, quantity: 1, unit: 'medium', note: '' },
      ],
    });
  });

  it('requires a name, servings and ingredients with amounts', () => {
    const errors = validateRecipeForm({ ...emptyRecipeForm(), servings: 0 });
    expect(Object.keys(errors).sort()).toEqual(['ingredients', 'name', 'servings']);
    expect(validateRecipeForm(form({ ingredients: [{ key: 'z', foodId: 1, name: 'Oats', quantity: 0, measureName: 'g' }] }))).toHaveProperty(
      'ingredient-z',
    );
  });

  it('shows saved ingredients in the user mass unit and notices changes', () => {
    const recipe = {
      id: 9,
      name: 'Porridge',
      servings: 2,
      prep_minutes: null,
      meal_types: ['breakfast'],
      tags: [],
      steps: ['Cook'],
      ingredients: [{ food_id: 1, name: 'Oats', grams: 80, source: 'usda_sr', source_id: '08120', note: '' }],
    } as unknown as Recipe;
    const imperial = formFromRecipe(recipe, 'imperial');
    expect(imperial.ingredients[0]).toMatchObject({ quantity: 2.82, measureName: 'oz' });
    const metric = formFromRecipe(recipe, 'metric');
    expect(metric.ingredients[0]).toMatchObject({ quantity: 80, measureName: 'g' });
    expect(formSignature(metric)).toBe(formSignature(formFromRecipe(recipe, 'metric')));
    expect(formSignature({ ...metric, servings: 3 })).not.toBe(formSignature(metric));
  });
});
