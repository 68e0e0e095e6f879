/** Pure helpers of the diary: entries grouped by meal, totals, dates in the URL, the likely slot. */
import { addDays } from '../../lib/dates';
import { formatFoodMass, type Units } from '../../lib/units';
import { SLOTS, type Slot } from '../../lib/slots';

export interface EntryLike {
  slot: string;
  grams: number;
  quantity: number;
  unit: string;
  nutrients: Record<string, number | null>;
}

/** Entries per meal slot in the order of the day; unknown slots (none today) go with snacks. */
export function groupBySlot<T extends EntryLike>(entries: T[]): Record<Slot, T[]> {
  const groups: Record<Slot, T[]> = { breakfast: [], lunch: [], dinner: [], snack: [] };
  for (const entry of entries) {
    const slot = (SLOTS as string[]).includes(entry.slot) ? (entry.slot as Slot) : 'snack';
    groups[slot].push(entry);
  }
  return groups;
}

/**
 * Sum of each nutrient over entries, like the API's day totals: the sum of the known values, and null only
 * when no entry has a value (an unknown is not a zero, but one unknown does not hide the rest).
 */
export function sumNutrients(entries: EntryLike[], keys: readonly string[]): Record<string, number | null> {
  const totals: Record<string, number | null> = {};
  for (const key of keys) {
    const known = entries.map((entry) => entry.nutrients[key]).filter((value): value is number => value != null);
    totals[key] = known.length ? known.reduce((sum, value) => sum + value, 0) : null;
  }
  return totals;
}

/** How much was eaten, in the user's units: "150 g" / "5.3 oz", or "1 cup, sliced (150 g)". */
export function entryAmountLabel(entry: Pick<EntryLike, 'grams' | 'quantity' | 'unit'>, units: Units): string {
  const mass = formatFoodMass(entry.grams, units);
  if (['g', 'gram', 'grams', 'oz', 'lb', 'kg'].includes(entry.unit.toLowerCase())) return mass;
  const quantity = Number.isInteger(entry.quantity) ? String(entry.quantity) : String(Math.round(entry.quantity * 100) / 100);
  return `${quantity} ${entry.unit} (${mass})`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The `?date=` of the URL when it is a real calendar date, else the fallback (today). */
export function dateFromParam(value: string | null, fallback: string): string {
  if (!value || !ISO_DATE.test(value)) return fallback;
  // Round-trip through the calendar: 2025-02-30 is not a date.
  return addDays(value, 0) === value ? value : fallback;
}

/** Energy still to eat to reach the target (negative when over). */
export function energyLeft(total: number | null | undefined, target: number | null | undefined): number | null {
  if (target == null) return null;
  return target - (total ?? 0);
}

/** The meal someone is most likely logging at this hour. */
export function slotForHour(hour: number): Slot {
  if (hour < 10) return 'breakfast';
  if (hour < 15) return 'lunch';
  if (hour >= 17 && hour < 22) return 'dinner';
  return 'snack';
}

/** The "Goal − Food = Remaining" line of a day's energy, with thousands separators; null without a goal. */
export function remainingEquation(goal: number | null | undefined, food: number | null | undefined): { goal: string; food: string; remaining: string; over: boolean } | null {
  if (goal == null) return null;
  const format = (value: number) => Math.round(value).toLocaleString('en-US');
  const eaten = food ?? 0;
  const remaining = Math.round(goal) - Math.round(eaten);
  return { goal: format(goal), food: format(eaten), remaining: format(remaining), over: remaining < 0 };
}
