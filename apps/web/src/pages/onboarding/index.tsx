/** Onboarding: a short wizard for the profile in metric or imperial units, then the resulting targets. */
import {
  Accordion,
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  Radio,
  SimpleGrid,
  Stack,
  Stepper,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { usePreferences, storeUnits } from '../../app/preferences';
import { useProfile, useSaveProfile, useTargets } from '../../app/profile';
import { ErrorState, errorMessage, LoadingState } from '../../components/states';
import { TargetsSummary, TargetsTable } from '../../components/TargetsSummary';
import type { Units } from '../../lib/units';
import { usePageTitle } from '../../lib/usePageTitle';
import {
  bodyErrors,
  emptyForm,
  formFromProfile,
  goalErrors,
  switchUnits,
  toProfileUpdate,
  type ActivityLevel,
  type Allergen,
  type Diet,
  type FormErrors,
  type Goal,
  type ProfileForm,
} from './profileForm';
import { LifeStageFields } from './LifeStageFields';

const ACTIVITY: { value: ActivityLevel; label: string }[] = [
  { value: 'sedentary', label: 'Sedentary: desk job, little exercise' },
  { value: 'light', label: 'Light: exercise 1–3 days a week' },
  { value: 'moderate', label: 'Moderate: exercise 3–5 days a week' },
  { value: 'active', label: 'Active: hard exercise 6–7 days a week' },
  { value: 'very_active', label: 'Very active: physical job or training twice a day' },
];
const DIETS: { value: Diet; label: string }[] = [
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

const asNumber = (value: string | number): number | '' => (value === '' ? '' : Number(value));

export default function OnboardingPage() {
  usePageTitle('Set up your profile');
  const profile = useProfile();
  if (profile.isPending) return <LoadingState label="Loading your profile…" />;
  if (profile.isError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  return <Wizard />;
}

function Wizard() {
  const profile = useProfile();
  const { units: preferredUnits } = usePreferences();
  const save = useSaveProfile();
  const [form, setForm] = useState<ProfileForm>(() =>
    profile.data ? formFromProfile(profile.data) : emptyForm(preferredUnits),
  );
  const [step, setStep] = useState(0);
  const [errors, setErrors] = useState<FormErrors>({});
  const targets = useTargets(step === 3);

  const update = (patch: Partial<ProfileForm>) => setForm((current) => ({ ...current, ...patch }));

  function next(event: FormEvent) {
    event.preventDefault();
    const found = step === 0 ? bodyErrors(form) : step === 1 ? goalErrors(form) : {};
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (step < 2) {
      setStep(step + 1);
      return;
    }
    save.mutate(toProfileUpdate(form, profile.data), {
      onSuccess: () => {
        storeUnits(form.units);
        setStep(3);
      },
    });
  }

  const weightUnit = form.units === 'imperial' ? 'lb' : 'kg';

  return (
    <Stack>
      <Title order={2}>Set up your profile</Title>
      <Text size="sm" c="dimmed">
        Your targets come from these answers. You can change them later in Settings.
      </Text>
      <Stepper active={step} size="xs" allowNextStepsSelect={false} onStepClick={(index) => index < 3 && setStep(index)}>
        <Stepper.Step label="About you" />
        <Stepper.Step label="Goal" />
        <Stepper.Step label="Diet" />
        <Stepper.Completed>{null}</Stepper.Completed>
      </Stepper>

      {step < 3 && (
        <form onSubmit={next} noValidate aria-label="Profile">
          <Stack>
            {step === 0 && (
              <>
                <Title order={3} size="h4">
                  About you
                </Title>
                <Radio.Group
                  label="Units"
                  value={form.units}
                  onChange={(value) => setForm((current) => switchUnits(current, value as Units))}
                >
                  <Group mt={4}>
                    <Radio value="metric" label="Metric (kg, cm)" />
                    <Radio value="imperial" label="Imperial (lb, ft and in)" />
                  </Group>
                </Radio.Group>
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
                      step={0.5}
                      value={form.heightIn}
                      onChange={(value) => update({ heightIn: asNumber(value) })}
                    />
                  </SimpleGrid>
                )}
                <NumberInput
                  label={`Weight (${weightUnit})`}
                  decimalScale={1}
                  value={form.weight}
                  onChange={(value) => update({ weight: asNumber(value) })}
                  error={errors.weight}
                  withAsterisk
                />
                <LifeStageFields form={form} update={update} />
              </>
            )}

            {step === 1 && (
              <>
                <Title order={3} size="h4">
                  Activity and goal
                </Title>
                <NativeSelect
                  label="Activity level"
                  value={form.activityLevel}
                  onChange={(event) => update({ activityLevel: event.currentTarget.value as ActivityLevel })}
                  data={ACTIVITY}
                />
                <Radio.Group label="Goal" value={form.goal} onChange={(value) => update({ goal: value as Goal })}>
                  <Group mt={4}>
                    <Radio value="lose" label="Lose weight" />
                    <Radio value="maintain" label="Maintain weight" />
                    <Radio value="gain" label="Gain weight" />
                  </Group>
                </Radio.Group>
                {form.goal !== 'maintain' && (
                  <NumberInput
                    label={`Rate (${weightUnit} per week)`}
                    description={form.units === 'imperial' ? 'Up to 2.2 lb; about 1 lb is sustainable' : 'Up to 1 kg; about 0.5 kg is sustainable'}
                    min={0}
                    step={form.units === 'imperial' ? 0.5 : 0.25}
                    decimalScale={2}
                    value={form.rate}
                    onChange={(value) => update({ rate: asNumber(value) })}
                    error={errors.rate}
                    withAsterisk
                  />
                )}
              </>
            )}

            {step === 2 && (
              <>
                <Title order={3} size="h4">
                  Diet
                </Title>
                <NativeSelect
                  label="Diet"
                  value={form.diet}
                  onChange={(event) => update({ diet: event.currentTarget.value as Diet })}
                  data={DIETS}
                />
                <Checkbox.Group
                  label="Allergies and intolerances"
                  description="Plans never include these"
                  value={form.allergies}
                  onChange={(value) => update({ allergies: value as Allergen[] })}
                >
                  <SimpleGrid cols={{ base: 2, xs: 3 }} mt={4}>
                    {ALLERGENS.map((allergen) => (
                      <Checkbox key={allergen.value} value={allergen.value} label={allergen.label} />
                    ))}
                  </SimpleGrid>
                </Checkbox.Group>
                <NativeSelect
                  label="Meals per day"
                  value={String(form.mealsPerDay)}
                  onChange={(event) => update({ mealsPerDay: Number(event.currentTarget.value) })}
                  data={['3', '4', '5', '6']}
                />
              </>
            )}

            {save.isError && (
              <Alert color="red" role="alert" title="Could not save your profile">
                {errorMessage(save.error)}
              </Alert>
            )}
            <Group justify="space-between">
              <Button variant="default" onClick={() => setStep(step - 1)} disabled={step === 0}>
                Back
              </Button>
              <Button type="submit" loading={save.isPending}>
                {step < 2 ? 'Next' : 'Save and see my targets'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}

      {step === 3 && (
        <Stack>
          <Title order={3} size="h4">
            Your daily targets
          </Title>
          {targets.isPending && <LoadingState label="Calculating your targets…" />}
          {targets.isError && <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />}
          {targets.data && <TargetsSummary targets={targets.data} showTable={false} />}
          <Group>
            <Button component={Link} to="/plans">
              Create my first meal plan
            </Button>
            <Button component={Link} to="/" variant="default">
              Go to the dashboard
            </Button>
          </Group>
          {targets.data && (
            <Accordion variant="contained">
              <Accordion.Item value="all">
                <Accordion.Control>Every nutrient target ({Object.keys(targets.data.nutrients).length})</Accordion.Control>
                <Accordion.Panel>
                  <TargetsTable targets={targets.data} />
                </Accordion.Panel>
              </Accordion.Item>
            </Accordion>
          )}
        </Stack>
      )}
    </Stack>
  );
}
