import { describe, expect, it } from 'vitest';
import { formatPurchase, localizeHousehold } from './portions';

describe('localizeHousehold', () => {
  it('keeps the API text in metric', () => {
    expect(localizeHousehold('1 medium (118 g)', 118, 'metric')).toBe('1 medium (118 g)');
  });
  it('converts the grams in brackets for imperial users', () => {
    expect(localizeHousehold('1 medium (118 g)', 118, 'imperial')).toBe('1 medium (4.2 oz)');
    expect(localizeHousehold('1½ servings (510 g)', 510, 'imperial')).toBe('1½ servings (1.12 lb)');
  });
  it('falls back to the mass when there is no household text', () => {
    expect(localizeHousehold(null, 250, 'metric')).toBe('250 g');
    expect(localizeHousehold(undefined, 250, 'imperial')).toBe('8.8 oz');
  });
});

describe('formatPurchase', () => {
  it('keeps counted units and converts weights for imperial users', () => {
    expect(formatPurchase(3, 'medium', 354, 'imperial')).toBe('3 medium');
    expect(formatPurchase(1.25, 'cup', 300, 'metric')).toBe('1.25 cup');
    expect(formatPurchase(455, 'g', 452.3, 'metric')).toBe('455 g');
    expect(formatPurchase(455, 'g', 453.59237, 'imperial')).toBe('1 lb');
    expect(formatPurchase(5, 'g', 1.3, 'imperial')).toBe('0.05 oz');
  });
});
