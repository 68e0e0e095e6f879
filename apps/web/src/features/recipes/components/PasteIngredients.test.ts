import { describe, expect, it } from 'vitest';
import type { ParsedLine } from '../api/recipes';
import { rowsFromParse } from './PasteIngredients';

const food = (id: number, name: string) => ({ id, name, source: 'usda_sr', source_id: String(id) });
const line = (overrides: Partial<ParsedLine>): ParsedLine => ({
  line: '',
  quantity: null,
  unit: null,
  food: null,
  grams: null,
  measure: null,
  preparation: null,
  confidence: 0,
  alternatives: [],
  note: null,
  ...overrides,
});

describe('rowsFromParse', () => {
  const items = [
    line({ line: '2 cups chopped broccoli', food: food(1, 'Broccoli, raw'), grams: 182, confidence: 1 }),
    line({ line: 'salt to taste', food: food(2, 'Salt, table'), note: 'to taste' }),
    line({ line: 'For the sauce:', note: 'not an ingredient: a heading' }),
    line({ line: '   ' }),
  ];

  it('adds lines with a food and grams as editable rows in the user’s mass unit', () => {
    const metric = rowsFromParse(items, 'metric');
    expect(metric.rows.map((row) => [row.foodId, row.name, row.quantity, row.measureName])).toEqual([[1, 'Broccoli, raw', 182, 'g']]);
    const imperial = rowsFromParse(items, 'imperial');
    expect(imperial.rows[0]).toMatchObject({ quantity: 6.42, measureName: 'oz' });
  });

  it('flags the lines it could not add, blank lines aside', () => {
    expect(rowsFromParse(items, 'metric').flagged.map((item) => item.line)).toEqual(['salt to taste', 'For the sauce:']);
  });
});
