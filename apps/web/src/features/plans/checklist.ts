/** The grocery list's grouping and its check-off state, kept per plan in localStorage. */
import type { GroceryItem } from './api/plans';

export interface GroceryGroup {
  name: string;
  items: GroceryItem[];
}

/** Items grouped by food group (alphabetical, "Other" last), each group sorted by name. */
export function groupItems(items: GroceryItem[]): GroceryGroup[] {
  const groups = new Map<string, GroceryItem[]>();
  for (const item of items) {
    const name = item.group?.trim() || 'Other';
    groups.set(name, [...(groups.get(name) ?? []), item]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === 'Other' ? 1 : b === 'Other' ? -1 : a.localeCompare(b)))
    .map(([name, groupItems]) => ({ name, items: [...groupItems].sort((x, y) => x.name.localeCompare(y.name)) }));
}

const storageKey = (planId: number) => `diet-planner.grocery.${planId}`;

export function loadChecked(planId: number): Set<number> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey(planId)) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((id): id is number => typeof id === 'number') : []);
  } catch {
    return new Set();
  }
}

export function saveChecked(planId: number, checked: Set<number>): void {
  try {
    if (checked.size === 0) localStorage.removeItem(storageKey(planId));
    else localStorage.setItem(storageKey(planId), JSON.stringify([...checked].sort((a, b) => a - b)));
  } catch {
    // Storage full or disabled: the ticks still work until the page is left.
  }
}

export function toggle(checked: Set<number>, foodId: number): Set<number> {
  const next = new Set(checked);
  if (next.has(foodId)) next.delete(foodId);
  else next.add(foodId);
  return next;
}

/** Ticks for foods no longer on the list (the plan was regenerated) are dropped. */
export function pruneChecked(checked: Set<number>, items: GroceryItem[]): Set<number> {
  const present = new Set(items.map((item) => item.food_id));
  return new Set([...checked].filter((id) => present.has(id)));
}
