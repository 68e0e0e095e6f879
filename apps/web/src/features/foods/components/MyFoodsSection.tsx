/** The Foods page's "My foods": the user's custom foods with loading, empty and error states. */
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { FoodRow } from './FoodRow';
import { MY_FOODS_PAGE, useMyFoods } from '../api/foods';

/** How many rows the section shows before "Show all". */
const MY_ROWS = 8;

export function MyFoodsSection() {
  const foods = useMyFoods();
  const [showAll, setShowAll] = useState(false);
  const items = foods.data?.items ?? [];
  const total = foods.data?.total ?? 0;
  const rows = showAll ? items : items.slice(0, MY_ROWS);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="my-foods" aria-busy={foods.isFetching}>
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={2} size="h4" id="my-foods">
          My foods
        </Title>
        {total > 0 && (
          <Text size="sm" c="dimmed">
            {total} {total === 1 ? 'food' : 'foods'}
          </Text>
        )}
      </Group>
      {foods.isPending && <LoadingState label="Loading your foods…" />}
      {foods.isError && <ErrorState error={foods.error} title="Could not load your foods" onRetry={() => void foods.refetch()} />}
      {foods.data && total === 0 && (
        <EmptyState title="No custom foods yet">
          <Text size="sm" c="dimmed">
            Foods you create with “New custom food” (nutrients per 100 g, your own measures) appear here. Only you can see them.
          </Text>
        </EmptyState>
      )}
      {rows.length > 0 && (
        <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {rows.map((food) => (
            <FoodRow key={food.id} food={food} withKind={false} />
          ))}
        </Stack>
      )}
      {items.length > MY_ROWS && (
        <Button variant="subtle" size="xs" mt="xs" onClick={() => setShowAll((value) => !value)}>
          {showAll ? 'Show fewer' : `Show all ${items.length}`}
        </Button>
      )}
      {showAll && total > items.length && (
        <Text size="xs" c="dimmed" mt="xs">
          Showing the first {MY_FOODS_PAGE} of {total}; search finds the others.
        </Text>
      )}
    </Paper>
  );
}
