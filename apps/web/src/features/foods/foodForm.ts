/** The custom food form: values as typed (per 100 g, measures in the user's units) and the API body. */
import { NUTRIENT_ORDER } from '../../lib/nutrients';
import { gToOz, ozToG, type Units } from '../../lib/units';
import type { Food, FoodCreate } from '../../lib/catalogue';

/** The nutrients every label has; the rest sit behind "More nutrients". */
export const MAIN_NUTRIENTS = ['energy_kcal', 'protein_g', 'fat_g', 'carbs_g', 'fiber_g', 'sugars_g', 'saturated_fat_g', 'sodium_mg'];
export const OTHER_NUTRIENTS = NUTRIENT_ORDER.filter((key) => !MAIN_NUTRIENTS.includes(key));

export interface MeasureRow {
  name: string;
  amount: number | '';
  /** Grams in metric, ounces in imperial. */
  weight: number | '';
}

export interface FoodForm {
  name: string;
  /** Empty means "not known": sent as null, never as 0. */
  nutrients: Record<string, number | ''>;
  measures: MeasureRow[];
  /** New foods only: the label's serving size in grams when the amounts are per serving (else per 100 g). */
  servingGrams?: number | '' | null;
}

/** Whether the amounts are per serving (a serving size is being entered). */
export const perServing = (form: FoodForm): boolean => form.servingGrams !== undefined && form.servingGrams !== null;

/** What one typed amount is worth per 100 g (1 when typed per 100 g; null while the serving size is missing). */
export function per100gFactor(form: FoodForm): number | null {
  if (!perServing(form)) return 1;
  const grams = form.servingGrams;
  return typeof grams === 'number' && grams > 0 ? 100 / grams : null;
}

export const emptyFoodForm = (): FoodForm => ({ name: '', nutrients: {}, measures: [] });

const MASS_UNITS = new Set(['g', 'oz', 'lb', 'kg']);

export function formFromFood(food: Food, units: Units): FoodForm {
  const nutrients: Record<string, number | ''> = {};
  for (const [key, value] of Object.entries(food.nutrients)) nutrients[key] = value ?? '';
  return {
    name: food.name,
    nutrients,
    // The API adds g, oz and lb to every food; only the food's own measures are editable.
    measures: food.measures
      .filter((measure) => !MASS_UNITS.has(measure.name))
      .map((measure) => ({
        name: measure.name,
        amount: measure.amount,
        weight: units === 'imperial' ? Math.round(gToOz(measure.grams) * 100) / 100 : measure.grams,
      })),
  };
}

export type FoodFormErrors = Partial<Record<string, string>>;

export function validateFoodForm(form: FoodForm): FoodFormErrors {
  const errors: FoodFormErrors = {};
  if (!form.name.trim()) errors.name = 'Give the food a name.';
  const factor = per100gFactor(form);
  if (perServing(form)) {
    const grams = form.servingGrams;
    if (typeof grams !== 'number' || grams <= 0) errors.servingGrams = 'Give the serving size in grams, as on the label.';
    else if (grams > 5000) errors.servingGrams = 'At most 5,000 g.';
  }
  const energy = form.nutrients.energy_kcal;
  if (energy === '' || energy === undefined) errors.energy_kcal = 'Energy is needed to plan with this food.';
  else if (factor !== null && energy * factor > 902)
    errors.energy_kcal = perServing(form)
      ? `That is ${Math.round(energy * (factor ?? 1))} kcal per 100 g, more than pure fat (900): check the serving size.`
      : 'At most 902 kcal per 100 g (pure fat has 900).';
  const macros = ['protein_g', 'fat_g', 'carbs_g'].reduce((sum, key) => {
    const value = form.nutrients[key];
    return sum + (typeof value === 'number' ? value : 0);
  }, 0);
  if (factor !== null && macros * factor > 100)
    errors.carbs_g = perServing(form)
      ? 'Protein, fat and carbohydrate weigh more than the serving.'
      : 'Protein, fat and carbohydrate add up to more than 100 g per 100 g.';
  for (const [key, value] of Object.entries(form.nutrients)) {
    if (typeof value === 'number' && (value < 0 || !Number.isFinite(value))) errors[key] = 'Must be 0 or more.';
  }
  form.measures.forEach((row, index) => {
    const blank = !row.name.trim() && row.amount === '' && row.weight === '';
    if (blank) return;
    if (!row.name.trim()) errors[`measure-${index}`] = 'Name the measure, e.g. “cup” or “slice”.';
    else if (MASS_UNITS.has(row.name.trim().toLowerCase())) errors[`measure-${index}`] = 'g, oz, lb and kg are always available.';
    else if (row.amount === '' || row.amount <= 0) errors[`measure-${index}`] = 'Give how many of the measure.';
    else if (row.weight === '' || row.weight <= 0) errors[`measure-${index}`] = 'Give what it weighs.';
  });
  return errors;
}

export function foodFormToBody(form: FoodForm, units: Units): FoodCreate {
  const nutrients: Record<string, number | null> = {};
  for (const key of NUTRIENT_ORDER) {
    const value = form.nutrients[key];
    nutrients[key] = typeof value === 'number' ? value : null;
  }
  const measures = form.measures
    .filter((row) => row.name.trim() && row.amount !== '' && row.weight !== '')
    .map((row) => ({
      name: row.name.trim(),
      amount: Number(row.amount),
      grams: Math.round((units === 'imperial' ? ozToG(Number(row.weight)) : Number(row.weight)) * 10) / 10,
    }));
  if (perServing(form) && typeof form.servingGrams === 'number') {
    // The API converts to per 100 g and adds the serving as the food's first measure.
    return { name: form.name.trim(), nutrients, measures, serving_grams: form.servingGrams };
  }
  return { name: form.name.trim(), nutrients, measures };
}
