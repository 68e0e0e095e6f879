/** A plan day's nutrient adequacy: bars for every nutrient with a target, and each shortfall explained. */
import { List, Stack, Title } from '@mantine/core';
import { IncompleteNote } from '../../../components/IncompleteNote';
import { NutrientPanelView } from '../../../components/NutrientPanelView';
import { formatAmount, nutrientInfo } from '../../../lib/nutrients';
import type { NutrientTarget, Targets } from '../../../lib/targets';
import type { PlanDay, Shortfall } from '../api/plans';

export const HEADLINE_KEYS = ['energy_kcal', 'protein_g', 'fat_g', 'carbs_g', 'fiber_g', 'saturated_fat_g', 'sodium_mg'];

/** A sentence for a shortfall: how much is missing, of what reference, and what would help. */
export function explainShortfall(shortfall: Shortfall, target?: NutrientTarget): string {
  const info = nutrientInfo(shortfall.nutrient);
  const unit = shortfall.unit ?? target?.unit ?? info.unit;
  const percent = shortfall.target > 0 ? Math.round((shortfall.amount / shortfall.target) * 100) : null;
  const basis = target?.basis ? ` (${target.basis})` : '';
  let text = `${info.label}: ${formatAmount(shortfall.amount, unit)} of the ${formatAmount(shortfall.target, unit)} target${basis}`;
  if (percent !== null) text += `, ${percent}%`;
  text += '.';
  if (shortfall.suggestion) text += ` ${shortfall.suggestion}`;
  return text;
}

export function DayAdequacy({ day, targets }: { day: PlanDay; targets: Targets }) {
  const nutrients = targets.nutrients;
  // The API sends the panel with every plan day (its statuses are the server's, in nutrition/panel.py).
  if (!day.panel) return null;
  // The panel's rows say which nutrients are low or close; the solver's shortfalls add what would help.
  const advised = day.shortfalls.filter((shortfall) =>
    day.panel?.rows.some((row) => row.key === shortfall.nutrient && (row.status === 'low' || row.status === 'close')),
  );
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Nutrient adequacy
      </Title>
      <NutrientPanelView panel={day.panel} headlineKeys={HEADLINE_KEYS} columns={2} />
      {advised.length > 0 && (
        <List size="sm" spacing={4} aria-label="What would help">
          {advised.map((shortfall) => (
            <List.Item key={shortfall.nutrient}>{explainShortfall(shortfall, nutrients[shortfall.nutrient])}</List.Item>
          ))}
        </List>
      )}
      <IncompleteNote incomplete={day.incomplete} keys={Object.keys(nutrients)} />
      {day.notes.length > 0 && (
        <List size="sm" spacing={4}>
          {day.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
