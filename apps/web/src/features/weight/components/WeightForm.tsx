/** Log a weigh-in for a date, in the user's units (kilograms to the API). */
import { Button, Group, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { ErrorState } from '../../../components/states';
import { formatDay, today } from '../../../lib/dates';
import { formatBodyWeight, weightUnitLabel, type Units } from '../../../lib/units';
import { useLogWeight, type WeightEntry } from '../api/weight';
import { dateError, toWeightBody, weightError, type WeightFormValues } from '../weightForm';
import { fromNumberInput } from '../../../lib/numberInput';

export function WeightForm({ units, latest }: { units: Units; latest?: WeightEntry }) {
  const todayDate = today();
  const [values, setValues] = useState<WeightFormValues>({ date: todayDate, weight: '' });
  const [errors, setErrors] = useState<{ date?: string; weight?: string }>({});
  const logWeight = useLogWeight();
  const unit = weightUnitLabel(units);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = { date: dateError(values, todayDate) ?? undefined, weight: weightError(values, units) ?? undefined };
    setErrors(found);
    if (found.date || found.weight) return;
    const body = toWeightBody(values, units);
    logWeight.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: 'brand', message: `${formatBodyWeight(body.weight_kg, units)} logged for ${formatDay(body.date)}` });
        setValues({ date: todayDate, weight: '' });
      },
    });
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="log-weight">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="log-weight">
            Log a weigh-in
          </Title>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              type="date"
              label="Date"
              value={values.date}
              max={todayDate}
              onChange={(event) => {
                const date = event.currentTarget.value;
                setValues((current) => ({ ...current, date }));
              }}
              error={errors.date}
              w={170}
              required
            />
            <NumberInput
              label={`Weight (${unit})`}
              value={values.weight}
              onChange={(value) => setValues((current) => ({ ...current, weight: fromNumberInput(value) }))}
              decimalScale={1}
              step={0.1}
              min={0}
              clampBehavior="none"
              placeholder={latest ? formatBodyWeight(latest.weight_kg, units).replace(/ (kg|lb)$/, '') : undefined}
              error={errors.weight}
              w={150}
              required
            />
          </Group>
          <Text size="xs" c="dimmed">
            One weigh-in per day: logging the same date again replaces it.
          </Text>
          {logWeight.isError && <ErrorState error={logWeight.error} title="The weigh-in was not saved" />}
          <Group>
            <Button type="submit" loading={logWeight.isPending}>
              Log weight
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
