import { describe, expect, it } from 'vitest';
import { planCovering, scoreDay } from './weekAdequacy';

describe('scoreDay', () => {
  it('counts the targets met and names the ones missed', () => {
    const score = scoreDay(
      { protein_g: 60, fiber_g: 20, sodium_mg: 2600, vitamin_d_ug: null },
      {
        protein_g: { min: 50, max: 150 },
        fiber_g: { min: 25 },
        sodium_mg: { min: 1500, max: 2300 },
        vitamin_d_ug: { min: 15 },
      },
    );
    // Vitamin D has no value: it is neither met nor missed.
    expect(score).toEqual({ met: 1, total: 3, low: ['fiber_g'], high: ['sodium_mg'] });
  });
});

describe('planCovering', () => {
  const plans = [
    { id: 1, start_date: '2026-03-01', days: 7, created_at: '2026-03-01T08:00:00Z' },
    { id: 2, start_date: '2026-03-05', days: 3, created_at: '2026-03-04T08:00:00Z' },
  ];
  it('picks the newest plan whose days include the date', () => {
    expect(planCovering(plans, '2026-03-06')?.id).toBe(2);
    expect(planCovering(plans, '2026-03-02')?.id).toBe(1);
    expect(planCovering(plans, '2026-03-07')?.id).toBe(2);
    expect(planCovering(plans, '2026-03-08')).toBeUndefined();
  });
});
