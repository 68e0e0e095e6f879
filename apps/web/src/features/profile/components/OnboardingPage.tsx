/** Onboarding: a short wizard for the profile in metric or imperial units, then the resulting targets. */
import {
  Accordion,
  Alert,
  Button,
  Group,
  NativeSelect,
  Radio,
  Stack,
  Stepper,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { usePreferences, storeUnits } from '../../../lib/preferences';
import { useProfile, useSaveProfile, useTargets } from '../../../lib/profile';
import { ErrorState, errorMessage, LoadingState } from '../../../components/states';
import { TargetsSummary, TargetsTable } from '../../../components/TargetsSummary';
import type { Units } from '../../../lib/units';
import { usePageTitle } from '../../../lib/usePageTitle';
import {
  bodyErrors,
  emptyForm,
  formFromProfile,
  goalErrors,
  switchUnits,
  toProfileUpdate,
  type ActivityLevel,
  type Diet,
  type FormErrors,
  type ProfileForm,
} from '../profileForm';
import { clearDraft, loadDraft, saveDraft } from '../onboardingDraft';
import { ACTIVITY, AllergyFields, BodyFields, DIETS, GoalFields } from './ProfileFields';

export default function OnboardingPage() {
  usePageTitle('Set up your profile');
  const profile = useProfile();
  if (profile.isPending) return <LoadingState label="Loading your profile…" />;
  if (profile.isLoadingError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  return <Wizard />;
}

function Wizard() {
  const profile = useProfile();
  const { units: preferredUnits } = usePreferences();
  const save = useSaveProfile();
  // A reload keeps the answers typed so far (sessionStorage, cleared once the profile is saved).
  const [draft] = useState(loadDraft);
  const [form, setForm] = useState<ProfileForm>(
    () => draft?.form ?? (profile.data ? formFromProfile(profile.data) : emptyForm(preferredUnits)),
  );
  const [step, setStep] = useState(draft?.step ?? 0);
  useEffect(() => {
    if (step < 3) saveDraft({ form, step });
  }, [form, step]);
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
        clearDraft();
        setStep(3);
      },
    });
  }


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
                <BodyFields form={form} update={update} errors={errors} />
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
                <GoalFields form={form} update={update} errors={errors} />
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
                <AllergyFields form={form} update={update} cols={{ base: 2, xs: 3 }} />
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
