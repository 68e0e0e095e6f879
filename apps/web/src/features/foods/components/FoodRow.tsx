/** A food in a list: its name linking to its page, energy and macros per 100 g, and a star to favourite it. */
import { ActionIcon, Anchor, Group, Paper, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatAmount } from '../../../lib/nutrients';
import type { FoodSummary } from '../../../lib/catalogue';
import { useFavourite } from '../api/foods';

/** `withKind`: say where the food comes from (a USDA group, "Your food", "Recipe"), for mixed lists. */
export function FoodRow({ food, withKind = true }: { food: FoodSummary; withKind?: boolean }) {
  const kind = food.source === 'custom' ? 'Your food' : food.source === 'recipe' ? 'Recipe' : (food.group ?? 'Food');
  const favourite = useFavourite();
  // Favourites come first in the person's searches; the star shows the change before the list reloads.
  const starred = favourite.isPending ? !food.favourite : Boolean(food.favourite);
  return (
    <Paper component="li" withBorder p="sm">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/foods/${food.id}`} fw={500} style={{ overflowWrap: 'anywhere' }}>
            {food.name}
          </Anchor>
          <Text size="xs" c="dimmed">
            {withKind && `${kind} · `}per 100 g: {formatAmount(food.energy_kcal, 'kcal')} · protein {formatAmount(food.protein_g, 'g')} · fat{' '}
            {formatAmount(food.fat_g, 'g')} · carbs {formatAmount(food.carbs_g, 'g')}
          </Text>
        </div>
        <ActionIcon
          variant="subtle"
          color="yellow.9"
          aria-pressed={starred}
          aria-label={starred ? `Remove ${food.name} from favourites` : `Add ${food.name} to favourites`}
          onClick={() => favourite.mutate({ id: food.id, favourite: !food.favourite })}
        >
          {starred ? '★' : '☆'}
        </ActionIcon>
      </Group>
    </Paper>
  );
}
