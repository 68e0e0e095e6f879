/** Create or edit a custom food: nutrients per 100 g (blank = unknown) and household measures. */
import { ActionIcon, Button, Group, NumberInput, Paper, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { ErrorState } from '../../../components/states';
import { usePreferences } from '../../../lib/preferences';
import { nutrientInfo } from '../../../lib/nutrients';
import {
  emptyFoodForm,
  foodFormToBody,
  formFromFood,
  MAIN_NUTRIENTS,
  OTHER_NUTRIENTS,
  perServing,
  validateFoodForm,
  type FoodForm,
  type FoodFormErrors,
  type MeasureRow,
} from '../foodForm';
import { useCreateFood, useUpdateFood } from '../api/foods';
import type { Food } from '../../../lib/catalogue';
import { fromNumberInput } from '../../../lib/numberInput';

export interface FoodEditorProps {
  food?: Food;
  onSaved: (food: Food) => void;
  onCancel: () => void;
}

export function FoodEditor({ food, onSaved, onCancel }: FoodEditorProps) {
  const { units } = usePreferences();
  const [form, setForm] = useState<FoodForm>(() => (food ? formFromFood(food, units) : emptyFoodForm()));
  const updateMeasure = (index: number, patch: Partial<MeasureRow>) =>
    setForm((current) => ({ ...current, measures: current.measures.map((m, i) => (i === index ? { ...m, ...patch } : m)) }));
  const [errors, setErrors] = useState<FoodFormErrors>({});
  const create = useCreateFood();
  const update = useUpdateFood(food?.id ?? 0);
  const mutation = food ? update : create;
  const weightUnit = units === 'imperial' ? 'oz' : 'g';
  const title = food ? `Edit ${food.name}` : 'New custom food';

  function setNutrient(key: string, value: number | string) {
    setForm((current) => ({ ...current, nutrients: { ...current.nutrients, [key]: fromNumberInput(value) } }));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateFoodForm(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    mutation.mutate(foodFormToBody(form, units), { onSuccess: onSaved });
  }

  const nutrientInput = (key: string) => {
    const info = nutrientInfo(key);
    return (
      <NumberInput
        key={key}
        label={`${info.label} (${info.unit} per ${perServing(form) ? 'serving' : '100 g'})`}
        value={form.nutrients[key] ?? ''}
        onChange={(value) => setNutrient(key, value)}
        min={0}
        decimalScale={3}
        clampBehavior="none"
        error={errors[key]}
        required={key === 'energy_kcal'}
      />
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="food-editor-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Title order={2} size="h3" id="food-editor-title">
            {title}
          </Title>
          <TextInput
            label="Name"
            value={form.name}
            onChange={(event) => {
              const name = event.currentTarget.value;
              setForm((current) => ({ ...current, name }));
            }}
            error={errors.name}
            required
            maxLength={300}
          />
          {!food && (
            <SegmentedControl
              aria-label="The label gives amounts"
              value={perServing(form) ? 'serving' : '100g'}
              onChange={(value) =>
                setForm((current) => ({ ...current, servingGrams: value === 'serving' ? (current.servingGrams ?? '') : undefined }))
              }
              data={[
                { value: '100g', label: 'Per 100 g' },
                { value: 'serving', label: 'Per serving' },
              ]}
            />
          )}
          {perServing(form) && (
            <NumberInput
              label="Serving size (g)"
              description="As on the label, e.g. 30 g; the food keeps this serving as a measure"
              value={form.servingGrams ?? ''}
              onChange={(value) => setForm((current) => ({ ...current, servingGrams: fromNumberInput(value) }))}
              min={0}
              max={5000}
              decimalScale={1}
              allowNegative={false}
              error={errors.servingGrams}
              required
            />
          )}
          <Text size="sm" c="dimmed">
            Amounts per {perServing(form) ? 'serving' : '100 g'}, as on a nutrition label. Leave a box empty when you do not
            know the value.
          </Text>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>{MAIN_NUTRIENTS.map(nutrientInput)}</SimpleGrid>
          <details>
            <summary style={{ cursor: 'pointer' }}>More nutrients (vitamins, minerals, fats)</summary>
            <SimpleGrid cols={{ base: 1, xs: 2 }} mt="sm">
              {OTHER_NUTRIENTS.map(nutrientInput)}
            </SimpleGrid>
          </details>
          <Stack gap="xs">
            <Title order={3} size="h5">
              Measures
            </Title>
            <Text size="sm" c="dimmed">
              Household measures such as “slice” or “cup”, so you can log the food without weighing it.
            </Text>
            {form.measures.map((row, index) => (
              <Group key={index} align="flex-start" gap="xs" wrap="wrap">
                <TextInput
                  label={`Measure ${index + 1} name`}
                  value={row.name}
                  onChange={(event) => updateMeasure(index, { name: event.currentTarget.value })}
                  error={errors[`measure-${index}`]}
                  style={{ flex: '2 1 140px' }}
                />
                <NumberInput
                  label="How many"
                  value={row.amount}
                  min={0}
                  decimalScale={2}
                  clampBehavior="none"
                  onChange={(value) => updateMeasure(index, { amount: fromNumberInput(value) })}
                  style={{ flex: '1 1 80px' }}
                />
                <NumberInput
                  label={`Weighs (${weightUnit})`}
                  value={row.weight}
                  min={0}
                  decimalScale={2}
                  clampBehavior="none"
                  onChange={(value) => updateMeasure(index, { weight: fromNumberInput(value) })}
                  style={{ flex: '1 1 90px' }}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={26}
                  size="lg"
                  aria-label={`Remove measure ${index + 1}`}
                  onClick={() => setForm((current) => ({ ...current, measures: current.measures.filter((_, i) => i !== index) }))}
                >
                  ✕
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                variant="light"
                size="xs"
                onClick={() => setForm((current) => ({ ...current, measures: [...current.measures, { name: '', amount: 1, weight: '' }] }))}
              >
                Add a measure
              </Button>
            </Group>
          </Stack>
          {mutation.isError && <ErrorState error={mutation.error} title="The food was not saved" />}
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {food ? 'Save food' : 'Create food'}
            </Button>
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
