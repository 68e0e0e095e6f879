/** The recipe's own fields around its ingredients: name, servings, time and meal types; steps and tags. */
import { Checkbox, Group, NumberInput, Paper, Stack, Textarea, TextInput } from '@mantine/core';
import { fromNumberInput } from '../../../lib/numberInput';
import { MEAL_TYPES, type RecipeForm, type RecipeFormErrors } from '../recipeForm';

export interface RecipeFieldsProps {
  form: RecipeForm;
  errors: RecipeFormErrors;
  update: (changes: Partial<RecipeForm>) => void;
}

export function RecipeBasicsFields({ form, errors, update }: RecipeFieldsProps) {
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <TextInput
          label="Recipe name"
          value={form.name}
          onChange={(event) => update({ name: event.currentTarget.value })}
          error={errors.name}
          maxLength={300}
          required
        />
        <Group gap="sm" align="flex-start" wrap="wrap">
          <NumberInput
            label="Servings"
            value={form.servings}
            onChange={(value) => update({ servings: fromNumberInput(value) })}
            min={0}
            max={100}
            decimalScale={1}
            clampBehavior="none"
            error={errors.servings}
            w={120}
            required
          />
          <NumberInput
            label="Preparation time (minutes)"
            value={form.prepMinutes}
            onChange={(value) => update({ prepMinutes: fromNumberInput(value) })}
            min={0}
            max={1440}
            allowDecimal={false}
            clampBehavior="none"
            error={errors.prepMinutes}
            w={200}
          />
        </Group>
        <Checkbox.Group label="Meal types" value={form.mealTypes} onChange={(value) => update({ mealTypes: value })}>
          <Group mt={4}>
            {MEAL_TYPES.map((type) => (
              <Checkbox key={type} value={type} label={type[0].toUpperCase() + type.slice(1)} />
            ))}
          </Group>
        </Checkbox.Group>
      </Stack>
    </Paper>
  );
}

export function RecipeNotesFields({ form, update }: Omit<RecipeFieldsProps, 'errors'>) {
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Textarea
          label="Steps"
          description="One step per line"
          value={form.steps}
          onChange={(event) => update({ steps: event.currentTarget.value })}
          rows={4}
          resize="vertical"
        />
        <TextInput
          label="Tags"
          description="Separated by commas, e.g. quick, high-protein"
          value={form.tags}
          onChange={(event) => update({ tags: event.currentTarget.value })}
        />
      </Stack>
    </Paper>
  );
}
