/** Settings: the profile's body, activity, goal, diet, meals, allergies and adaptive targets, saved together. */
import { Button, Group, NativeSelect, Paper, SimpleGrid, Stack, Switch, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { ErrorState } from '../../../components/states';
import { usePreferences } from '../../../lib/preferences';
import { useSaveProfile, type Profile } from '../../../lib/profile';
import {
  bodyErrors,
  formFromProfile,
  goalErrors,
  switchUnits,
  toProfileUpdate,
  type ActivityLevel,
  type Diet,
  type FormErrors,
  type ProfileForm,
} from '../profileForm';
import { ACTIVITY, AllergyFields, BodyFields, DIETS, GoalFields, KitchenFields } from './ProfileFields';

export function ProfileSection({ profile }: { profile: Profile }) {
  const { units } = usePreferences();
  const [form, setForm] = useState<ProfileForm>(() => switchUnits(formFromProfile(profile), units));
  const [adaptive, setAdaptive] = useState(profile.adaptive_targets);
  const [errors, setErrors] = useState<FormErrors>({});
  const [formUnits, setFormUnits] = useState(units);
  const save = useSaveProfile();

  // The units switch above changes the profile; convert what is typed rather than lose it.
  if (formUnits !== units) {
    setFormUnits(units);
    setForm((current) => switchUnits(current, units));
  }

  const update = (changes: Partial<ProfileForm>) => setForm((current) => ({ ...current, ...changes }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = { ...bodyErrors(form), ...goalErrors(form) };
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const body = { ...toProfileUpdate(form, profile), adaptive_targets: adaptive, units };
    save.mutate(body, { onSuccess: () => notifications.show({ color: 'brand', message: 'Profile saved; targets updated' }) });
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="profile-heading">
      <form onSubmit={submit} noValidate aria-labelledby="profile-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="profile-heading">
            Profile
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <BodyFields form={form} update={update} errors={errors} />
            <NativeSelect
              label="Activity level"
              value={form.activityLevel}
              onChange={(event) => update({ activityLevel: event.currentTarget.value as ActivityLevel })}
              data={ACTIVITY}
            />
          </SimpleGrid>
          <GoalFields form={form} update={update} errors={errors} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label="Diet"
              value={form.diet}
              onChange={(event) => update({ diet: event.currentTarget.value as Diet })}
              data={DIETS}
            />
            <NativeSelect
              label="Meals per day"
              value={String(form.mealsPerDay)}
              onChange={(event) => update({ mealsPerDay: Number(event.currentTarget.value) })}
              data={['3', '4', '5', '6']}
            />
          </SimpleGrid>
          <AllergyFields form={form} update={update} cols={{ base: 2, xs: 3, sm: 5 }} />
          <KitchenFields form={form} update={update} />
          <Switch
            label="Adaptive targets"
            description="Adjust your energy target from what you log and how your weight trends (after about two weeks of data)."
            checked={adaptive}
            onChange={(event) => setAdaptive(event.currentTarget.checked)}
          />
          {save.isError && <ErrorState error={save.error} title="Could not save your profile" />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
