/** The profile's fields, shared by the onboarding wizard and the settings page: body, goal and allergies. */
import { Checkbox, Group, NativeSelect, NumberInput, Radio, SimpleGrid, TextInput, type SimpleGridProps } from '@mantine/core';
import { today } from '../../../lib/dates';
import type {
  ActivityLevel,
  Allergen,
  Diet,
  FormErrors,
  Goal,
  Leftovers,
  LifeStage,
  ProfileForm,
  Trimester,
} from '../profileForm';

export const ACTIVITY: { value: ActivityLevel; label: string }[] = [
  { value: 'sedentary', label: 'Sedentary: desk job, little exercise' },
  { value: 'light', label: 'Light: exercise 1–3 days a week' },
  { value: 'moderate', label: 'Moderate: exercise 3–5 days a week' },
  { value: 'active', label: 'Active: hard exercise 6–7 days a week' },
  { value: 'very_active', label: 'Very active: physical job or training twice a day' },
];
export const DIETS: { value: Diet; label: string }[] = [
  { value: 'omnivore', label: 'Omnivore: everything' },
  { value: 'vegetarian', label: 'Vegetarian' },
  { value: 'vegan', label: 'Vegan' },
  { value: 'pescatarian', label: 'Pescatarian' },
  { value: 'keto', label: 'Keto (very low carbohydrate)' },
  { value: 'mediterranean', label: 'Mediterranean' },
];
const ALLERGENS: { value: Allergen; label: string }[] = [
  { value: 'peanut', label: 'Peanut' },
  { value: 'tree_nut', label: 'Tree nuts' },
  { value: 'milk', label: 'Milk' },
  { value: 'egg', label: 'Egg' },
  { value: 'wheat', label: 'Wheat' },
  { value: 'gluten', label: 'Gluten' },
  { value: 'soy', label: 'Soy' },
  { value: 'fish', label: 'Fish' },
  { value: 'shellfish', label: 'Shellfish' },
  { value: 'sesame', label: 'Sesame' },
];

/** An emptied number input reports '': keep it, so the form can say the field is required. */
export const asNumber = (value: string | number): number | '' => (value === '' ? '' : Number(value));

interface FieldsProps {
  form: ProfileForm;
  update: (patch: Partial<ProfileForm>) => void;
  errors: FormErrors;
}

const weightUnitOf = (form: ProfileForm) => (form.units === 'imperial' ? 'lb' : 'kg');

/** Sex, date of birth, height and weight in the form's units, and the life stage. */
export function BodyFields({ form, update, errors }: FieldsProps) {
  return (
    <>
      <Radio.Group
        label="Sex"
        description="Used by the energy equations and the nutrient references"
        value={form.sex}
        onChange={(value) => update({ sex: value as ProfileForm['sex'] })}
        error={errors.sex}
        withAsterisk
      >
        <Group mt={4}>
          <Radio value="female" label="Female" />
          <Radio value="male" label="Male" />
        </Group>
      </Radio.Group>
      <TextInput
        label="Date of birth"
        type="date"
        max={today()}
        value={form.birthDate}
        onChange={(event) => update({ birthDate: event.currentTarget.value })}
        error={errors.birthDate}
        withAsterisk
      />
      {form.units === 'metric' ? (
        <NumberInput
          label="Height (cm)"
          min={120}
          max={230}
          clampBehavior="none"
          value={form.heightCm}
          onChange={(value) => update({ heightCm: asNumber(value) })}
          error={errors.height}
          withAsterisk
        />
      ) : (
        <SimpleGrid cols={2}>
          <NumberInput
            label="Height (ft)"
            min={3}
            max={7}
            clampBehavior="none"
            allowDecimal={false}
            value={form.heightFt}
            onChange={(value) => update({ heightFt: asNumber(value) })}
            error={errors.height}
            withAsterisk
          />
          <NumberInput
            label="Height (in)"
            min={0}
            max={11.5}
            clampBehavior="none"
            step={0.5}
            value={form.heightIn}
            onChange={(value) => update({ heightIn: asNumber(value) })}
          />
        </SimpleGrid>
      )}
      <NumberInput
        label={`Weight (${weightUnitOf(form)})`}
        decimalScale={1}
        value={form.weight}
        onChange={(value) => update({ weight: asNumber(value) })}
        error={errors.weight}
        withAsterisk
      />
      <LifeStageFields form={form} update={update} />
    </>
  );
}

