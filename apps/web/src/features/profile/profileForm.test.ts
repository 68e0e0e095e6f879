import { describe, expect, it } from 'vitest';
import type { Profile } from '../../lib/profile';
import { bodyErrors, emptyForm, formFromProfile, goalErrors, switchUnits, toProfileUpdate, type ProfileForm } from './profileForm';

const imperial: ProfileForm = {
  ...emptyForm('imperial'),
  sex: 'female',
  birthDate: '1990-05-17',
  heightFt: 5,
  heightIn: 6,
  weight: 150,
  goal: 'lose',
  rate: 1,
};

describe('onboarding profile form', () => {
  it('sends imperial answers to the API in metric', () => {
    const body = toProfileUpdate(imperial);
    expect(body.height_cm).toBeCloseTo(167.6, 1); // 66 in × 2.54
    expect(body.weight_kg).toBeCloseTo(68.04, 2); // 150 lb × 0.45359237
    expect(body.rate_kg_per_week).toBeCloseTo(0.454, 3);
    expect(body.units).toBe('imperial');
    expect(body.life_stage).toBe('none');
  });

  it('sends the trimester only while pregnant', () => {
    expect(toProfileUpdate({ ...imperial, lifeStage: 'pregnant', trimester: 3 }).trimester).toBe(3);
    expect(toProfileUpdate({ ...imperial, lifeStage: 'pregnant', trimester: '' }).trimester).toBeNull();
    // A trimester left over from before the birth is not sent with breastfeeding.
    const nursing = toProfileUpdate({ ...imperial, lifeStage: 'lactating', trimester: 3 });
    expect([nursing.life_stage, nursing.trimester]).toEqual(['lactating', null]);
  });

  it('sends no rate when maintaining', () => {
    expect(toProfileUpdate({ ...imperial, goal: 'maintain' }).rate_kg_per_week).toBe(0);
  });

  it('never changes the stored metric values by a trip through imperial units', () => {
    const stored = {
      sex: 'female',
      birth_date: '1992-01-01',
      height_cm: 168.3,
      weight_kg: 71.37,
      activity_level: 'light',
      goal: 'lose',
      rate_kg_per_week: 0.45,
      diet: 'vegetarian',
      allergies: [],
      excluded_food_ids: [],
      meals_per_day: 3,
      units: 'metric',
      life_stage: 'none',
      trimester: null,
      adaptive_targets: false,
      leftovers: 'never',
    } as unknown as Profile;
    // Settings: switch to imperial, change only the diet, save; then back to metric and save again.
    const imperialForm = { ...switchUnits(formFromProfile(stored), 'imperial'), diet: 'vegan' as const };
    const saved = toProfileUpdate(imperialForm, stored);
    expect([saved.height_cm, saved.weight_kg, saved.rate_kg_per_week]).toEqual([168.3, 71.37, 0.45]);
    const back = toProfileUpdate(switchUnits(imperialForm, 'metric'), { ...stored, ...saved } as Profile);
    expect([back.height_cm, back.weight_kg, back.rate_kg_per_week]).toEqual([168.3, 71.37, 0.45]);
    // A value the person changes is converted as typed.
    expect(toProfileUpdate({ ...imperialForm, weight: 150 }, stored).weight_kg).toBeCloseTo(68.04, 2);
  });

  it('keeps what was typed when switching units', () => {
    const metric = switchUnits(imperial, 'metric');
    expect(metric.heightCm).toBe(168);
    expect(metric.weight).toBe(68);
    expect(metric.rate).toBe(0.45);
    const back = switchUnits(metric, 'imperial');
    expect(back.heightFt).toBe(5);
    expect(back.heightIn).toBe(6);
    expect(back.weight).toBeCloseTo(149.9, 1);
  });

  it('checks ranges in the units the person typed', () => {
    const now = new Date('2026-01-01T00:00:00');
    expect(bodyErrors(imperial, now)).toEqual({});
    expect(bodyErrors({ ...imperial, weight: 60 }, now).weight).toMatch(/78 and 661 lb/);
    expect(bodyErrors({ ...emptyForm('metric'), sex: 'male', birthDate: '1990-01-01', heightCm: 250, weight: 70 }, now).height).toMatch(
      /120 and 230 cm/,
    );
    expect(bodyErrors({ ...imperial, birthDate: '2015-01-01' }, now).birthDate).toMatch(/18 or older/);
    expect(bodyErrors({ ...imperial, sex: '' }, now).sex).toBeDefined();
  });

  it('limits the rate to 1 kg (2.2 lb) a week', () => {
    expect(goalErrors({ ...imperial, rate: 2.5 }).rate).toMatch(/2.2 lb/);
    expect(goalErrors({ ...imperial, rate: 2 })).toEqual({});
    expect(goalErrors({ ...imperial, rate: '' }).rate).toBeDefined();
  });
});
