/** The dashboard's weight trend: the latest weigh-in, its trend, and the chart. */
import { Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { WeightTrendChart } from '../../../components/WeightTrendChart';
import { formatDay } from '../../../lib/dates';
import { usePreferences } from '../../../lib/preferences';
import { formatBodyWeight } from '../../../lib/units';
import { useWeights } from '../api/weight';

export function WeightSection() {
  const { units } = usePreferences();
  const weights = useWeights();
  const latest = weights.data?.items[0];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="weight-trend">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="weight-trend">
          Weight trend
        </Title>
        <Anchor component={Link} to="/weight" size="sm">
          Log weight
        </Anchor>
      </Group>
      {weights.isPending && <LoadingState label="Loading weigh-ins…" />}
      {weights.isError && <ErrorState error={weights.error} onRetry={() => void weights.refetch()} />}
      {weights.data && weights.data.items.length === 0 && (
        <EmptyState title="No weigh-ins yet">
          <Text size="sm">Log your weight to see your trend.</Text>
        </EmptyState>
      )}
      {weights.data && latest && (
        <Stack gap="xs">
          <Text size="sm">
            Latest {formatBodyWeight(latest.weight_kg, units)} on {formatDay(latest.date)} · trend{' '}
            {formatBodyWeight(latest.trend_kg, units)}
          </Text>
          <WeightTrendChart points={weights.data.items} units={units} />
        </Stack>
      )}
    </Paper>
  );
}
