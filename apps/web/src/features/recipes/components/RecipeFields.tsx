/**
 * The recipe's own fields around its ingredients: name, servings, time and meal types; steps and tags. The editor
 * and the import review share the name, servings, meal types and steps fields below (the review adds its times).
 */
import {
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Stack,
  Textarea,
  TextInput,
  type CheckboxGroupProps,
  type NumberInputProps,
  type TextareaProps,
} from '@mantine/core';
import { fromNumberInput } from '../../../lib/numberInput';
import { MEAL_TYPES, type RecipeForm, type RecipeFormErrors } from '../recipeForm';

export interface RecipeFieldsProps {
  form: RecipeForm;
  errors: RecipeFormErrors;
  update: (changes: Partial<RecipeForm>) => void;
}

export function RecipeNameField({ value, onChange, error }: { value: string; onChange: (name: string) => void; error?: string }) {
  return (
    <TextInput
      label="Recipe name"
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={error}
      maxLength={300}
      required
    />
  );
}

type ServingsFieldProps = { value: number | ''; onChange: (servings: number | '') => void } & Omit<NumberInputProps, 'value' | 'onChange'>;

export function ServingsField({ value, onChange, ...props }: ServingsFieldProps) {
  return (
    <NumberInput
      label="Servings"
      min={0}
      max={100}
      decimalScale={1}
      required
      {...props}
      value={value}
      onChange={(next) => onChange(fromNumberInput(next))}
    />
  );
}

type MealTypesFieldProps = { value: string[]; onChange: (mealTypes: string[]) => void; tallTargets?: boolean } & Omit<
  CheckboxGroupProps,
  'value' | 'onChange' | 'children'
>;

/** The meal types as checkboxes; `tallTargets` gives each a 44 px row (touch). */
export function MealTypesField({ value, onChange, tallTargets = false, ...props }: MealTypesFieldProps) {
  return (
    <Checkbox.Group label="Meal types" {...props} value={value} onChange={onChange}>
      <Group mt={4}>
        {MEAL_TYPES.map((type) => (
          <Checkbox
            key={type}
            value={type}
            label={type[0].toUpperCase() + type.slice(1)}
            styles={tallTargets ? { body: { minHeight: 44, alignItems: 'center' } } : undefined}
          />
        ))}
      </Group>
    </Checkbox.Group>
  );
}

type StepsFieldProps = { value: string; onChange: (steps: string) => void } & Omit<TextareaProps, 'value' | 'onChange'>;

export function StepsField({ value, onChange, ...props }: StepsFieldProps) {
  return (
    <Textarea
      label="Steps"
      description="One step per line"
      resize="vertical"
      {...props}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}

export function RecipeBasicsFields({ form, errors, update }: RecipeFieldsProps) {
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <RecipeNameField value={form.name} onChange={(name) => update({ name })} error={errors.name} />
        <Group gap="sm" align="flex-start" wrap="wrap">
          <ServingsField
            value={form.servings}
            onChange={(servings) => update({ servings })}
            clampBehavior="none"
            error={errors.servings}
            w={120}
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
        <MealTypesField value={form.mealTypes} onChange={(mealTypes) => update({ mealTypes })} />
      </Stack>
    </Paper>
  );
}

export function RecipeNotesFields({ form, update }: Omit<RecipeFieldsProps, 'errors'>) {
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <StepsField value={form.steps} onChange={(steps) => update({ steps })} rows={4} />
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
