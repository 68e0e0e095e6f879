/** A recipe from a plan: its time, servings, ingredients in the user's units, steps and nutrition. */
import { Anchor, Badge, Button, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import { usePreferences } from '../../../lib/preferences';
import { ErrorState, LoadingState } from '../../../components/states';
import { formatAmount, nutrientInfo, sortNutrientKeys } from '../../../lib/nutrients';
import { formatFoodMass } from '../../../lib/units';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useRecipe, type Recipe } from '../../../lib/catalogue';
import { RecipePreferenceControl } from '../../../components/RecipePreferenceControl';
import { RecipeRules } from './RecipeRules';

export default function RecipeDetailPage() {
  const { recipeId } = useParams();
  const id = Number(recipeId);
  if (!Number.isInteger(id) || id <= 0) return <ErrorState error={new Error('This recipe address is not valid.')} />;
  return <RecipeLoader key={id} recipeId={id} />;
}

function RecipeLoader({ recipeId }: { recipeId: number }) {
  const recipe = useRecipe(recipeId);
  usePageTitle(recipe.data?.name ?? 'Recipe');
  if (recipe.isPending) return <LoadingState label="Loading the recipe…" />;
  if (recipe.isLoadingError) return <ErrorState error={recipe.error} title="Could not load the recipe" onRetry={() => void recipe.refetch()} />;
  return <RecipeDetail recipe={recipe.data} />;
}

function RecipeDetail({ recipe }: { recipe: Recipe }) {
  const { units } = usePreferences();
  const navigate = useNavigate();
  const servings = recipe.servings;
  const servingsText = Number.isInteger(servings) ? String(servings) : servings.toFixed(1);
  const nutrientKeys = sortNutrientKeys(Object.keys(recipe.nutrients_per_serving)).filter(
    (key) => recipe.nutrients_per_serving[key] != null,
  );
  return (
    <Stack gap="md" maw={900}>
      <Group>
        <Button variant="subtle" size="compact-sm" onClick={() => navigate(-1)}>
          ← Back
        </Button>
      </Group>
      <Stack gap={4}>
        <Title order={1} size="h2">
          {recipe.name}
        </Title>
        <Group gap="xs">
          {recipe.prep_minutes != null && <Badge variant="light">Ready in {recipe.prep_minutes} min</Badge>}
          <Badge variant="light" color="gray">
            {servingsText} serving{servings === 1 ? '' : 's'}
          </Badge>
          <Badge variant="light" color="gray">
            {formatFoodMass(recipe.grams_per_serving, units)} per serving
          </Badge>
          {recipe.meal_types.map((type) => (
            <Badge key={type} variant="outline">
              {type}
            </Badge>
          ))}
        </Group>
        {recipe.tags.length > 0 && (
          <Text size="sm" c="dimmed">
            {recipe.tags.join(' · ')}
          </Text>
        )}
      </Stack>
      <Paper withBorder p="md" component="section" aria-labelledby="recipe-in-plans">
        <Title order={2} size="h4" mb="xs" id="recipe-in-plans">
          In your plans
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <RecipePreferenceControl recipeId={recipe.id} recipeName={recipe.name} preference={recipe.preference} />
          <RecipeRules recipe={recipe} />
        </SimpleGrid>
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Ingredients
          </Title>
          <Text size="sm" c="dimmed" mb="xs">
            For the whole recipe ({servingsText} serving{servings === 1 ? '' : 's'})
          </Text>
          <List spacing={4}>
            {recipe.ingredients.map((ingredient, index) => (
              <List.Item key={`${ingredient.food_id}-${index}`}>
                <Text span fw={500}>
                  {formatFoodMass(ingredient.grams, units)}
                </Text>{' '}
                {ingredient.food_id ? (
                  <Anchor component={Link} to={`/foods/${ingredient.food_id}`}>
                    {ingredient.name}
                  </Anchor>
                ) : (
                  ingredient.name
                )}
                {ingredient.note && (
                  <Text span size="sm" c="dimmed">
                    {' '}
                    ({ingredient.note})
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4" mb="xs">
            Steps
          </Title>
          {recipe.steps.length === 0 ? (
            <Text size="sm" c="dimmed">
              No steps: combine the ingredients and serve.
            </Text>
          ) : (
            <List type="ordered" spacing="xs">
              {recipe.steps.map((step, index) => (
                <List.Item key={index}>{step}</List.Item>
              ))}
            </List>
          )}
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Nutrition per serving
        </Title>
        <Table.ScrollContainer minWidth={300}>
          <Table striped>
            <Table.Tbody>
              {nutrientKeys.map((key) => {
                const info = nutrientInfo(key);
                return (
                  <Table.Tr key={key}>
                    <Table.Th scope="row" fw={400}>
                      {info.label}
                    </Table.Th>
                    <Table.Td>{formatAmount(recipe.nutrients_per_serving[key], info.unit)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
    </Stack>
  );
}
