/** The weigh-ins and their trend over a chosen range. */
import { Group, Paper, SegmentedControl, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { WeightTrendChart } from '../../../components/WeightTrendChart';
import { today } from '../../../lib/dates';
import { type Units } from '../../../lib/units';
import { type WeightEntry } from '../api/weight';
import { weighInsInRange, type ChartRange } from '../weightForm';

export function WeightChart({ items, units }: { items: WeightEntry[]; units: Units }) {
  const [range, setRange] = useState<ChartRange>('90');
  const points = weighInsInRange(items, range, today());
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="weight-chart">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="weight-chart">
          Chart
        </Title>
        <SegmentedControl
          size="xs"
          aria-label="Chart range"
          value={range}
          onChange={(value) => setRange(value as ChartRange)}
          data={[
            { value: '30', label: '30 days' },
            { value: '90', label: '90 days' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>
      {points.length === 0 ? (
        <Text size="sm" c="dimmed">
          No weigh-ins in this range.
        </Text>
      ) : (
        <WeightTrendChart points={points} units={units} height={260} />
      )}
    </Paper>
  );
}
