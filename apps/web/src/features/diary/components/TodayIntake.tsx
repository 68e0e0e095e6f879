/** The dashboard's "Eaten today": the day's energy and macronutrients as rings against their targets. */
import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { MacroRings } from '../../../components/MacroRings';
import { ErrorState, LoadingState } from '../../../components/states';
import { nutrientInfo } from '../../../lib/nutrients';
import { useDiaryDay } from '../api/diary';

export function TodayIntake({ date }: { date: string }) {
  const diary = useDiaryDay(date);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="today-intake">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="today-intake">
          Eaten today
        </Title>
        <Anchor component={Link} to={`/diary?date=${date}`} size="sm">
          Open the diary
        </Anchor>
      </Group>
      {diary.isPending && <LoadingState label="Loading today's diary…" />}
      {diary.isError && <ErrorState error={diary.error} onRetry={() => void diary.refetch()} />}
      {diary.data && (
        <Stack gap="xs">
          <MacroRings
            rings={['energy_kcal', 'protein_g', 'fat_g', 'carbs_g'].map((key) => {
              const target = diary.data.targets?.nutrients[key];
              const energy = diary.data.targets?.energy_kcal;
              const info = nutrientInfo(key);
              return {
                key,
                label: key === 'carbs_g' ? 'Carbs' : info.label,
                amount: diary.data.totals[key] ?? 0,
                min: target?.min,
                max: target?.max,
                // One number to aim at (the API's goal: the energy target, each macro's point inside its range).
                goal: target?.goal ?? (key === 'energy_kcal' ? energy : undefined),
                unit: info.unit,
                over: diary.data.panel?.rows.some((row) => row.key === key && row.status === 'over') ?? false,
              };
            })}
          />
          {diary.data.entries.length === 0 && (
            <Text size="sm" c="dimmed">
              Nothing logged yet today. Log a planned meal below, or add food in the diary.
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
