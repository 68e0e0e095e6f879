/** The review of an imported recipe: the draft as an editable form, what still needs the person, and the save body. */
import type { DraftFood, RecipeCreate, RecipeDraft } from './api/recipes';

/** Below this the match is shown as "check this": the food was found from part of the line, or without its amount. */
export const LOW_CONFIDENCE = 0.6;
const MAX_GRAMS = 20_000;
const MAX_STEPS = 50;

export interface ImportLine {
  key: string;
  /** The line as the recipe wrote it. */
  line: string;
  food: DraftFood | null;
  grams: number | '';
  confidence: number;
  /** The foods the person can pick from: the match, its alternatives, and any found by search. */
  choices: DraftFood[];
  /** The person picked or confirmed the food: the parser's confidence no longer applies. */
  chosen: boolean;
  note: string | null;
}

export interface ImportForm {
  name: string;
  servings: number | '';
  mealTypes: string[];
  steps: string;
  activeMinutes: number | '';
  totalMinutes: number | '';
  keepsDays: number | '';
  lines: ImportLine[];
}

let lineCounter = 0;
const newLineKey = (): string => `line-${++lineCounter}`;

function uniqueFoods(foods: (DraftFood | null)[]): DraftFood[] {
  const seen = new Set<number>();
  return foods.filter((food): food is DraftFood => {
    if (!food || seen.has(food.id)) return false;
    seen.add(food.id);
    return true;
  });
}

export function formFromDraft(draft: RecipeDraft): ImportForm {
  return {
    name: draft.name ?? '',
    servings: draft.servings && draft.servings > 0 ? Math.min(draft.servings, 100) : 1,
    mealTypes: [...(draft.meal_types ?? [])],
    steps: (draft.steps ?? []).join('\n'),
    activeMinutes: draft.active_minutes ?? '',
    totalMinutes: draft.total_minutes ?? '',
    keepsDays: '',
    lines: draft.ingredients
      .filter((item) => item.line.trim())
      .map((item) => ({
        key: newLineKey(),
        line: item.line,
        food: item.food,
        grams: item.food && item.grams != null ? Math.round(item.grams * 10) / 10 : '',
        confidence: item.food ? item.confidence : 0,
        choices: uniqueFoods([item.food, ...item.alternatives]),
        chosen: false,
        note: item.flag ?? item.note ?? null,
      })),
  };
}

export type LineStatus = 'unmatched' | 'no-grams' | 'check' | 'good' | 'chosen';

/** What a line needs from the person, in plain words on the review screen. */
export function lineStatus(line: ImportLine): LineStatus {
  if (!line.food) return 'unmatched';
  if (line.grams === '') return 'no-grams';
  if (line.chosen) return 'chosen';
  return line.confidence < LOW_CONFIDENCE ? 'check' : 'good';
}

export const STATUS_TEXT: Record<LineStatus, string> = {
  unmatched: 'Not matched: find the food or remove the line',
  'no-grams': 'Enter the grams',
  check: 'Check this: the match may be wrong',
  good: 'Good match',
  chosen: 'Your choice',
};

/** Pick one of the line's foods (or one found by search, which joins its choices); the person has decided. */
export function chooseFood(line: ImportLine, food: DraftFood): ImportLine {
  return { ...line, food, chosen: true, choices: uniqueFoods([...line.choices, food]) };
}

export type ImportErrors = Partial<Record<string, string>>;

export function validateImport(form: ImportForm): ImportErrors {
  const errors: ImportErrors = {};
  if (!form.name.trim()) errors.name = 'Give the recipe a name.';
  if (form.servings === '' || form.servings <= 0 || form.servings > 100) errors.servings = 'Servings must be more than 0 and at most 100.';
  if (form.mealTypes.length === 0) errors.mealTypes = 'Choose at least one meal, so plans can use the recipe.';
  for (const [field, value] of [
    ['activeMinutes', form.activeMinutes],
    ['totalMinutes', form.totalMinutes],
  ] as const) {
    if (value !== '' && (value < 0 || value > 1440)) errors[field] = 'At most 1440 minutes.';
  }
  if (form.activeMinutes !== '' && form.totalMinutes !== '' && form.activeMinutes > form.totalMinutes) {
    errors.activeMinutes = 'Hands-on time cannot be longer than the total time.';
  }
  if (form.keepsDays !== '' && (form.keepsDays < 0 || form.keepsDays > 7)) errors.keepsDays = 'From 0 to 7 days.';
  if (stepsOf(form).length > MAX_STEPS) errors.steps = `At most ${MAX_STEPS} steps.`;
  if (form.lines.length === 0) errors.lines = 'Keep at least one ingredient.';
  if (form.lines.length > 100) errors.lines = 'At most 100 ingredients.';
  for (const line of form.lines) {
    if (!line.food) errors[`line-${line.key}`] = `“${line.line}” is not matched: find its food or remove it.`;
    else if (line.grams === '' || line.grams <= 0 || line.grams > MAX_GRAMS) {
      errors[`line-${line.key}`] = `“${line.line}”: enter grams above 0 and at most ${MAX_GRAMS}.`;
    }
  }
  return errors;
}

function stepsOf(form: ImportForm): string[] {
  return form.steps
    .split('\n')
    .map((step) => step.trim())
    .filter(Boolean);
}

const orNull = (value: number | ''): number | null => (value === '' ? null : value);

/** The POST /api/recipes body; only for a form validateImport accepts (every line has a food and grams). */
export function importBody(form: ImportForm): RecipeCreate {
  return {
    name: form.name.trim(),
    servings: Number(form.servings),
    meal_types: form.mealTypes,
    steps: stepsOf(form),
    active_minutes: orNull(form.activeMinutes),
    total_minutes: orNull(form.totalMinutes),
    keeps_days: orNull(form.keepsDays),
    ingredients: form.lines.map((line) => ({ food_id: line.food?.id ?? 0, grams: Number(line.grams), note: '' })),
  };
}
