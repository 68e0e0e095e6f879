import { describe, expect, it } from 'vitest';
import { planCovering, scorePanel } from './weekAdequacy';

describe('scorePanel', () => {
  it("counts the API's statuses: met, and names the low, close and over ones; unknown is neither", () => {
    const score = scorePanel([
      { name: 'Protein', status: 'met' },
      { name: 'Fibre', status: 'low' },
      { name: 'Calcium', status: 'close' },
      { name: 'Sodium', status: 'over' },
      { name: 'Vitamin D', status: 'unknown' },
    ]);
    expect(score).toEqual({ met: 1, total: 4, low: ['Fibre'], close: ['Calcium'], high: ['Sodium'] });
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
