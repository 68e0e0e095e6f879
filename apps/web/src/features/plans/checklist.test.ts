import { describe, expect, it } from 'vitest';
import type { GroceryItem } from './api/plans';
import { groupItems, loadChecked, pruneChecked, saveChecked, toggle } from './checklist';

const item = (food_id: number, name: string, group: string | null): GroceryItem => ({
  food_id,
  name,
  group,
  grams: 100,
  quantity: 100,
  unit: 'g',
  raw_grams: 100,
  leftover_grams: 0,
  purchase: { quantity: 100, unit: 'g' },
  aisle: 'Produce',
  have: false,
  check_label: false,
});

describe('grocery checklist', () => {
  it('groups by food group, alphabetically, with ungrouped items last', () => {
    const groups = groupItems([item(1, 'Spinach', 'Vegetables'), item(2, 'Oats', 'Cereal Grains'), item(3, 'Salt', null), item(4, 'Carrot', 'Vegetables')]);
    expect(groups.map((group) => group.name)).toEqual(['Cereal Grains', 'Vegetables', 'Other']);
    expect(groups[1].items.map((entry) => entry.name)).toEqual(['Carrot', 'Spinach']);
  });

  it('persists ticks per plan', () => {
    saveChecked(7, toggle(toggle(new Set(), 3), 5));
    expect([...loadChecked(7)]).toEqual([3, 5]);
    expect(loadChecked(8).size).toBe(0);
    saveChecked(7, toggle(loadChecked(7), 3));
    expect([...loadChecked(7)]).toEqual([5]);
  });

  it('survives corrupt storage and drops ticks for foods no longer listed', () => {
    localStorage.setItem('diet-planner.grocery.9', '{not json');
    expect(loadChecked(9).size).toBe(0);
    expect([...pruneChecked(new Set([1, 2]), [item(2, 'Oats', null)])]).toEqual([2]);
  });
});
