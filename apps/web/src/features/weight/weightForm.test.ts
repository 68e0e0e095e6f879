import { describe, expect, it } from 'vitest';
import { dateError, formatWeeklyRate, toWeightBody, weighInsInRange, weightError } from './weightForm';

describe('weigh-in form', () => {
  it('sends pounds as kilograms', () => {
    expect(toWeightBody({ date: '2026-03-02', weight: 154.3 }, 'imperial')).toEqual({ date: '2026-03-02', weight_kg: 69.99 });
    expect(toWeightBody({ date: '2026-03-02', weight: 63.4 }, 'metric')).toEqual({ date: '2026-03-02', weight_kg: 63.4 });
  });

  it('checks the range in the user units', () => {
    expect(weightError({ date: '2026-03-02', weight: '' }, 'metric')).toBe('Enter your weight.');
    expect(weightError({ date: '2026-03-02', weight: 15 }, 'metric')).toBe('Weight must be between 20 and 400 kg.');
    expect(weightError({ date: '2026-03-02', weight: 40 }, 'imperial')).toBe('Weight must be between 44 and 882 lb.');
    expect(weightError({ date: '2026-03-02', weight: 140 }, 'imperial')).toBeNull();
  });

  it('refuses a weigh-in in the future', () => {
    expect(dateError({ date: '2026-03-03', weight: 70 }, '2026-03-02')).toMatch(/future/);
    expect(dateError({ date: '', weight: 70 }, '2026-03-02')).toMatch(/date/);
    expect(dateError({ date: '2026-03-02', weight: 70 }, '2026-03-02')).toBeNull();
  });

  it('says the weekly rate in the user units', () => {
    expect(formatWeeklyRate(-0.45, 'metric')).toBe('−0.45 kg per week');
    expect(formatWeeklyRate(0.4536, 'imperial')).toBe('+1.00 lb per week');
    expect(formatWeeklyRate(0.001, 'metric')).toBe('steady');
    expect(formatWeeklyRate(null, 'metric')).toBe('–');
  });

  it('keeps the weigh-ins of the chosen range, today included', () => {
    const items = [{ date: '2026-03-31' }, { date: '2026-03-02' }, { date: '2026-03-01' }, { date: '2025-12-01' }];
    expect(weighInsInRange(items, '30', '2026-03-31').map((i) => i.date)).toEqual(['2026-03-31', '2026-03-02']);
    expect(weighInsInRange(items, '90', '2026-03-31')).toHaveLength(3);
    expect(weighInsInRange(items, 'all', '2026-03-31')).toHaveLength(4);
  });
});
