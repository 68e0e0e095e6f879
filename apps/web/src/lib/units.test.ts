import { describe, expect, it } from 'vitest';
import {
  bodyWeightForInput,
  bodyWeightFromInput,
  cmToFtIn,
  formatBodyWeight,
  formatFoodMass,
  formatHeight,
  ftInToCm,
  gToOz,
  kgToLb,
  lbToKg,
  ozToG,
} from './units';

describe('units', () => {
  it.each([
    [1, 2.2046],
    [70, 154.3236],
    [100, 220.4623],
  ])('converts %d kg to %d lb', (kg, lb) => {
    expect(kgToLb(kg)).toBeCloseTo(lb, 3);
    expect(lbToKg(lb)).toBeCloseTo(kg, 3);
  });

  it('converts grams and ounces with the international avoirdupois ounce', () => {
    expect(gToOz(28.349523125)).toBeCloseTo(1, 10);
    expect(ozToG(16)).toBeCloseTo(453.59237, 6);
  });

  it.each([
    [170, 5, 7],
    [182.88, 6, 0],
    [152.4, 5, 0],
    [182.5, 6, 0], // 71.85 in rounds to 72 in: carried into a foot
  ])('splits %d cm into %d ft %d in', (cm, ft, inches) => {
    expect(cmToFtIn(cm)).toEqual({ ft, in: inches });
  });

  it('rebuilds centimetres from feet and inches', () => {
    expect(ftInToCm(5, 7)).toBeCloseTo(170.18, 2);
    expect(ftInToCm(6, 0)).toBeCloseTo(182.88, 2);
  });

  it('formats for each unit system', () => {
    expect(formatBodyWeight(70, 'metric')).toBe('70.0 kg');
    expect(formatBodyWeight(70, 'imperial')).toBe('154.3 lb');
    expect(formatBodyWeight(null, 'metric')).toBe('–');
    expect(formatFoodMass(150, 'metric')).toBe('150 g');
    expect(formatFoodMass(150, 'imperial')).toBe('5.3 oz');
    expect(formatFoodMass(1000, 'imperial')).toBe('2.2 lb');
    expect(formatFoodMass(2500, 'metric')).toBe('2.5 kg');
    expect(formatHeight(170, 'imperial')).toBe('5 ft 7 in');
    expect(formatHeight(170.4, 'metric')).toBe('170 cm');
  });

  it('round-trips an input weight', () => {
    expect(bodyWeightForInput(70, 'imperial')).toBe(154.3);
    expect(bodyWeightFromInput(154.3, 'imperial')).toBeCloseTo(69.99, 2);
    expect(bodyWeightFromInput(70, 'metric')).toBe(70);
  });
});
