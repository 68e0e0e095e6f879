/** The weigh-in form: a weight typed in kg or lb, checked against the API's range, sent in kg. */
import { addDays } from '../../lib/dates';
import { bodyWeightFromInput, kgToLb, type Units } from '../../lib/units';

// diary/service.py accepts 20 to 400 kg.
export const WEIGHT_RANGE_KG = [20, 400] as const;

export interface WeightFormValues {
  date: string;
  weight: number | '';
}

export function weightError(values: WeightFormValues, units: Units): string | null {
  if (values.weight === '' || !Number.isFinite(values.weight)) return 'Enter your weight.';
  const kg = bodyWeightFromInput(values.weight, units);
  if (kg < WEIGHT_RANGE_KG[0] || kg > WEIGHT_RANGE_KG[1]) {
    const [low, high] = units === 'imperial' ? WEIGHT_RANGE_KG.map((v) => Math.round(kgToLb(v))) : WEIGHT_RANGE_KG;
    return `Weight must be between ${low} and ${high} ${units === 'imperial' ? 'lb' : 'kg'}.`;
  }
  return null;
}

export function dateError(values: WeightFormValues, todayDate: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) return 'Enter the date of the weigh-in.';
  if (values.date > todayDate) return 'A weigh-in cannot be in the future.';
  return null;
}

/** The POST /api/weights body: kilograms, rounded to 10 g so 154.3 lb does not become 69.98932 kg. */
export function toWeightBody(values: WeightFormValues, units: Units): { date: string; weight_kg: number } {
  if (values.weight === '') throw new Error('The weight form is incomplete');
  return { date: values.date, weight_kg: bodyWeightFromInput(values.weight, units) };
}

/** A weekly rate as people say it: "−0.45 kg per week" / "+1.0 lb per week" / "steady". */
export function formatWeeklyRate(rateKg: number | null | undefined, units: Units): string {
  if (rateKg == null) return '–';
  const value = units === 'imperial' ? kgToLb(rateKg) : rateKg;
  const unit = units === 'imperial' ? 'lb' : 'kg';
  if (Math.abs(value) < 0.005) return 'steady';
  const sign = value > 0 ? '+' : '−';
  return `${sign}${Math.abs(value).toFixed(2)} ${unit} per week`;
}

export type ChartRange = '30' | '90' | 'all';

/** The weigh-ins of the last `range` days up to `todayDate` (all of them for 'all'). */
export function weighInsInRange<T extends { date: string }>(items: T[], range: ChartRange, todayDate: string): T[] {
  if (range === 'all') return items;
  const first = addDays(todayDate, -Number(range) + 1);
  return items.filter((item) => item.date >= first);
}
