/** A food in a list: its name linking to its page, and energy and macros per 100 g. */
import { Anchor, Paper, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatAmount } from '../../../lib/nutrients';
import type { FoodSummary } from '../../../lib/catalogue';

/** `withKind`: say where the food comes from (a USDA group, "Your food", "Recipe"), for mixed lists. */
export function FoodRow({ food, withKind = true }: { food: FoodSummary; withKind?: boolean }) {
  const kind = food.source === 'custom' ? 'Your food' : food.source === 'recipe' ? 'Recipe' : (food.group ?? 'Food');
  return (
    <Paper component="li" withBorder p="sm">
      <Anchor component={Link} to={`/foods/${food.id}`} fw={500} style={{ overflowWrap: 'anywhere' }}>
        {food.name}
      </Anchor>
      <Text size="xs" c="dimmed">
        {withKind && `${kind} · `}per 100 g: {formatAmount(food.energy_kcal, 'kcal')} · protein {formatAmount(food.protein_g, 'g')} · fat{' '}
        {formatAmount(food.fat_g, 'g')} · carbs {formatAmount(food.carbs_g, 'g')}
      </Text>
    </Paper>
  );
}
