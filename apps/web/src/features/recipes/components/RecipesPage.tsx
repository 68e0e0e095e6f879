/** /recipes: the user's own recipes; /recipes/new and /recipes/:id open the recipe builder. */
import { Anchor, Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { ApiError } from '../../../lib/api';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useRecipe } from '../../../lib/catalogue';
import { useMyRecipes } from '../api/recipes';
import { RecipePreferenceControl } from '../../../components/RecipePreferenceControl';
import { ImportRecipePage } from './ImportRecipePage';
import { RecipeEditor } from './RecipeEditor';
import { RecipeRules } from './RecipeRules';
import { RecipeRows } from './RecipeRows';

export default function RecipesPage() {
  const rest = useParams()['*'] ?? '';
  if (rest === '') return <RecipeList />;
  if (rest === 'new') return <NewRecipe />;
  if (rest === 'import') return <ImportRecipePage />;
  const id = Number(rest);
  if (!Number.isInteger(id) || id <= 0) return <RecipeMissing />;
  return <EditRecipe key={id} id={id} />;
}

function RecipeList() {
  usePageTitle('Recipes');
  const recipes = useMyRecipes();
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>Recipes</Title>
        <Group gap="xs">
          <Button component={Link} to="/recipes/import" variant="light" mih={44}>
            Import a recipe
          </Button>
          <Button component={Link} to="/recipes/new" mih={44}>
            New recipe
          </Button>
        </Group>
      </Group>
      {recipes.isPending && <LoadingState label="Loading your recipes…" />}
      {recipes.isError && <ErrorState error={recipes.error} onRetry={() => void recipes.refetch()} />}
      {recipes.data && recipes.data.items.length === 0 && (
        <EmptyState title="No recipes of your own yet">
          <Text size="sm" c="dimmed">
            Build one from foods: the nutrition per serving is worked out as you type, and you can log it in the diary by the serving.
          </Text>
        </EmptyState>
      )}
      {recipes.data && recipes.data.items.length > 0 && <RecipeRows recipes={recipes.data.items} />}
      {recipes.data && recipes.data.total > recipes.data.items.length && (
        <Text size="sm" c="dimmed">
          Showing the first {recipes.data.items.length} of {recipes.data.total} recipes.
        </Text>
      )}
    </Stack>
  );
}

function NewRecipe() {
  usePageTitle('New recipe');
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/recipes" size="sm">
        ← Recipes
      </Anchor>
      <Title order={1}>New recipe</Title>
      <RecipeEditor />
    </Stack>
  );
}

function EditRecipe({ id }: { id: number }) {
  const recipe = useRecipe(id);
  usePageTitle(recipe.data ? `Edit ${recipe.data.name}` : 'Edit recipe');
  if (recipe.isPending) return <LoadingState label="Loading the recipe…" />;
  if (recipe.isError && recipe.error instanceof ApiError && recipe.error.status === 404) return <RecipeMissing />;
  if (recipe.isLoadingError) return <ErrorState error={recipe.error} onRetry={() => void recipe.refetch()} />;
  if (recipe.data.catalogue_slug !== null) {
    // Catalogue recipes belong to everyone: read them, do not edit them.
    return (
      <Stack gap="md">
        <Title order={1}>{recipe.data.name}</Title>
        <Text>This recipe comes with the app’s catalogue and cannot be edited.</Text>
        <Anchor component={Link} to={`/plans/recipes/${recipe.data.id}`}>
          See its ingredients and steps
        </Anchor>
      </Stack>
    );
  }
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/recipes" size="sm">
        ← Recipes
      </Anchor>
      <Title order={1}>Edit recipe</Title>
      <Paper withBorder p="md" component="section" aria-label="In your plans">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <RecipePreferenceControl recipeId={recipe.data.id} recipeName={recipe.data.name} preference={recipe.data.preference} />
          <RecipeRules recipe={recipe.data} />
        </SimpleGrid>
      </Paper>
      <RecipeEditor recipe={recipe.data} />
    </Stack>
  );
}

function RecipeMissing() {
  usePageTitle('Recipe not found');
  return (
    <Stack>
      <Title order={1}>Recipe not found</Title>
      <EmptyState title="This recipe does not exist or is not yours">
        <Anchor component={Link} to="/recipes">
          Your recipes
        </Anchor>
      </EmptyState>
    </Stack>
  );
}
