/** How an amount of a nutrient compares with its target range: the status behind every adequacy bar. */
import type { NutrientTarget } from './targets';

export type AdequacyStatus = 'low' | 'ok' | 'high' | 'unknown';

export interface Adequacy {
  status: AdequacyStatus;
  /** Amount as a percentage of the reference (the minimum, else the maximum); null when unknowable. */
  percent: number | null;
  /** How far below the minimum (positive) when low. */
  shortBy: number | null;
  /** How far above the maximum (positive) when high. */
  overBy: number | null;
}

/** The bounds of a target; a bar or ring may give either or neither. */
export type TargetRange = Partial<Pick<NutrientTarget, 'min' | 'max'>>;

export function adequacy(amount: number | null | undefined, target: TargetRange): Adequacy {
  const min = target.min ?? null;
  const max = target.max ?? null;
  const reference = min ?? max;
  if (amount == null || Number.isNaN(amount) || reference === null) {
    return { status: 'unknown', percent: null, shortBy: null, overBy: null };
  }
  const percent = reference > 0 ? (amount / reference) * 100 : null;
  if (min !== null && amount < min) return { status: 'low', percent, shortBy: min - amount, overBy: null };
  if (max !== null && amount > max) return { status: 'high', percent, shortBy: null, overBy: amount - max };
  return { status: 'ok', percent, shortBy: null, overBy: null };
}

export const STATUS_COLOR: Record<AdequacyStatus, string> = {
  low: 'orange',
  ok: 'brand',
  high: 'red',
  unknown: 'gray',
};

export const STATUS_LABEL: Record<AdequacyStatus, string> = {
  low: 'Below target',
  ok: 'On target',
  high: 'Above limit',
  unknown: 'No data',
};

/** Text colours for the statuses, dark enough for WCAG AA on white (Mantine's orange.9 is not). */
export const STATUS_TEXT_COLOR: Record<AdequacyStatus, string | undefined> = {
  low: '#a63c06',
  ok: undefined,
  high: '#b02525',
  unknown: 'var(--mantine-color-dimmed)',
};
