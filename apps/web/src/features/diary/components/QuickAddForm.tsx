/** Quick add: calories (and optional protein, carbs, fat) under a label, when there is no food to pick. */
import { Button, Group, NativeSelect, NumberInput, Paper, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { ErrorState } from '../../../components/states';
import { fromNumberInput } from '../../../lib/numberInput';
import { SLOT_LABEL, SLOTS, type Slot } from '../../../lib/slots';
import { useQuickAdd } from '../api/diary';
import { slotForHour } from '../diary';

type Amount = number | '';

/** The first problem with the numbers, or null: kcal above 0 and at most 10,000; macros 0 or more. */
export function quickAddProblem(energy: Amount, macros: Record<string, Amount>): { field: string; message: string } | null {
  if (energy === '' || energy <= 0) return { field: 'energy', message: 'Enter the calories (more than 0).' };
  if (energy > 10_000) return { field: 'energy', message: 'At most 10,000 kcal in one entry.' };
  for (const [field, value] of Object.entries(macros)) {
    if (value !== '' && (value < 0 || value > 1000)) return { field, message: 'From 0 to 1,000 g.' };
  }
  return null;
}

export function QuickAddForm({ date }: { date: string }) {
  const [slot, setSlot] = useState<Slot>(() => slotForHour(new Date().getHours()));
  const [label, setLabel] = useState('');
  const [energy, setEnergy] = useState<Amount>('');
  const [protein, setProtein] = useState<Amount>('');
  const [carbs, setCarbs] = useState<Amount>('');
  const [fat, setFat] = useState<Amount>('');
  const [tried, setTried] = useState(false);
  const add = useQuickAdd();
  const problem = quickAddProblem(energy, { protein, carbs, fat });
  const errorFor = (field: string) => (tried && problem?.field === field ? problem.message : undefined);

  function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (problem || energy === '') return;
    add.mutate(
      {
        date,
        slot,
        label: label.trim() || 'Quick add',
        energy_kcal: energy,
        protein_g: protein === '' ? null : protein,
        carbs_g: carbs === '' ? null : carbs,
        fat_g: fat === '' ? null : fat,
      },
      {
        onSuccess: (entry) => {
          notifications.show({ color: 'brand', message: `${entry.display_name} added to ${SLOT_LABEL[slot].toLowerCase()}` });
          setLabel('');
          setEnergy('');
          setProtein('');
          setCarbs('');
          setFat('');
          setTried(false);
        },
      },
    );
  }

  const macro = (name: string, value: Amount, set: (value: Amount) => void, field: string) => (
    <NumberInput
      label={`${name} (g)`}
      value={value}
      onChange={(next) => set(fromNumberInput(next))}
      min={0}
      max={1000}
      allowNegative={false}
      decimalScale={1}
      w={100}
      error={errorFor(field)}
    />
  );

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="quick-add">
      <form onSubmit={submit} aria-label="Quick add" noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="quick-add">
            Quick add
          </Title>
          <Group gap="xs" align="flex-start" wrap="wrap">
            <NativeSelect
              label="Meal"
              value={slot}
              onChange={(event) => setSlot(event.currentTarget.value as Slot)}
              data={SLOTS.map((value) => ({ value, label: SLOT_LABEL[value] }))}
              w={130}
            />
            <TextInput label="Label" placeholder="e.g. Cafe sandwich" value={label} maxLength={120} onChange={(event) => setLabel(event.currentTarget.value)} style={{ flex: 1, minWidth: 160 }} />
          </Group>
          <Group gap="xs" align="flex-start" wrap="wrap">
            <NumberInput
              label="Calories (kcal)"
              value={energy}
              onChange={(next) => setEnergy(fromNumberInput(next))}
              min={0}
              max={10_000}
              allowNegative={false}
              decimalScale={0}
              w={130}
              required
              error={errorFor('energy')}
            />
            {macro('Protein', protein, setProtein, 'protein')}
            {macro('Carbs', carbs, setCarbs, 'carbs')}
            {macro('Fat', fat, setFat, 'fat')}
          </Group>
          {add.isError && <ErrorState error={add.error} title="Not added" />}
          <Group>
            <Button type="submit" variant="light" loading={add.isPending}>
              Quick add
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
