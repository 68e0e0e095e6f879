/** Settings: foods the user never wants in a plan, picked from the catalogue and kept on the profile by id. */
import { ActionIcon, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { FoodPicker } from '../../../components/FoodPicker';
import { errorMessage } from '../../../components/states';
import { profileToUpdate, useSaveProfile, type Profile } from '../../../lib/profile';
import { useFoodNames } from '../api/foodNames';

export function ExcludedFoodsSection({ profile }: { profile: Profile }) {
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