/** Life stage (women only) and, while pregnant, the trimester, which sets the energy added. */
function LifeStageFields({ form, update }: Omit<FieldsProps, 'errors'>) {
  if (form.sex !== 'female') return null;
  return (
    <>
      <NativeSelect
        label="Life stage"
        value={form.lifeStage}
        onChange={(event) => update({ lifeStage: event.currentTarget.value as LifeStage })}
        data={[
          { value: 'none', label: 'Neither pregnant nor breastfeeding' },
          { value: 'pregnant', label: 'Pregnant' },
          { value: 'lactating', label: 'Breastfeeding' },
        ]}
      />
      {form.lifeStage === 'pregnant' && (
        <NativeSelect
          label="Trimester"
          description="Energy needs rise from the second trimester (+340 kcal) to the third (+452 kcal)."
          value={String(form.trimester)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            update({ trimester: value === '' ? '' : (Number(value) as Trimester) });
          }}
          data={[
            { value: '', label: 'Not sure (counts as the second)' },
            { value: '1', label: 'First (weeks 1–13)' },
            { value: '2', label: 'Second (weeks 14–27)' },
            { value: '3', label: 'Third (weeks 28–40)' },
          ]}
        />
      )}
    </>
  );
}

/** The goal and, unless maintaining, its weekly rate in the form's units. */
export function GoalFields({ form, update, errors }: FieldsProps) {
  const imperial = form.units === 'imperial';
  return (
    <>
      <Radio.Group label="Goal" value={form.goal} onChange={(value) => update({ goal: value as Goal })}>
        <Group mt={4}>
          <Radio value="lose" label="Lose weight" />
          <Radio value="maintain" label="Maintain weight" />
          <Radio value="gain" label="Gain weight" />
        </Group>
      </Radio.Group>
      {form.goal !== 'maintain' && (
        <NumberInput
          label={`Rate (${weightUnitOf(form)} per week)`}
          description={imperial ? 'Up to 2.2 lb; about 1 lb is sustainable' : 'Up to 1 kg; about 0.5 kg is sustainable'}
          clampBehavior="none"
          min={0}
          step={imperial ? 0.5 : 0.25}
          decimalScale={2}
          value={form.rate}
          onChange={(value) => update({ rate: asNumber(value) })}
          error={errors.rate}
          maw={320}
          withAsterisk
        />
      )}
    </>
  );
}

export function AllergyFields({ form, update, cols }: Omit<FieldsProps, 'errors'> & { cols: SimpleGridProps['cols'] }) {
  return (
    <Checkbox.Group
      label="Allergies and intolerances"
      description="Plans never include these"
      value={form.allergies}
      onChange={(value) => update({ allergies: value as Allergen[] })}
    >
      <SimpleGrid cols={cols} mt={4}>
        {ALLERGENS.map((allergen) => (
          <Checkbox key={allergen.value} value={allergen.value} label={allergen.label} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

const LEFTOVERS: { value: Leftovers; label: string }[] = [
  { value: 'never', label: 'Never: cook every meal fresh' },
  { value: 'some', label: "Some: cook dinner twice over, eat the rest at the next day's lunch" },
  { value: 'batch', label: 'Batch cook: cook larger batches and eat them through the following days' },
];

/** How the person cooks: leftovers and the active (hands-on) minutes a weekday and a weekend day may take. */
export function KitchenFields({ form, update }: Omit<FieldsProps, 'errors'>) {
  // The API takes 5 to 600 minutes, or none (no limit).
  const minutes = (value: string | number): number | '' =>
    value === '' ? '' : Math.min(600, Math.max(5, Number(value)));
  return (
    <>
      <NativeSelect
        label="Leftovers"
        description="Plans cook a dish that keeps in a larger batch and serve the rest at later meals, within its fridge life"
        value={form.leftovers}
        onChange={(event) => update({ leftovers: event.currentTarget.value as Leftovers })}
        data={LEFTOVERS}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label="Cooking minutes on weekdays"
          description="Active minutes a day; empty for no limit"
          min={5}
          max={600}
          step={5}
          allowDecimal={false}
          value={form.cookingWeekday}
          onChange={(value) => update({ cookingWeekday: minutes(value) })}
        />
        <NumberInput
          label="Cooking minutes at weekends"
          description="Active minutes a day; empty for no limit"
          min={5}
          max={600}
          step={5}
          allowDecimal={false}
          value={form.cookingWeekend}
          onChange={(value) => update({ cookingWeekend: minutes(value) })}
        />
      </SimpleGrid>
    </>
  );
}
