/** /weight: log a weigh-in in the user's units, the chart with its trend line, and progress with estimated TDEE. */
import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { usePreferences } from '../../../lib/preferences';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useWeights } from '../api/weight';
import { ProgressCard } from './ProgressCard';
import { WeightChart } from './WeightChart';
import { WeightForm } from './WeightForm';
import { WeightTable } from './WeightTable';

export default function WeightPage() {
  usePageTitle('Weight');
  const { units } = usePreferences();
  const weights = useWeights();

  return (
    <Stack gap="md">
      <Title order={1}>Weight</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <WeightForm units={units} latest={weights.data?.items[0]} />
        <ProgressCard units={units} />
      </SimpleGrid>
      {weights.isPending && <LoadingState label="Loading your weigh-ins…" />}
      {weights.isError && <ErrorState error={weights.error} onRetry={() => void weights.refetch()} />}
      {weights.data && weights.data.items.length === 0 && (
        <EmptyState title="No weigh-ins yet">
          <Text size="sm" c="dimmed">
            Weigh yourself at the same time of day, a few times a week; the trend line smooths out the daily ups and downs.
          </Text>
        </EmptyState>
      )}
      {weights.data && weights.data.items.length > 0 && (
        <>
          <WeightChart items={weights.data.items} units={units} />
          <WeightTable items={weights.data.items} units={units} />
        </>
      )}
    </Stack>
  );
}
