/** How many of a day's nutrient targets its totals meet, and which plan covers a day: the numbers behind the week's adequacy. */
import { addDays } from '../../lib/dates';

export interface DayScore {
  met: number;
  total: number;
  low: string[];
  high: string[];
}

/** A day's score from the API's panel (its statuses are the ones the day's headline shows); names in words. */
export function scorePanel(rows: { name: string; status: string }[]): DayScore & { close: string[] } {
  const known = rows.filter((row) => row.status !== 'unknown');
  return {
    met: known.filter((row) => row.status === 'met').length,
    total: known.length,
    low: known.filter((row) => row.status === 'low').map((row) => row.name),
    close: known.filter((row) => row.status === 'close').map((row) => row.name),
    high: known.filter((row) => row.status === 'over').map((row) => row.name),
  };
}

/** The newest plan whose days include `date`, if any. */
export function planCovering<T extends { start_date: string; days: number; created_at: string }>(
  plans: T[],
  date: string,
): T | undefined {
  return plans
    .filter((plan) => plan.start_date <= date && date < addDays(plan.start_date, plan.days))
    .sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
}
