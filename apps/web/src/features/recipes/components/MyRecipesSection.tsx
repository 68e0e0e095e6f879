/** The Foods page's "My recipes": the user's newest recipes with loading, empty and error states. */
import { Anchor, Button, Group, Paper, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { useMyRecipes } from '../api/recipes';
import { RecipeRows } from './RecipeRows';

/** How many recipes the section lists; the recipes page has them all. */
const MY_ROWS = 8;

export function MyRecipesSection() {
  const recipes = useMyRecipes();
  const items = recipes.data?.items ?? [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="my-recipes" aria-busy={recipes.isFetching}>
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={2} size="h4" id="my-recipes">
          My recipes
        </Title>
        <Group gap="xs">
          {recipes.data && recipes.data.total > MY_ROWS && (
            <Anchor component={Link} to="/recipes" size="sm">
              All {recipes.data.total} recipes
            </Anchor>
          )}
          <Button component={Link} to="/recipes/new" variant="light" size="xs">
            New recipe
          </Button>
        </Group>
      </Group>
      {recipes.isPending && <LoadingState label="Loading your recipes…" />}
      {recipes.isError && <ErrorState error={recipes.error} title="Could not load your recipes" onRetry={() => void recipes.refetch()} />}
      {recipes.data && items.length === 0 && (
        <EmptyState title="No recipes of your own yet">
          <Text size="sm" c="dimmed">
            The recipe builder adds up the nutrition per serving as you add ingredients.
          </Text>
        </EmptyState>
      )}
      {items.length > 0 && <RecipeRows recipes={items.slice(0, MY_ROWS)} />}
    </Paper>
  );
}
