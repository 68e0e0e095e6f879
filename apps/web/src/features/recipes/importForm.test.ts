import { describe, expect, it } from 'vitest';
import type { DraftIngredient, RecipeDraft } from './api/recipes';
import { chooseFood, formFromDraft, importBody, lineStatus, validateImport } from './importForm';

const oats = { id: 1, name: 'Oats', source: 'usda_sr', source_id: '20038' };
const milk = { id: 2, name: 'Milk, whole', source: 'usda_sr', source_id: '01077' };
const oatMilk = { id: 3, name: 'Oat milk', source: 'usda_sr', source_id: '14639' };

const ingredient = (given: Partial<DraftIngredient> & { line: string }): DraftIngredient => ({
  quantity: null,
  unit: null,
  measure: null,
  preparation: null,
  note: null,
  flag: null,
  food: null,
  grams: null,
  confidence: 0,
  alternatives: [],
  ...given,
});

function draft(): RecipeDraft {
  return {
    name: 'Porridge',
    servings: 2,
    servings_given: true,
    found_in: 'text',
    meal_types: [],
    steps: ['Heat the milk', 'Stir in the oats'],
    total_minutes: 10,
    ingredients: [
      ingredient({ line: '1 cup rolled oats', food: oats, grams: 81.04, confidence: 0.9 }),
      ingredient({ line: '2 cups milk', food: milk, grams: 488, confidence: 0.4, alternatives: [oatMilk, milk] }),
      ingredient({ line: '1 pinch of stardust', flag: 'no food matches this line' }),
      ingredient({ line: '   ' }),
    ],
  };
}

describe('the review of an imported recipe', () => {
  it('reads the draft: grams rounded, choices without repeats, blank lines dropped', () => {
    const form = formFromDraft(draft());
    expect(form.lines.map((line) => line.grams)).toEqual([81, 488, '']);
    expect(form.lines[1].choices.map((food) => food.id)).toEqual([2, 3]);
    expect(form.steps).toBe('Heat the milk\nStir in the oats');
    expect(form.totalMinutes).toBe(10);
    expect(form.lines.map(lineStatus)).toEqual(['good', 'check', 'unmatched']);
    expect(form.lines[2].note).toBe('no food matches this line');
  });

  it('keeps the meals the page named', () => {
    expect(formFromDraft({ ...draft(), meal_types: ['dinner'] }).mealTypes).toEqual(['dinner']);
  });

  it('will not save an unmatched line, nor a recipe with no meal', () => {
    const form = formFromDraft(draft());
    const errors = validateImport(form);
    expect(errors.mealTypes).toMatch(/at least one meal/);
    expect(errors[`line-${form.lines[2].key}`]).toBe('“1 pinch of stardust” is not matched: find its food or remove it.');
    expect(errors[`line-${form.lines[0].key}`]).toBeUndefined();
  });

  it('a food the person picks is their choice; then the body carries every line in grams', () => {
    const form = formFromDraft(draft());
    const salt = { id: 9, name: 'Salt, table', source: 'usda_sr', source_id: '02047' };
    const fixed = { ...form, mealTypes: ['breakfast'], keepsDays: 2 as const, lines: [form.lines[0], chooseFood(form.lines[1], oatMilk), { ...chooseFood(form.lines[2], salt), grams: 0.4 }] };
    expect(fixed.lines.map(lineStatus)).toEqual(['good', 'chosen', 'chosen']);
    expect(fixed.lines[2].choices).toEqual([salt]);
    expect(validateImport(fixed)).toEqual({});
    expect(importBody(fixed)).toEqual({
      name: 'Porridge',
      servings: 2,
      meal_types: ['breakfast'],
      steps: ['Heat the milk', 'Stir in the oats'],
      active_minutes: null,
      total_minutes: 10,
      keeps_days: 2,
      ingredients: [
        { food_id: 1, grams: 81, note: '' },
        { food_id: 3, grams: 488, note: '' },
        { food_id: 9, grams: 0.4, note: '' },
      ],
    });
  });

  it('asks for grams when a matched line has none, and keeps hands-on time within the total', () => {
    const form = formFromDraft(draft());
    const noGrams = { ...form.lines[0], grams: '' as const };
    expect(lineStatus(noGrams)).toBe('no-grams');
    const errors = validateImport({ ...form, mealTypes: ['lunch'], activeMinutes: 30, lines: [noGrams] });
    expect(errors[`line-${noGrams.key}`]).toMatch(/enter grams/);
    expect(errors.activeMinutes).toMatch(/cannot be longer than the total/);
    expect(validateImport({ ...form, mealTypes: ['lunch'], lines: [] }).lines).toBe('Keep at least one ingredient.');
  });
});
