/** How many of a day's nutrient targets its totals meet: the numbers behind the week's adequacy. */
import { adequacy, type TargetRange } from '../../lib/adequacy';

export interface DayScore {
  met: number;
  total: number;
  low: string[];
  high: string[];
}

export function scoreDay(totals: Record<string, number | null | undefined>, targets: Record<string, TargetRange>): DayScore {
  const score: DayScore = { met: 0, total: 0, low: [], high: [] };
  for (const [key, target] of Object.entries(targets)) {
    const result = adequacy(totals[key], target);
    if (result.status === 'unknown') continue;
    score.total += 1;
    if (result.status === 'ok') score.met += 1;
    else if (result.status === 'low') score.low.push(key);
    else score.high.push(key);
  }
  return score;
}

/** The plan (from a newest-first list) whose days include `date`, if any. */
export function planCovering<T extends { start_date: string; days: number; created_at: string }>(
  plans: T[],
  date: string,
): T | undefined {
  const covering = plans.filter((plan) => {
    const start = new Date(`${plan.start_date}T00:00:00`);
    const end = new Date(start);
    end.setDate(end.getDate() + plan.days);
    const day = new Date(`${date}T00:00:00`);
    return day >= start && day < end;
  });
  return covering.sort((a, b) => b.created_at.localeCompare(a.created_at))[0];
}
