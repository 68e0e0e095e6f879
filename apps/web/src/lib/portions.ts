/** Household portions from the API ("1 medium (118 g)") shown in the user's units. */
import { formatFoodMass, gToOz, type Units } from './units';

const GRAMS_IN_PARENS = /\((\d+(?:\.\d+)?) g\)/;

export function localizeHousehold(household: string | null | undefined, grams: number, units: Units): string {
  if (!household) return formatFoodMass(grams, units);
  if (units === 'metric') return household;
  return GRAMS_IN_PARENS.test(household)
    ? household.replace(GRAMS_IN_PARENS, () => `(${formatFoodMass(grams, units)})`)
    : `${household} (${formatFoodMass(grams, units)})`;
}

/** A grocery line's amount: counted units as they are; grams or kilograms converted for imperial users. */
export function formatPurchase(quantity: number, unit: string, grams: number, units: Units): string {
  if ((unit === 'g' || unit === 'kg') && units === 'imperial') {
    // Spices and oils come in grams: below an ounce keep two decimals rather than rounding to "0 oz".
    const oz = gToOz(grams);
    return oz < 1 ? `${oz.toFixed(2)} oz` : formatFoodMass(grams, units);
  }
  const amount = Number.isInteger(quantity) ? String(quantity) : String(Math.round(quantity * 100) / 100);
  return `${amount} ${unit}`;
}
