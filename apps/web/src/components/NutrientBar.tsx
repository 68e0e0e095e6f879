/** One nutrient against its target range: a bar coloured by status, with the numbers spelled out. */
import { Group, Progress, Stack, Text } from '@mantine/core';
import { adequacy, STATUS_COLOR, STATUS_LABEL, STATUS_TEXT_COLOR } from '../lib/adequacy';
import { formatAmount } from '../lib/nutrients';

export interface NutrientBarProps {
  label: string;
  amount: number | null | undefined;
  min?: number | null;
  max?: number | null;
  unit: string;
}

function targetText(min: number | null | undefined, max: number | null | undefined, unit: string): string {
  if (min != null && max != null) return `${formatAmount(min)}–${formatAmount(max)} ${unit}`;
  if (min != null) return `≥ ${formatAmount(min, unit)}`;
  if (max != null) return `≤ ${formatAmount(max, unit)}`;
  return 'no target';
}

export function NutrientBar({ label, amount, min, max, unit }: NutrientBarProps) {
  const result = adequacy(amount, { min, max });
  const percent = result.percent ?? 0;
  const target = targetText(min, max, unit);
  return (
    <Stack gap={2} data-status={result.status}>
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Text size="sm" c={STATUS_TEXT_COLOR[result.status]}>
          {formatAmount(amount, unit)} / {target}
          {result.status !== 'ok' && ` · ${STATUS_LABEL[result.status]}`}
        </Text>
      </Group>
      <Progress.Root size="md" aria-hidden>
        <Progress.Section value={Math.min(percent, 100)} color={STATUS_COLOR[result.status]} />
      </Progress.Root>
    </Stack>
  );
}
