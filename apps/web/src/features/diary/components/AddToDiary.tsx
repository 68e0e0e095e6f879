/** Log the portion on screen in today's diary: the food page's "Log today". */
import { Button, Group, NativeSelect, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { Portion } from '../../../components/MeasurePicker';
import { ErrorState } from '../../../components/states';
import type { Food } from '../../../lib/catalogue';
import { today } from '../../../lib/dates';
import { SLOT_LABEL, SLOTS, type Slot } from '../../../lib/slots';
import { useAddLog } from '../api/diary';
import { slotForHour } from '../diary';

export interface AddToDiaryProps {
  food: Food;
  portion: Portion;
  disabled: boolean;
}

export function AddToDiary({ food, portion, disabled }: AddToDiaryProps) {
  const [slot, setSlot] = useState<Slot>(() => slotForHour(new Date().getHours()));
  const add = useAddLog();
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label="Meal"
          value={slot}
          onChange={(event) => setSlot(event.currentTarget.value as Slot)}
          data={SLOTS.map((value) => ({ value, label: SLOT_LABEL[value] }))}
          w={150}
        />
        <Button
          variant="light"
          disabled={disabled || portion.quantity === ''}
          loading={add.isPending}
          onClick={() =>
            add.mutate(
              { date: today(), slot, food_id: food.id, quantity: Number(portion.quantity), unit: portion.measureName },
              { onSuccess: () => notifications.show({ color: 'brand', message: `${food.name} logged to today's ${SLOT_LABEL[slot].toLowerCase()}` }) },
            )
          }
        >
          Log today
        </Button>
      </Group>
      {add.isError && <ErrorState error={add.error} title="Not logged" />}
    </Stack>
  );
}
