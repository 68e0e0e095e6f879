/** Add a food to the day: pick the meal, search the food, choose quantity and measure, log it. */
import { Alert, Button, Group, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorState, LoadingState } from '../../../components/states';
import { formatAmount } from '../../../lib/nutrients';
import type { Units } from '../../../lib/units';
import { ConflictBadges, conflictSentence } from '../../../components/ConflictBadges';
import { FoodTabs } from './FoodTabs';
import { defaultPortion, type Measure } from '../../../lib/measures';
import { MeasurePicker, portionGrams, type Portion } from '../../../components/MeasurePicker';
import { useFood, useRecipe, type Food, type FoodSummary } from '../../../lib/catalogue';
import { slotForHour } from '../diary';
import { SLOT_LABEL, SLOTS, type Slot } from '../../../lib/slots';
import { useAddLog } from '../api/diary';
import { focusKeyProps, refocus } from '../../../lib/focus';

export function AddFoodForm({ date, units }: { date: string; units: Units }) {
  const [slot, setSlot] = useState<Slot>(() => slotForHour(new Date().getHours()));
  const [picked, setPicked] = useState<FoodSummary | null>(null);

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="add-food">
      <Stack gap="sm">
        <Title order={2} size="h4" id="add-food">
          Add food
        </Title>
        <NativeSelect
          label="Meal"
          value={slot}
          onChange={(event) => setSlot(event.currentTarget.value as Slot)}
          data={SLOTS.map((value) => ({ value, label: SLOT_LABEL[value] }))}
        />
        {picked === null ? (
          <FoodTabs onPick={setPicked} />
        ) : (
          <PortionForm
            key={picked.id}
            food={picked}
            slot={slot}
            date={date}
            units={units}
            onDone={() => setPicked(null)}
          />
        )}
      </Stack>
    </Paper>
  );
}

function PortionForm({
  food,
  slot,
  date,
  units,
  onDone,
}: {
  food: FoodSummary;
  slot: Slot;
  date: string;
  units: Units;
  onDone: () => void;
}) {
  const detail = useFood(food.id);
  const isRecipe = food.source === 'recipe';
  const recipe = useRecipe(isRecipe ? food.id : null);
  const add = useAddLog();
  const [portion, setPortion] = useState<Portion | null>(null);
  // A food that clashes with the person's allergies or diet is logged only after a second, explicit yes.
  const [confirming, setConfirming] = useState(false);
  const conflicts = food.conflicts ?? [];
  const shown = food.display_name || food.name;
  const loading = detail.isPending || (isRecipe && recipe.isPending);
  // The picked food's button has left the page with the list: the keyboard goes on to the amount, once it is drawn.
  useEffect(() => {
    if (!loading) refocus('portion-quantity');
  }, [loading]);

  if (loading) return <LoadingState label="Loading measures…" />;
  if (detail.isError) return <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />;
  if (isRecipe && recipe.isError) return <ErrorState error={recipe.error} onRetry={() => void recipe.refetch()} />;

  const measures: Measure[] = [...detail.data.measures];
  if (isRecipe && recipe.data) measures.unshift({ name: 'serving', amount: 1, grams: recipe.data.grams_per_serving });
  const current: Portion = portion ?? (isRecipe ? { quantity: 1, measureName: 'serving' } : initialPortion(units, measures, detail.data.default_portion));
  const grams = portionGrams(measures, current);
  const energy = detail.data.nutrients.energy_kcal;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (grams === null || current.quantity === '') return;
    if (conflicts.length > 0 && !confirming) {
      setConfirming(true);
      // Log gives way to the question: the keyboard goes to its answer.
      refocus('portion-confirm');
      return;
    }
    add.mutate(
      { date, slot, food_id: food.id, quantity: current.quantity, unit: current.measureName },
      {
        onSuccess: () => {
          notifications.show({ color: 'brand', message: `${shown} logged to ${SLOT_LABEL[slot].toLowerCase()}` });
          onDone();
          // The form gives way to the search again: the keyboard goes there, ready for the next food.
          refocus('food-search');
        },
      },
    );
  }

  return (
    <form onSubmit={submit} aria-label={`Amount of ${food.name}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
              {shown}
            </Text>
            {shown !== food.name && (
              <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                {food.name}
              </Text>
            )}
            <ConflictBadges conflicts={conflicts} />
          </Stack>
          <Button
            variant="subtle"
            size="compact-sm"
            mih={44}
            onClick={() => {
              onDone();
              refocus('food-search');
            }}
          >
            Change food
          </Button>
        </Group>
        <MeasurePicker
          measures={measures}
          units={units}
          value={current}
          onChange={setPortion}
          quantityFocusKey="portion-quantity"
          error={current.quantity === '' || current.quantity <= 0 ? 'Enter an amount' : undefined}
        />
        <Text size="sm" c="dimmed" aria-live="polite">
          {grams !== null && energy != null ? `${formatAmount((energy * grams) / 100, 'kcal')}` : ''}
        </Text>
        {add.isError && <ErrorState error={add.error} title="Not added" />}
        {confirming ? (
          <Alert color="red" title={`Log ${shown} anyway?`} role="alertdialog" aria-live="assertive">
            <Stack gap="xs">
              <Text size="sm">{conflictSentence(conflicts)}.</Text>
              <Group gap="xs">
                <Button type="submit" color="red" loading={add.isPending} {...focusKeyProps('portion-confirm')}>
                  Log anyway
                </Button>
                <Button
                  variant="default"
                  onClick={() => {
                    setConfirming(false);
                    refocus('portion-log');
                  }}
                >
                  Cancel
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : (
          <Group>
            <Button type="submit" loading={add.isPending} disabled={grams === null} {...focusKeyProps('portion-log')}>
              Log
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}

function initialPortion(units: Units, measures: Measure[], preferred: Food['default_portion']): Portion {
  return defaultPortion(measures, units, preferred);
}
