/** Household measures and mass units of a food: grams of a quantity, and nutrients scaled to an amount. */
import type { Units } from './units';

export interface Measure {
  name: string;
  /** How many of the measure `grams` is, e.g. 1 cup = 240 g; the API lists "g" as 100 g = 100 g. */
  amount: number;
  grams: number;
}

const MASS_NAMES = new Set(['g', 'oz', 'lb', 'kg']);

export const isMassUnit = (name: string): boolean => MASS_NAMES.has(name.toLowerCase());

export const gramsPerUnit = (measure: Measure): number => measure.grams / measure.amount;

/** Grams of `quantity` of a measure; null while the quantity is not a positive number. */
export function gramsFor(quantity: number | '' | null | undefined, measure: Measure | undefined): number | null {
  if (measure === undefined || quantity === '' || quantity == null || !Number.isFinite(quantity) || quantity <= 0) {
    return null;
  }
  return quantity * gramsPerUnit(measure);
}

/** The same amount of food in another measure, rounded for typing (whole grams, 0.1 oz, 0.01 of others). */
export function convertQuantity(quantity: number, from: Measure, to: Measure): number {
  const value = (quantity * gramsPerUnit(from)) / gramsPerUnit(to);
  const name = to.name.toLowerCase();
  const step = name === 'g' ? 1 : name === 'oz' ? 0.1 : 0.01;
  const rounded = Math.round(value / step) * step;
  return Number((rounded > 0 ? rounded : step).toFixed(2));
}

/** The mass unit a person of these units types first. */
export function defaultMeasureName(units: Units): string {
  return units === 'imperial' ? 'oz' : 'g';
}

/** The measures offered for a food: the mass unit of the user's system first, then household measures. */
export function orderedMeasures(measures: Measure[], units: Units): Measure[] {
  const preferred = defaultMeasureName(units);
  const rank = (m: Measure) => (m.name === preferred ? 0 : isMassUnit(m.name) ? 2 : 1);
  return [...measures].sort((a, b) => rank(a) - rank(b));
}

/** A picker label: "cup, sliced (150 g)" for household measures; the unit alone for mass units. */
export function measureLabel(measure: Measure, formatMass: (grams: number) => string): string {
  if (isMassUnit(measure.name)) return measure.name;
  const prefix = measure.amount === 1 ? '' : `${measure.amount} × `;
  return `${prefix}${measure.name} (${formatMass(measure.grams)})`;
}

/** Nutrients per 100 g scaled to `grams`; unknown values stay null (never a silent 0). */
export function scaleNutrients(
  per100g: Record<string, number | null | undefined>,
  grams: number,
): Record<string, number | null> {
  const scaled: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(per100g)) {
    scaled[key] = value == null ? null : (value * grams) / 100;
  }
  return scaled;
}

/** The portion a food is offered in first, everywhere (diary, food page, recipe rows): the API's default portion
 * (its most common household measure) when the food lists that measure, else 100 g or 4 oz. */
export function defaultPortion(
  measures: Measure[],
  units: Units,
  preferred?: { quantity: number; unit: string; grams?: number } | null,
): { quantity: number; measureName: string } {
  if (preferred && isMassUnit(preferred.unit) && preferred.grams) {
    // Served by weight (an ounce of almonds): that weight in the person's own mass unit.
    return units === 'imperial'
      ? { quantity: Math.round((preferred.grams / 28.349523125) * 10) / 10, measureName: 'oz' }
      : { quantity: Math.round(preferred.grams), measureName: 'g' };
  }
  if (preferred && !isMassUnit(preferred.unit) && measures.some((measure) => measure.name === preferred.unit)) {
    return { quantity: preferred.quantity, measureName: preferred.unit };
  }
  const name = defaultMeasureName(units);
  return { quantity: name === 'g' ? 100 : 4, measureName: name };
}
