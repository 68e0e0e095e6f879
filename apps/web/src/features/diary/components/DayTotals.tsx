/** The day's totals against the targets: the headline numbers, bars for the macros, and every nutrient. */
import { Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IncompleteNote } from '../../../components/IncompleteNote';
import { NutrientPanelView } from '../../../components/NutrientPanelView';
import { formatAmount, nutrientInfo } from '../../../lib/nutrients';
import { energyLeft } from '../diary';
import type { DiaryDay } from '../api/diary';

export const HEADLINE_KEYS = ['energy_kcal', 'protein_g', 'fat_g', 'carbs_g', 'fiber_g'] as const;

/** The day's total of a key as shown: kcal whole, grams with the nutrient's usual precision. */
export function formatTotal(key: string, value: number | null | undefined): string {
  if (key === 'energy_kcal') return value == null ? '0 kcal' : `${Math.round(value)} kcal`;
  return formatAmount(value ?? 0, nutrientInfo(key).unit);
}

export function DayTotals({ day }: { day: DiaryDay }) {
  const targets = day.targets?.nutrients ?? {};
  const energyTarget = day.targets?.energy_kcal ?? null;
  const left = energyLeft(day.totals.energy_kcal, energyTarget);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="diary-totals">
      <Stack gap="sm">
        <Title order={2} size="h4" id="diary-totals">
          Totals
        </Title>
        <SimpleGrid cols={{ base: 2, xs: 5 }} spacing="xs">
          {HEADLINE_KEYS.map((key) => (
            <div key={key}>
              <Text size="xs" c="dimmed">
                {nutrientInfo(key).label}
              </Text>
              <Text fw={700} data-testid={`diary-total-${key}`}>
                {formatTotal(key, day.totals[key])}
              </Text>
            </div>
          ))}
        </SimpleGrid>
        {left !== null && (
          <Text size="sm" data-testid="diary-energy-left">
            {left >= 0
              ? `${Math.round(left)} kcal left of your ${Math.round(energyTarget ?? 0)} kcal target`
              : `${Math.round(-left)} kcal over your ${Math.round(energyTarget ?? 0)} kcal target`}
          </Text>
        )}
        {day.targets === null && (
          <Text size="sm" c="dimmed">
            Complete your profile to see targets.
          </Text>
        )}
        {day.targets !== null && <IncompleteNote incomplete={day.incomplete} keys={Object.keys(targets)} />}
        {day.panel && <NutrientPanelView panel={day.panel} headlineKeys={HEADLINE_KEYS} othersLabel="All nutrients against targets" />}
      </Stack>
    </Paper>
  );
}
