/** "Swap" on a meal card: the recipes the meal may change to, ranked by how well the day then meets its
 * targets; choosing one applies it and the server re-balances the unlocked rest of the day. */
import { Alert, Button, Group, Loader, Modal, Stack, Text, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../components/states';
import { formatAmount } from '../../../lib/nutrients';
import { slotLabel } from '../../../lib/slots';
import { useMealAlternatives, useSwapMeal, type Alternative, type PlanMeal } from '../api/plans';

export interface SwapMealProps {
  planId: number;
  meal: PlanMeal;
  /** The day's energy target, to say how far each alternative leaves the day from it. */
  energyTarget: number;
  disabled?: boolean;
}

export function dayEffect(alternative: Alternative, energyTarget: number): string {
  const energy = alternative.day_totals.energy_kcal ?? 0;
  const off = Math.round(energy - energyTarget);
  const energyWords = Math.abs(off) <= energyTarget * 0.05 ? 'on target' : off > 0 ? `${off} kcal over` : `${-off} kcal under`;
  const short = alternative.day_shortfalls.length;
  return `Day ${Math.round(energy)} kcal (${energyWords}) · ${short === 0 ? 'no shortfalls' : `${short} shortfall${short === 1 ? '' : 's'}`}`;
}

export function SwapMeal({ planId, meal, energyTarget, disabled }: SwapMealProps) {
  const [opened, setOpened] = useState(false);
  const alternatives = useMealAlternatives(planId, meal.id, opened);
  const swap = useSwapMeal(planId);
  const slot = slotLabel(meal.slot).toLowerCase();
  const allLocked = meal.items.length > 0 && meal.items.every((item) => item.locked);

  return (
    <>
      <Button
        size="xs"
        variant="light"
        disabled={disabled || allLocked}
        title={allLocked ? 'Every item is locked: unlock one to swap the meal' : undefined}
        onClick={() => {
          swap.reset();
          setOpened(true);
        }}
        aria-label={`Swap ${slot}`}
      >
        Swap
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`Swap ${slot}: ${meal.name}`} size="lg">
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            Best fit for the day first. After the swap the rest of the day (what is not locked) re-balances.
          </Text>
          {alternatives.isPending && (
            <Group gap="xs">
              <Loader size="sm" /> <Text size="sm">Finding alternatives…</Text>
            </Group>
          )}
          {alternatives.error && <Alert color="red">{errorMessage(alternatives.error)}</Alert>}
          {swap.error && <Alert color="red" title="Could not swap">{errorMessage(swap.error)}</Alert>}
          {alternatives.data?.items.length === 0 && <Text size="sm">No other recipe fits this meal.</Text>}
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Alternatives">
            {alternatives.data?.items.map((alternative) => (
              <li key={alternative.source_id}>
                <UnstyledButton
                  w="100%"
                  p="xs"
                  mih={44}
                  style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8 }}
                  disabled={swap.isPending}
                  aria-label={`Swap to ${alternative.name}`}
                  onClick={() =>
                    swap.mutate({ mealId: meal.id, sourceId: alternative.source_id }, { onSuccess: () => setOpened(false) })
                  }
                >
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Stack gap={0} style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600}>
                        {alternative.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {dayEffect(alternative, energyTarget)}
                      </Text>
                    </Stack>
                    <Stack gap={0} align="flex-end" style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{formatAmount(alternative.nutrients.energy_kcal, 'kcal')}</Text>
                      <Text size="xs" c="dimmed">
                        Protein {formatAmount(alternative.nutrients.protein_g, 'g')}
                      </Text>
                    </Stack>
                  </Group>
                </UnstyledButton>
              </li>
            ))}
          </Stack>
          {swap.isPending && (
            <Group gap="xs">
              <Loader size="sm" /> <Text size="sm">Swapping and re-balancing the day…</Text>
            </Group>
          )}
        </Stack>
      </Modal>
    </>
  );
}
