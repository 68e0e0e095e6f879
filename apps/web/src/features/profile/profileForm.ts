/** The onboarding form in the user's units, its checks, and its conversion to the API's metric profile. */
import type { Profile, ProfileUpdate } from '../../lib/profile';
import { bodyWeightForInput, cmToFtIn, ftInToCm, KG_PER_LB, lbToKg, type Units } from '../../lib/units';

export type Sex = ProfileUpdate['sex'];
export type ActivityLevel = ProfileUpdate['activity_level'];
export type Goal = ProfileUpdate['goal'];
export type Diet = ProfileUpdate['diet'];
export type Allergen = NonNullable<ProfileUpdate['allergies']>[number];
export type LifeStage = ProfileUpdate['life_stage'];
export type Trimester = NonNullable<ProfileUpdate['trimester']>;
export type Leftovers = NonNullable<ProfileUpdate['leftovers']>;

/** Numbers are `number | ''` because an emptied number input reports ''. */
export interface ProfileForm {
  units: Units;
  sex: Sex | '';
  birthDate: string;
  heightCm: number | '';
  heightFt: number | '';
  heightIn: number | '';
  /** In kg or lb, per `units`. */
  weight: number | '';
  lifeStage: LifeStage;
  /** While pregnant; '' when not given (the API then uses the second trimester's figure). */
  trimester: Trimester | '';
  activityLevel: ActivityLevel;
  goal: Goal;
  /** Per week, in kg or lb per `units`. */
  rate: number | '';
  diet: Diet;
  allergies: Allergen[];
  mealsPerDay: number;
  /** How much the person likes leftovers, and active cooking minutes a day ('' = no limit). */
  leftovers: Leftovers;
  cookingWeekday: number | '';
  cookingWeekend: number | '';
}

export const emptyForm = (units: Units): ProfileForm => ({
  units,
  sex: '',
  birthDate: '',
  heightCm: '',
  heightFt: '',
  heightIn: '',
  weight: '',
  lifeStage: 'none',
  trimester: '',
  activityLevel: 'light',
  goal: 'maintain',
  rate: '',
  diet: 'omnivore',
  allergies: [],
  mealsPerDay: 3,
  leftovers: 'never',
  cookingWeekday: '',
  cookingWeekend: '',
});

/** Prefill from a saved profile, expressed in its own units. */
export function formFromProfile(profile: Profile): ProfileForm {
  const units = profile.units;
  const { ft, in: inches } = cmToFtIn(profile.height_cm);
  const rate = units === 'imperial' ? profile.rate_kg_per_week / KG_PER_LB : profile.rate_kg_per_week;
  return {
    units,
    sex: profile.sex,
    birthDate: profile.birth_date,
    heightCm: Math.round(profile.height_cm),
    heightFt: ft,
    heightIn: inches,
    weight: bodyWeightForInput(profile.weight_kg, units),
    lifeStage: profile.life_stage,
    trimester: profile.trimester ?? '',
    activityLevel: profile.activity_level,
    goal: profile.goal,
    rate: Math.round(rate * 100) / 100,
    diet: profile.diet,
    allergies: [...profile.allergies],
    mealsPerDay: profile.meals_per_day,
    leftovers: profile.leftovers ?? 'never',
    cookingWeekday: profile.cooking_minutes_weekday ?? '',
    cookingWeekend: profile.cooking_minutes_weekend ?? '',
  };
}

/** Switch the unit system, converting what has been typed so the person does not lose it. */
export function switchUnits(form: ProfileForm, units: Units): ProfileForm {
  if (form.units === units) return form;
  const next: ProfileForm = { ...form, units };
  if (units === 'imperial') {
    if (form.heightCm !== '') {
      const { ft, in: inches } = cmToFtIn(form.heightCm);
      next.heightFt = ft;
      next.heightIn = inches;
    }
    if (form.weight !== '') next.weight = Math.round((form.weight / KG_PER_LB) * 10) / 10;
    if (form.rate !== '') next.rate = Math.round((form.rate / KG_PER_LB) * 100) / 100;
  } else {
    if (form.heightFt !== '') next.heightCm = Math.round(ftInToCm(form.heightFt, form.heightIn === '' ? 0 : form.heightIn));
    if (form.weight !== '') next.weight = Math.round(lbToKg(form.weight) * 10) / 10;
    if (form.rate !== '') next.rate = Math.round(lbToKg(form.rate) * 100) / 100;
  }
  return next;
}

export function heightCmOf(form: ProfileForm): number | null {
  if (form.units === 'metric') return form.heightCm === '' ? null : form.heightCm;
  if (form.heightFt === '') return null;
  return ftInToCm(form.heightFt, form.heightIn === '' ? 0 : form.heightIn);
}

export function weightKgOf(form: ProfileForm): number | null {
  if (form.weight === '') return null;
  return form.units === 'imperial' ? lbToKg(form.weight) : form.weight;
}

