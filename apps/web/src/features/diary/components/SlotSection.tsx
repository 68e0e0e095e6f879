/** One meal of the day: its entries with amount and energy, edit and delete, and the meal's subtotal. */
import { ActionIcon, Anchor, Button, Group, NativeSelect, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, ErrorState } from '../../../components/states';
import { formatAmount } from '../../../lib/nutrients';
import type { Units } from '../../../lib/units';
import { entryAmountLabel, sumNutrients } from '../diary';
import { SLOT_LABEL, SLOTS, type Slot } from '../../../lib/slots';
import { useDeleteLog, useRestoreLog, useUpdateLog, type MealLog } from '../api/diary';
import { ConflictBadges } from '../../../components/ConflictBadges';
import { CopyEntries } from './CopyEntries';
import { fromNumberInput } from '../../../lib/numberInput';
import { focusKeyProps, refocus } from '../../../lib/focus';

export function SlotSection({ slot, entries, date, units }: { slot: Slot; entries: MealLog[]; date: string; units: Units }) {
  const headingId = useId();
  const subtotal = sumNutrients(entries, ['energy_kcal'])['energy_kcal'];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id={headingId} tabIndex={-1} {...focusKeyProps(`slot-${slot}`)}>
          {SLOT_LABEL[slot]}
        </Title>
        {entries.length > 0 && (
          <Group gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" data-testid={`slot-total-${slot}`}>
              {Math.round(subtotal ?? 0)} kcal
            </Text>
            <CopyEntries date={date} slot={slot} />
          </Group>
        )}
      </Group>
      {entries.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing logged.
        </Text>
      ) : (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {entries.map((entry, index) => (
            <EntryRow
              key={entry.id}
              entry={entry}
              date={date}
              units={units}
              // Where the keyboard goes once this entry is deleted: the next entry, the one before, the meal.
              successors={[entries[index + 1], entries[index - 1]]
                .filter((other): other is MealLog => other !== undefined)
                .map((other) => `entry-${other.id}-delete`)
                .concat(`slot-${slot}`)}
            />
          ))}
        </Stack>
      )}
    </Paper>
  );
}

function EntryRow({
  entry,
  date,
  units,
  successors,
}: {
  entry: MealLog;
  date: string;
  units: Units;
  successors: string[];
}) {
  const [editing, setEditing] = useState(false);
  const remove = useDeleteLog(date);
  const restore = useRestoreLog();
  const update = useUpdateLog(date);
  const shown = entry.display_name || entry.food_name;
  const quick = entry.kind === 'quick';
  const [quantity, setQuantity] = useState<number | ''>(entry.quantity);
  const [slot, setSlot] = useState(entry.slot);
  const massUnit = ['g', 'oz', 'lb', 'kg'].includes(entry.unit.toLowerCase());

  if (editing) {
    return (
      <li>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!quick && (quantity === '' || quantity <= 0)) return;
            update.mutate(
              quick || quantity === ''
                ? { id: entry.id, slot: slot as Slot }
                : { id: entry.id, quantity, unit: entry.unit, slot: slot as Slot },
              {
                onSuccess: () => {
                  setEditing(false);
                  refocus(`entry-${entry.id}-edit`);
                },
              },
            );
          }}
          aria-label={`Edit ${shown}`}
        >
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              {shown}
            </Text>
            <Group align="flex-end" gap="xs" wrap="wrap">
              {!quick && <NumberInput
                label={`Quantity (${entry.unit})`}
                value={quantity}
                onChange={(value) => setQuantity(fromNumberInput(value))}
                min={0}
                decimalScale={2}
                clampBehavior="none"
                w={140}
                error={quantity === '' || quantity <= 0 ? 'Enter an amount' : undefined}
              />}
              <NativeSelect
                label="Meal"
                value={slot}
                onChange={(event) => setSlot(event.currentTarget.value)}
                data={SLOTS.map((value) => ({ value, label: SLOT_LABEL[value] }))}
                w={140}
              />
              <Button type="submit" size="sm" loading={update.isPending}>
                Save
              </Button>
              <Button variant="default" size="sm" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </Group>
            {massUnit && (
              <Text size="xs" c="dimmed">
                Logged in {entry.unit}.
              </Text>
            )}
            {update.isError && <ErrorState error={update.error} title="Not saved" />}
          </Stack>
        </form>
      </li>
    );
  }

  return (
    <li>
      <Group justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
        <div style={{ minWidth: 0 }}>
          {entry.food_id !== null ? (
            <Anchor component={Link} to={`/foods/${entry.food_id}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {shown}
            </Anchor>
          ) : (
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {shown}
            </Text>
          )}
          {shown !== entry.food_name && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {entry.food_name}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {quick ? 'Quick add' : entryAmountLabel(entry, units)} · {formatAmount(entry.nutrients.energy_kcal, 'kcal')}
            {entry.plan_meal_id !== null ? ' · from plan' : ''}
          </Text>
          <ConflictBadges conflicts={entry.conflicts} size="xs" />
        </div>
        <Group gap={4} wrap="nowrap">
          <ActionIcon
            variant="subtle"
            size={44}
            aria-label={`Edit ${shown}`}
            onClick={() => setEditing(true)}
            {...focusKeyProps(`entry-${entry.id}-edit`)}
          >
            ✎
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red"
            size={44}
            aria-label={`Delete ${shown}`}
            loading={remove.isPending}
            {...focusKeyProps(`entry-${entry.id}-delete`)}
            onClick={() => {
              // mutateAsync, not per-call callbacks: the row leaves the page at once (optimistic delete), and
              // callbacks of an unmounted row's mutate would never run, so the Undo toast would not appear.
              void remove.mutateAsync(entry.id).then(
                () => {
                  const id = `deleted-${entry.id}`;
                  notifications.show({
                    id,
                    color: 'brand',
                    autoClose: 8000,
                    message: (
                      <Group gap="xs" justify="space-between" wrap="nowrap">
                        <Text size="sm">{shown} deleted.</Text>
                        <Button
                          size="xs"
                          variant="light"
                          onClick={() => {
                            notifications.hide(id);
                            restore.mutateAsync(entry.id).catch((error: unknown) =>
                              notifications.show({ color: 'red', title: 'Not restored', message: errorMessage(error) }),
                            );
                          }}
                        >
                          Undo
                        </Button>
                      </Group>
                    ),
                  });
                },
                (error: unknown) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
              );
              // The row goes at once (optimistic), taking the focus with it: hand it to what follows.
              refocus(...successors);
            }}
          >
            ✕
          </ActionIcon>
        </Group>
      </Group>
    </li>
  );
}
