/** Goal − Food = Remaining, the energy sum people know from food diaries. */
import { Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { remainingEquation } from '../diary';

function Term({ label, value, strong, color }: { label: string; value: string; strong?: boolean; color?: string }) {
  return (
    <div style={{ textAlign: 'center' }}>
      <Text fw={strong ? 700 : 600} size="lg" c={color}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </div>
  );
}

const Sign = ({ children }: { children: ReactNode }) => (
  <Text size="lg" c="dimmed" aria-hidden>
    {children}
  </Text>
);

export function RemainingLine({ goal, food }: { goal: number | null | undefined; food: number | null | undefined }) {
  const line = remainingEquation(goal, food);
  if (line === null) return null;
  return (
    <Paper withBorder p="sm" component="section" aria-label="Calories remaining">
      <Group justify="center" gap="md" wrap="nowrap" data-testid="remaining-line">
        <Term label="Goal" value={line.goal} />
        <Sign>−</Sign>
        <Term label="Food" value={line.food} />
        <Sign>=</Sign>
        <Term label={line.over ? 'Over (kcal)' : 'Remaining (kcal)'} value={line.remaining} strong color={line.over ? 'red.8' : undefined} />
      </Group>
    </Paper>
  );
}
