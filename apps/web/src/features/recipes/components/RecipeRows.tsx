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
              <Badge size="sm" color="yellow" variant="light">
                Favourite
              </Badge>
            )}
            {recipe.preference === 'never' && (
              <Badge size="sm" color="gray" variant="light">
                Never planned
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {recipe.servings} {recipe.servings === 1 ? 'serving' : 'servings'} · {recipe.ingredients.length}{' '}
            {recipe.ingredients.length === 1 ? 'ingredient' : 'ingredients'} · per serving{' '}
            {formatAmount(recipe.nutrients_per_serving.energy_kcal, 'kcal')}, protein {formatAmount(recipe.nutrients_per_serving.protein_g, 'g')}
          </Text>
          {(recipe.diets?.length > 0 || recipe.allergens?.length > 0 || (recipe.unknown_ingredients?.length ?? 0) > 0) && (
            <Text size="xs" c="dimmed">
              {recipe.diets.length > 0 && `Fits: ${recipe.diets.map((diet) => diet.replace(/_/g, ' ')).join(', ')}`}
              {recipe.diets.length > 0 && recipe.allergens.length > 0 && ' · '}
              {recipe.allergens.length > 0 && `Contains: ${recipe.allergens.map((allergen) => allergen.replace(/_/g, ' ')).join(', ')}`}
              {(recipe.unknown_ingredients?.length ?? 0) > 0 &&
                `${recipe.diets.length + recipe.allergens.length > 0 ? ' · ' : ''}Allergens unknown for ${recipe.unknown_ingredients?.join(', ')}`}
            </Text>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
