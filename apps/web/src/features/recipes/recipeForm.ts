/** The recipe builder's form, its checks, the API body, and the live nutrition preview per serving. */
import { NUTRIENT_ORDER } from '../../lib/nutrients';
import { gToOz, type Units } from '../../lib/units';
import { gramsFor, type Measure } from '../../lib/measures';
import type { Recipe } from '../../lib/catalogue';
import type { RecipeCreate } from './api/recipes';

export const MEAL_TYPES = ['breakfast', 'lunch', 'dinner', 'snack'] as const;

export interface IngredientRow {
  /** Stable across reorders and removals, for React keys. */
  key: string;
  foodId: number;
  name: string;
  quantity: number | '';
  measureName: string;
}

export interface RecipeForm {
  name: string;
  servings: number | '';
  prepMinutes: number | '';
  mealTypes: string[];
  tags: string;
  steps: string;
  ingredients: IngredientRow[];
}

export const emptyRecipeForm = (): RecipeForm => ({
  name: '',
  servings: 1,
  prepMinutes: '',
  mealTypes: [],
  tags: '',
  steps: '',
  ingredients: [],
});

let rowCounter = 0;
export const newRowKey = (): string => `row-${++rowCounter}`;

/** The API keeps ingredients in grams; show them back in the user's mass unit. */
export function formFromRecipe(recipe: Recipe, units: Units): RecipeForm {
  return {
    name: recipe.name,
    servings: recipe.servings,
    prepMinutes: recipe.prep_minutes ?? '',
    mealTypes: [...recipe.meal_types],
    tags: recipe.tags.join(', '),
    steps: recipe.steps.join('\n'),
    ingredients: recipe.ingredients.map((ingredient) => ({
      key: newRowKey(),
      foodId: ingredient.food_id,
      name: ingredient.name,
      quantity: units === 'imperial' ? Math.round(gToOz(ingredient.grams) * 100) / 100 : Math.round(ingredient.grams * 10) / 10,
      measureName: units === 'imperial' ? 'oz' : 'g',
    })),
  };
}

/** The same form without row keys, to tell whether anything changed since the last save. */
export function formSignature(form: RecipeForm): string {
  return JSON.stringify({ ...form, ingredients: form.ingredients.map(({ key: _key, ...rest }) => rest) });
}

export type RecipeFormErrors = Partial<Record<string, string>>;

export function validateRecipeForm(form: RecipeForm): RecipeFormErrors {
  const errors: RecipeFormErrors = {};
  if (!form.name.trim()) errors.name = 'Give the recipe a name.';
  if (form.servings === '' || form.servings <= 0 || form.servings > 100) errors.servings = 'Servings must be more than 0 and at most 100.';
  if (form.prepMinutes !== '' && (form.prepMinutes < 0 || form.prepMinutes > 1440)) errors.prepMinutes = 'At most 1440 minutes.';
  if (form.ingredients.length === 0) errors.ingredients = 'Add at least one ingredient.';
  form.ingredients.forEach((row) => {
    if (row.quantity === '' || row.quantity <= 0) errors[`ingredient-${row.key}`] = 'Enter an amount';
  });
  return errors;
}

export function toRecipeBody(form: RecipeForm): RecipeCreate {
  return {
    name: form.name.trim(),
    servings: Number(form.servings),
    prep_minutes: form.prepMinutes === '' ? null : form.prepMinutes,
    meal_types: form.mealTypes,
    tags: form.tags
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
    steps: form.steps
      .split('\n')
      .map((step) => step.trim())
      .filter(Boolean),
    ingredients: form.ingredients.map((row) => ({ food_id: row.foodId, quantity: Number(row.quantity), unit: row.measureName, note: '' })),
  };
}

export interface FoodFacts {
  nutrients: Record<string, number | null>;
  measures: Measure[];
}

export type Preview =
  | { status: 'ready'; perServing: Record<string, number | null>; gramsPerServing: number }
  | { status: 'loading' }
  | { status: 'incomplete' };

/**
 * Nutrients per serving computed in the browser before saving, the way the API computes them: a total is
 * null only when no ingredient knows it (a missing value in one ingredient counts as 0).
 */
export function previewPerServing(form: RecipeForm, foods: Map<number, FoodFacts>): Preview {
  if (form.servings === '' || form.servings <= 0 || form.ingredients.length === 0) return { status: 'incomplete' };
  const parts: { nutrients: Record<string, number | null>; grams: number }[] = [];
  for (const row of form.ingredients) {
    const food = foods.get(row.foodId);
    if (!food) return { status: 'loading' };
    const grams = gramsFor(row.quantity, food.measures.find((measure) => measure.name === row.measureName));
    if (grams === null) return { status: 'incomplete' };
    parts.push({ nutrients: food.nutrients, grams });
  }
  const perServing: Record<string, number | null> = {};
  for (const key of NUTRIENT_ORDER) {
    const known = parts.filter((part) => part.nutrients[key] != null);
    perServing[key] = known.length
      ? known.reduce((sum, part) => sum + ((part.nutrients[key] ?? 0) * part.grams) / 100, 0) / form.servings
      : null;
  }
  return { status: 'ready', perServing, gramsPerServing: parts.reduce((sum, part) => sum + part.grams, 0) / form.servings };
}
