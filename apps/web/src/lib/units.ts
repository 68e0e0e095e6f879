/** Metric/imperial conversion: the API speaks grams, kilograms and centimetres; people may not. */
export type Units = 'metric' | 'imperial';

export const KG_PER_LB = 0.45359237;
export const G_PER_OZ = 28.349523125;
export const CM_PER_IN = 2.54;

export const kgToLb = (kg: number): number => kg / KG_PER_LB;
export const lbToKg = (lb: number): number => lb * KG_PER_LB;
export const gToOz = (g: number): number => g / G_PER_OZ;
export const ozToG = (oz: number): number => oz * G_PER_OZ;

/** Centimetres to whole feet and inches (inches rounded to 0.5, carrying 12 in into a foot). */
export function cmToFtIn(cm: number): { ft: number; in: number } {
  const totalIn = Math.round((cm / CM_PER_IN) * 2) / 2;
  let ft = Math.floor(totalIn / 12);
  let inches = Math.round((totalIn - ft * 12) * 2) / 2;
  if (inches >= 12) {
    ft += 1;
    inches -= 12;
  }
  return { ft, in: inches };
}

export function ftInToCm(ft: number, inches: number): number {
  return (ft * 12 + inches) * CM_PER_IN;
}

const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** A body weight for display, e.g. "70.0 kg" or "154.3 lb". */
export function formatBodyWeight(kg: number | null | undefined, units: Units): string {
  if (kg == null || Number.isNaN(kg)) return '–';
  return units === 'imperial' ? `${round(kgToLb(kg), 1).toFixed(1)} lb` : `${round(kg, 1).toFixed(1)} kg`;
}

/** A food mass for display: grams in metric; ounces (or pounds past 1 lb) in imperial. */
export function formatFoodMass(g: number | null | undefined, units: Units): string {
  if (g == null || Number.isNaN(g)) return '–';
  if (units === 'metric') return g >= 1000 ? `${round(g / 1000, 2)} kg` : `${Math.round(g)} g`;
  const oz = gToOz(g);
  if (oz >= 16) return `${round(oz / 16, 2)} lb`;
  return `${round(oz, 1)} oz`;
}

export function formatHeight(cm: number | null | undefined, units: Units): string {
  if (cm == null || Number.isNaN(cm)) return '–';
  if (units === 'metric') return `${Math.round(cm)} cm`;
  const { ft, in: inches } = cmToFtIn(cm);
  return `${ft} ft ${inches} in`;
}

/** A body weight in the user's unit for an input field, rounded to 0.1. */
export const bodyWeightForInput = (kg: number, units: Units): number =>
  round(units === 'imperial' ? kgToLb(kg) : kg, 1);

export const bodyWeightFromInput = (value: number, units: Units): number =>
  round(units === 'imperial' ? lbToKg(value) : value, 2);

export const weightUnitLabel = (units: Units): string => (units === 'imperial' ? 'lb' : 'kg');
