/** A list of the user's recipes: name (to the builder), servings, ingredients and energy per serving. */
import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatAmount } from '../../../lib/nutrients';
import type { Recipe } from '../../../lib/catalogue';

export function RecipeRows({ recipes }: { recipes: Recipe[] }) {
  return (
    <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {recipes.map((recipe) => (
        <Paper component="li" withBorder p="sm" key={recipe.id}>
          <Group gap="xs" wrap="wrap">
            <Anchor component={Link} to={`/recipes/${recipe.id}`} fw={500} style={{ overflowWrap: 'anywhere' }}>
              {recipe.name}
            </Anchor>
            {recipe.preference === 'favourite' && (
              <Badge size="sm" color="yellow" variant="light" c="dark.7">
                Favourite
              </Badge>
            )}
            {recipe.preference === 'never' && (
              <Badge size="sm" color="gray" variant="light" c="dark.7">
                Never planned
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {recipe.servings} {recipe.servings === 1 ? 'serving' : 'servings'} · {recipe.ingredients.length}{' '}
            {recipe.ingredients.length === 1 ? 'ingredient' : 'ingredients'} · per serving{' '}
            {formatAmount(recipe.nutrients_per_serving.energy_kcal, 'kcal')}, protein {formatAmount(recipe.nutrients_per_serving.protein_g, 'g')}
          </Text>
          <RulesLine diets={recipe.diets ?? []} allergens={recipe.allergens ?? []} unknown={recipe.unknown_ingredients ?? []} />
        </Paper>
      ))}
    </Stack>
  );
}

const spaced = (values: string[]) => values.map((value) => value.replace(/_/g, ' ')).join(', ');

/** Diets and allergens in one dimmed line; an unknown ingredient is named, as it keeps the recipe from allergy plans. */
function RulesLine({ diets, allergens, unknown }: { diets: string[]; allergens: string[]; unknown: string[] }) {
  const parts = [
    diets.length > 0 && `Fits: ${spaced(diets)}`,
    allergens.length > 0 && `Contains: ${spaced(allergens)}`,
    unknown.length > 0 && `Allergens unknown for ${unknown.join(', ')}`,
  ].filter(Boolean);
  if (parts.length === 0) return null;
  return (
    <Text size="xs" c="dimmed">
      {parts.join(' · ')}
    </Text>
  );
}