export function rateKgOf(form: ProfileForm): number {
  if (form.goal === 'maintain' || form.rate === '') return 0;
  return form.units === 'imperial' ? lbToKg(form.rate) : form.rate;
}

export type FormErrors = Partial<Record<'sex' | 'birthDate' | 'height' | 'weight' | 'rate', string>>;

// The API's accepted ranges (profiles/schemas.py), checked here in the user's own units.
const HEIGHT_CM = [120, 230] as const;
const WEIGHT_KG = [35, 300] as const;
const MAX_RATE_KG = 1;

/** Errors of the "about you" step. */
export function bodyErrors(form: ProfileForm, now = new Date()): FormErrors {
  const errors: FormErrors = {};
  if (!form.sex) errors.sex = 'Choose the sex used for the energy equations.';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.birthDate)) {
    errors.birthDate = 'Enter your date of birth.';
  } else {
    const birth = new Date(`${form.birthDate}T00:00:00`);
    const age = (now.getTime() - birth.getTime()) / (365.25 * 24 * 3600 * 1000);
    if (Number.isNaN(age) || age < 18 || age > 120) errors.birthDate = 'Targets are for adults: you must be 18 or older.';
  }
  const height = heightCmOf(form);
  if (height === null) errors.height = 'Enter your height.';
  else if (height < HEIGHT_CM[0] - 0.5 || height > HEIGHT_CM[1] + 0.5) {
    errors.height =
      form.units === 'imperial' ? 'Height must be between 3 ft 11 in and 7 ft 6 in.' : 'Height must be between 120 and 230 cm.';
  }
  const weight = weightKgOf(form);
  if (weight === null) errors.weight = 'Enter your weight.';
  else if (weight < WEIGHT_KG[0] || weight > WEIGHT_KG[1]) {
    errors.weight = form.units === 'imperial' ? 'Weight must be between 78 and 661 lb.' : 'Weight must be between 35 and 300 kg.';
  }
  return errors;
}

/** Errors of the "goal" step. */
export function goalErrors(form: ProfileForm): FormErrors {
  if (form.goal === 'maintain') return {};
  if (form.rate === '' || form.rate <= 0) return { rate: 'Enter how fast you want to change weight.' };
  if (rateKgOf(form) > MAX_RATE_KG + 1e-9) {
    return { rate: form.units === 'imperial' ? 'At most 2.2 lb per week.' : 'At most 1 kg per week.' };
  }
  return {};
}

/** The PUT /api/profile body; the form must have passed its checks. */
export function toProfileUpdate(form: ProfileForm, previous?: Profile | null): ProfileUpdate {
  const height = heightCmOf(form);
  const weight = weightKgOf(form);
  if (!form.sex || height === null || weight === null) throw new Error('The profile form is incomplete');
  const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;
  // The stored metric values are kept while the form still shows them as they were shown: a trip through
  // pounds or feet and inches (rounded for display) must never change the profile, nor so the targets.
  // How the stored profile shows in the form's units: directly, or converted from its own units by a switch.
  const shownAs = previous
    ? [formFromProfile({ ...previous, units: form.units }), switchUnits(formFromProfile(previous), form.units)]
    : [];
  const inches = (f: ProfileForm) => (f.heightIn === '' ? 0 : f.heightIn);
  const heightUnchanged = shownAs.some((shown) =>
    form.units === 'metric'
      ? form.heightCm === shown.heightCm
      : form.heightFt === shown.heightFt && inches(form) === inches(shown),
  );
  const weightUnchanged = shownAs.some((shown) => form.weight === shown.weight);
  const rateUnchanged = shownAs.some((shown) => form.goal === shown.goal && form.rate === shown.rate);
  return {
    sex: form.sex,
    birth_date: form.birthDate,
    height_cm: previous && heightUnchanged ? previous.height_cm : round(Math.min(Math.max(height, HEIGHT_CM[0]), HEIGHT_CM[1]), 1),
    weight_kg: previous && weightUnchanged ? previous.weight_kg : round(weight, 2),
    activity_level: form.activityLevel,
    goal: form.goal,
    rate_kg_per_week:
      previous && rateUnchanged ? previous.rate_kg_per_week : round(Math.min(rateKgOf(form), MAX_RATE_KG), 3),
    diet: form.diet,
    allergies: form.allergies,
    excluded_food_ids: previous?.excluded_food_ids ?? [],
    meals_per_day: form.mealsPerDay,
    units: form.units,
    life_stage: form.sex === 'female' ? form.lifeStage : 'none',
    trimester: form.sex === 'female' && form.lifeStage === 'pregnant' && form.trimester !== '' ? form.trimester : null,
    adaptive_targets: previous?.adaptive_targets ?? false,
    leftovers: form.leftovers ?? previous?.leftovers ?? 'never',
    cooking_minutes_weekday: form.cookingWeekday === '' ? null : Math.round(form.cookingWeekday),
    cooking_minutes_weekend: form.cookingWeekend === '' ? null : Math.round(form.cookingWeekend),
  };
}
