/** /settings: units, the profile (body, goal, diet, allergies, meals, adaptive targets), excluded foods, data export, account deletion. */
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useAuth } from '../../lib/auth';
import { usePreferences } from '../../lib/preferences';
import { profileToUpdate, useProfile, useSaveProfile, useTargets, type Profile } from '../../lib/profile';
import { EmptyState, errorMessage, ErrorState, LoadingState } from '../../components/states';
import { TargetsSummary } from '../../components/TargetsSummary';
import { today } from '../../lib/dates';
import type { Units } from '../../lib/units';
import { usePageTitle } from '../../lib/usePageTitle';
import { FoodPicker } from '../../components/FoodPicker';
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
} from '../../features/profile/profileForm';
import { ACTIVITY, AllergyFields, BodyFields, DIETS, GoalFields } from '../../features/profile/components/ProfileFields';
import { downloadText, useDeleteAccount, useExportCsv, useExportJson, useFoodNames } from '../../features/account/api/account';

export default function SettingsPage() {
  usePageTitle('Settings');
  const profile = useProfile();

  return (
    <Stack gap="md">
      <Title order={1}>Settings</Title>
      <UnitsSection />
      {profile.isPending && <LoadingState label="Loading your profile…" />}
      {profile.isError && <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />}
      {profile.data === null && <EmptyState title="No profile yet">Complete onboarding to create one.</EmptyState>}
      {profile.data && (
        <>
          <ProfileSection profile={profile.data} />
          <ExcludedFoodsSection profile={profile.data} />
          <TargetsSection />
        </>
      )}
      <DataSection />
      <DeleteAccountSection />
    </Stack>
  );
}

function UnitsSection() {
  const { units, setUnits } = usePreferences();
  const [saving, setSaving] = useState(false);
  return (
    <Paper withBorder p="md" component="section" aria-label="Units">
      <Radio.Group
        label="Units"
        description="How weights, portions and heights are shown; the app stores everything in metric."
        value={units}
        onChange={(value) => {
          setSaving(true);
          setUnits(value as Units)
            .then(() => notifications.show({ color: 'brand', message: value === 'imperial' ? 'Now showing imperial units' : 'Now showing metric units' }))
            .catch((error: unknown) => notifications.show({ color: 'red', title: 'Units not saved', message: errorMessage(error) }))
            .finally(() => setSaving(false));
        }}
      >
        <Group mt={6}>
          <Radio value="metric" label="Metric (kg, g, cm)" disabled={saving} />
          <Radio value="imperial" label="Imperial (lb, oz, ft and in)" disabled={saving} />
        </Group>
      </Radio.Group>
    </Paper>
  );
}

function ProfileSection({ profile }: { profile: Profile }) {
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

function ExcludedFoodsSection({ profile }: { profile: Profile }) {
  const save = useSaveProfile();
  const ids = profile.excluded_food_ids;
  const names = useFoodNames(ids);

  function saveIds(next: number[]) {
    save.mutate(
      { ...profileToUpdate(profile), excluded_food_ids: next },
      { onError: (error) => notifications.show({ color: 'red', title: 'Not saved', message: errorMessage(error) }) },
    );
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="excluded-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="excluded-heading">
          Excluded foods
        </Title>
        <Text size="sm" c="dimmed">
          Foods you never want in a plan, beyond your diet and allergies.
        </Text>
        {ids.length === 0 ? (
          <Text size="sm">No foods excluded.</Text>
        ) : (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {ids.map((id, index) => {
              const name = names[index]?.data?.name ?? (names[index]?.isError ? `Food ${id} (no longer available)` : `Food ${id}`);
              return (
                <Group component="li" key={id} justify="space-between" wrap="nowrap">
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {name}
                  </Text>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${name}`}
                    disabled={save.isPending}
                    onClick={() => saveIds(ids.filter((other) => other !== id))}
                  >
                    ✕
                  </ActionIcon>
                </Group>
              );
            })}
          </Stack>
        )}
        <FoodPicker label="Exclude a food" excludeIds={ids} onPick={(food) => saveIds([...ids, food.id])} maxResults={6} />
      </Stack>
    </Paper>
  );
}

function TargetsSection() {
  const targets = useTargets();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="targets-heading">
      <Title order={2} size="h4" id="targets-heading" mb="sm">
        Your targets
      </Title>
      {targets.isPending && <LoadingState label="Calculating your targets…" />}
      {targets.isError && <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />}
      {targets.data && <TargetsSummary targets={targets.data} showTable={false} />}
    </Paper>
  );
}

function DataSection() {
  const json = useExportJson();
  const csv = useExportCsv();
  const stamp = today();
  const error = json.error ?? csv.error;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="data-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="data-heading">
          Your data
        </Title>
        <Text size="sm" c="dimmed">
          Everything you have stored: profile, plans, diary, weigh-ins, custom foods and recipes.
        </Text>
        <Group gap="sm">
          <Button
            variant="light"
            loading={json.isPending}
            onClick={() =>
              json.mutate(undefined, { onSuccess: (text) => downloadText(text, `diet-planner-export-${stamp}.json`, 'application/json') })
            }
          >
            Download my data (JSON)
          </Button>
          <Button
            variant="default"
            loading={csv.isPending && csv.variables === '/api/users/me/export/meal-logs.csv'}
            onClick={() =>
              csv.mutate('/api/users/me/export/meal-logs.csv', {
                onSuccess: (text) => downloadText(text, `diet-planner-meal-log-${stamp}.csv`, 'text/csv'),
              })
            }
          >
            Meal log (CSV)
          </Button>
          <Button
            variant="default"
            loading={csv.isPending && csv.variables === '/api/users/me/export/weights.csv'}
            onClick={() =>
              csv.mutate('/api/users/me/export/weights.csv', {
                onSuccess: (text) => downloadText(text, `diet-planner-weights-${stamp}.csv`, 'text/csv'),
              })
            }
          >
            Weights (CSV)
          </Button>
        </Group>
        {error && <ErrorState error={error} title="The export failed" />}
      </Stack>
    </Paper>
  );
}

function DeleteAccountSection() {
  const { user } = useAuth();
  const [opened, { open, close }] = useDisclosure(false);
  const remove = useDeleteAccount();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="delete-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="delete-heading">
          Delete account
        </Title>
        <Text size="sm" c="dimmed">
          Deletes your account and every record you own. This cannot be undone; download your data first if you want to keep it.
        </Text>
        <Group>
          <Button color="red.9" variant="outline" onClick={open}>
            Delete account
          </Button>
        </Group>
      </Stack>
      <Modal opened={opened} onClose={close} title="Delete your account?" centered closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack>
          <Text size="sm">
            {user ? `${user.email} and ` : ''}all its plans, diary entries, weigh-ins, custom foods and recipes will be gone for good.
          </Text>
          {remove.isError && (
            <Alert color="red" role="alert" title="The account was not deleted">
              {errorMessage(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate()}>
              Delete permanently
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
