/** /diary?date=YYYY-MM-DD: a day's entries by meal, totals against targets, adding food, copying from the plan. */
import { Button, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { usePreferences } from '../../../lib/preferences';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { addDays, formatDay, today } from '../../../lib/dates';
import { usePageTitle } from '../../../lib/usePageTitle';
import { AddFoodForm } from './AddFoodForm';
import { DayTotals } from './DayTotals';
import { dateFromParam, groupBySlot } from '../diary';
import { SLOTS } from '../../../lib/slots';
import { useDiaryDay, type MealLog } from '../api/diary';
import { SlotSection } from './SlotSection';
import { CopyEntries } from './CopyEntries';
import { QuickAddForm } from './QuickAddForm';
import { RemainingLine } from './RemainingLine';

/** `fromPlan`: the day's planned meals to log, under the food form (the route brings them from the plans). */
export default function DiaryPage({ fromPlan }: { fromPlan?: (date: string, entries: MealLog[]) => ReactNode }) {
  usePageTitle('Diary');
  const [params, setParams] = useSearchParams();
  const todayDate = today();
  const date = dateFromParam(params.get('date'), todayDate);
  const { units } = usePreferences();
  const diary = useDiaryDay(date);

  const goTo = (next: string) => setParams(next === todayDate ? {} : { date: next });
  const byslot = groupBySlot(diary.data?.entries ?? []);

  return (
    <Stack gap="md">
      <Title order={1}>Diary</Title>
      <Group gap="xs" wrap="wrap" align="flex-end" component="nav" aria-label="Day">
        <Button variant="default" onClick={() => goTo(addDays(date, -1))}>
          Previous day
        </Button>
        <TextInput
          type="date"
          label="Date"
          value={date}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (dateFromParam(value, '') !== '') goTo(value);
          }}
          w={170}
        />
        <Button variant="default" onClick={() => goTo(addDays(date, 1))}>
          Next day
        </Button>
        <Button variant="subtle" onClick={() => goTo(todayDate)} disabled={date === todayDate}>
          Today
        </Button>
      </Group>
      <Text c="dimmed" size="sm" aria-live="polite">
        {date === todayDate ? 'Today, ' : ''}
        {formatDay(date)}
      </Text>
      {diary.isPending && <LoadingState label="Loading the day…" />}
      {diary.isError && <ErrorState error={diary.error} onRetry={() => void diary.refetch()} />}
      {diary.data && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
          {/* Adding food comes first: from the skip link, the food search is a few Tabs away, not forty. */}
          <Stack gap="md">
            <AddFoodForm date={date} units={units} />
            <QuickAddForm date={date} />
            {fromPlan?.(date, diary.data.entries)}
          </Stack>
          <Stack gap="md">
            <RemainingLine goal={diary.data.targets?.energy_kcal} food={diary.data.totals.energy_kcal} />
            <DayTotals day={diary.data} />
            {diary.data.entries.length === 0 && (
              <EmptyState title="Nothing logged on this day">
                <Text size="sm" c="dimmed">
                  Add food with the search, or log a meal from your plan.
                </Text>
              </EmptyState>
            )}
            {/* An action on the day's entries, so it sits with them, not in the day navigation (which stays a few
                Tabs long: from the skip link the food search comes right after it). */}
            {diary.data.entries.length > 0 && (
              <Group justify="flex-end">
                <CopyEntries date={date} />
              </Group>
            )}
            {SLOTS.map((slot) => (
              <SlotSection key={slot} slot={slot} entries={byslot[slot]} date={date} units={units} />
            ))}
          </Stack>
        </SimpleGrid>
      )}
    </Stack>
  );
}
