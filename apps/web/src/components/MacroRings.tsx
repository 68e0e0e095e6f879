/** Energy and macronutrients eaten against the day's targets, as rings with the numbers beside them. */
import { Group, RingProgress, SimpleGrid, Stack, Text } from '@mantine/core';
import { formatAmount } from '../lib/nutrients';

export interface MacroRing {
  key: string;
  label: string;
  amount: number | null | undefined;
  min?: number | null;
  max?: number | null;
  unit: string;
  /** What the ring fills towards; defaults to the middle of the range (or its only bound). */
  goal?: number | null;
  /** Above its limit, as the API's nutrient panel says (status "over"): the ring turns red. */
  over?: boolean;
}

export function ringGoal(ring: Pick<MacroRing, 'goal' | 'min' | 'max'>): number | null {
  if (ring.goal != null) return ring.goal;
  if (ring.min != null && ring.max != null) return (ring.min + ring.max) / 2;
  return ring.min ?? ring.max ?? null;
}

function rangeText(ring: MacroRing): string {
  if (ring.goal != null) return formatAmount(ring.goal, ring.unit);
  if (ring.min != null && ring.max != null) return `${formatAmount(ring.min)}–${formatAmount(ring.max, ring.unit)}`;
  if (ring.min != null) return `≥ ${formatAmount(ring.min, ring.unit)}`;
  if (ring.max != null) return `≤ ${formatAmount(ring.max, ring.unit)}`;
  return 'no target';
}

export function MacroRings({ rings }: { rings: MacroRing[] }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
      {rings.map((ring) => {
        const reference = ringGoal(ring);
        const value = reference && ring.amount != null ? Math.min((ring.amount / reference) * 100, 100) : 0;
        const summary = `${formatAmount(ring.amount ?? 0, ring.unit)} of ${rangeText(ring)}`;
        return (
          <Group key={ring.key} gap="xs" wrap="nowrap" data-testid={`ring-${ring.key}`}>
            <RingProgress
              size={64}
              thickness={8}
              roundCaps
              sections={[{ value, color: ring.over ? 'red' : 'brand' }]}
              label={
                <Text ta="center" size="xs" fw={700}>
                  {Math.round(value)}%
                </Text>
              }
              aria-hidden
            />
            <Stack gap={0} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
              <Text size="sm" fw={600}>
                {ring.label}
              </Text>
              <Text size="sm">{summary}</Text>
            </Stack>
          </Group>
        );
      })}
    </SimpleGrid>
  );
}
