/** The nutrient panel the API computes (GET /api/diary/{day} and each plan day): the web app only renders it. */
import type { components } from '../client/schema';
import { formatAmount } from './nutrients';

export type NutrientPanel = components['schemas']['NutrientPanel'];
export type NutrientRow = components['schemas']['NutrientRow'];
export type PanelStatus = NutrientRow['status'];

export const PANEL_LABEL: Record<PanelStatus, string> = {
  met: 'Met',
  close: 'Close',
  low: 'Low',
  over: 'Over limit',
  so_far: 'So far',
  unknown: 'No data',
};

export const PANEL_BAR_COLOR: Record<PanelStatus, string> = {
  met: 'brand',
  close: 'yellow',
  low: 'orange',
  over: 'red',
  so_far: 'blue',
  unknown: 'gray',
};

/** Text colours, dark enough for WCAG AA on white and on the light alert tints. */
export const PANEL_TEXT_COLOR: Record<PanelStatus, string | undefined> = {
  met: '#1b6b3a',
  close: '#6b5000',
  low: '#a63c06',
  over: '#b02525',
  so_far: undefined,
  unknown: 'var(--mantine-color-dimmed)',
};

/** "82 g (range 56–144 g)", "≥ 18 mg", "≤ 18 g": the one number to aim at, with the range as context. */
export function targetText(row: Pick<NutrientRow, 'goal' | 'min' | 'max' | 'unit'>): string {
  const { goal, min, max, unit } = row;
  if (goal != null && min != null && max != null) {
    return `${formatAmount(goal, unit)} (range ${formatAmount(min)}–${formatAmount(max)} ${unit})`;
  }
  if (goal != null && max != null) return `${formatAmount(goal, unit)} (at most ${formatAmount(max, unit)})`;
  if (goal != null) return formatAmount(goal, unit);
  if (min != null) return `≥ ${formatAmount(min, unit)}`;
  if (max != null) return `≤ ${formatAmount(max, unit)}`;
  return 'no target';
}
