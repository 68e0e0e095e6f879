import { describe, expect, it } from 'vitest';
import { convertQuantity, gramsFor, measureLabel, orderedMeasures, scaleNutrients, type Measure } from './measures';
import { portionGrams, switchMeasure } from '../components/MeasurePicker';

// As GET /api/foods/2607 (Bananas, raw) lists them: household measures, then the mass units.
const banana: Measure[] = [
  { name: 'cup, sliced', amount: 1, grams: 150 },
  { name: 'medium (7" to 7-7/8" long)', amount: 1, grams: 118 },
  { name: 'g', amount: 100, grams: 100 },
  { name: 'oz', amount: 1, grams: 28.349523125 },
  { name: 'lb', amount: 1, grams: 453.59237 },
];
const find = (name: string) => banana.find((m) => m.name === name);

describe('measures', () => {
  it('turns a quantity of a measure into grams', () => {
    expect(gramsFor(2, find('medium (7" to 7-7/8" long)'))).toBe(236);
    expect(gramsFor(150, find('g'))).toBe(150);
    expect(gramsFor(4, find('oz'))).toBeCloseTo(113.4, 1);
    expect(gramsFor(0.5, { name: '2 tbsp', amount: 2, grams: 30 })).toBe(7.5);
  });

  it('has no grams for an empty, zero or negative quantity', () => {
    expect(gramsFor('', find('g'))).toBeNull();
    expect(gramsFor(0, find('g'))).toBeNull();
    expect(gramsFor(-1, find('g'))).toBeNull();
    expect(gramsFor(1, undefined)).toBeNull();
  });

  it('converts between units keeping the amount of food, rounded for typing', () => {
    expect(convertQuantity(100, find('g')!, find('oz')!)).toBe(3.5);
    expect(convertQuantity(4, find('oz')!, find('g')!)).toBe(113);
    expect(convertQuantity(1, find('medium (7" to 7-7/8" long)')!, find('g')!)).toBe(118);
    expect(convertQuantity(1, find('g')!, find('lb')!)).toBe(0.01);
  });

  it('offers the mass unit of the user first, then household measures', () => {
    expect(orderedMeasures(banana, 'imperial').map((m) => m.name)).toEqual([
      'oz',
      'cup, sliced',
      'medium (7" to 7-7/8" long)',
      'g',
      'lb',
    ]);
    expect(orderedMeasures(banana, 'metric')[0].name).toBe('g');
  });

  it('labels household measures with their weight in the user units', () => {
    expect(measureLabel(find('cup, sliced')!, (g) => `${g} g`)).toBe('cup, sliced (150 g)');
    expect(measureLabel({ name: 'tbsp', amount: 2, grams: 30 }, (g) => `${g} g`)).toBe('2 × tbsp (30 g)');
    expect(measureLabel(find('oz')!, (g) => `${g} g`)).toBe('oz');
  });

  it('scales nutrients per 100 g and keeps unknowns unknown', () => {
    expect(scaleNutrients({ energy_kcal: 89, vitamin_d_ug: null }, 118)).toEqual({ energy_kcal: 105.02, vitamin_d_ug: null });
  });
});

describe('measure picker', () => {
  it('keeps the amount of food when switching to a mass unit', () => {
    const oneBanana = { quantity: 1, measureName: 'medium (7" to 7-7/8" long)' };
    expect(switchMeasure(oneBanana, find(oneBanana.measureName), find('g'))).toEqual({ quantity: 118, measureName: 'g' });
    expect(switchMeasure(oneBanana, find(oneBanana.measureName), find('oz'))).toEqual({ quantity: 4.2, measureName: 'oz' });
  });

  it('starts at one of a household measure rather than a fraction', () => {
    expect(switchMeasure({ quantity: 100, measureName: 'g' }, find('g'), find('cup, sliced'))).toEqual({
      quantity: 1,
      measureName: 'cup, sliced',
    });
  });

  it('gives the grams of a portion from the food measures', () => {
    expect(portionGrams(banana, { quantity: 1.5, measureName: 'cup, sliced' })).toBe(225);
    expect(portionGrams(banana, { quantity: 1, measureName: 'bowl' })).toBeNull();
  });
});
