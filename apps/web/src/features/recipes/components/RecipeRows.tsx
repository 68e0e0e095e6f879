/** A list of the user's recipes: name (to the builder), servings, ingredients and energy per serving. */
import { Anchor, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatAmount } from '../../../lib/nutrients';
import type { Recipe } from '../../../lib/catalogue';

export function RecipeRows({ recipes }: { recipes: Recipe[] }) {
  return (
    <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {recipes.map((recipe) => (
        <Paper component="li" withBorder p="sm" key={recipe.id}>
          <Anchor component={Link} to={`/recipes/${recipe.id}`} fw={500} style={{ overflowWrap: 'anywhere' }}>
            {recipe.name}
          </Anchor>
          <Text size="xs" c="dimmed">
            {recipe.servings} {recipe.servings === 1 ? 'serving' : 'servings'} · {recipe.ingredients.length}{' '}
            {recipe.ingredients.length === 1 ? 'ingredient' : 'ingredients'} · per serving{' '}
            {formatAmount(recipe.nutrients_per_serving.energy_kcal, 'kcal')}, protein {formatAmount(recipe.nutrients_per_serving.protein_g, 'g')}
          </Text>
        </Paper>
      ))}
    </Stack>
  );
}
