/**
 * What a recipe's ingredients make of it: the diets it fits, the allergens it contains, and why a rule keeps it
 * out of some plans (an ingredient whose make-up is unknown cannot be ruled out for an allergy).
 */
import { Badge, Group, List, Stack, Text } from '@mantine/core';
import type { Recipe } from '../../../lib/catalogue';

const words = (value: string) => value.replace(/_/g, ' ');
const titled = (value: string) => words(value)[0].toUpperCase() + words(value).slice(1);

export function RecipeRules({ recipe }: { recipe: Recipe }) {
  // Older saved answers (and a recipe read before the rules existed) may lack these lists.
  const diets = recipe.diets ?? [];
  const allergens = recipe.allergens ?? [];
  const unknown = recipe.unknown_ingredients ?? [];
  const notes = recipe.rule_notes ?? [];
  return (
    <Stack gap={6} data-testid="recipe-rules">
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={500} component="span">
          Diets:
        </Text>
        {diets.length === 0 ? (
          <Text size="sm" c="dimmed" component="span">
            none it fits for sure
          </Text>
        ) : (
          diets.map((diet) => (
            <Badge key={diet} variant="light" color="green" c="dark.7">
              {titled(diet)}
            </Badge>
          ))
        )}
      </Group>
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={500} component="span">
          Contains:
        </Text>
        {allergens.length === 0 ? (
          <Text size="sm" c="dimmed" component="span">
            {unknown.length ? 'none known' : 'none of the major allergens'}
          </Text>
        ) : (
          allergens.map((allergen) => (
            <Badge key={allergen} variant="light" color="orange" c="dark.7">
              {titled(allergen)}
            </Badge>
          ))
        )}
      </Group>
      {unknown.length > 0 && (
        <Text size="sm">
          Not planned for anyone with an allergy or a diet that leaves out a kind of food: what is in{' '}
          {unknown.join(', ')} is unknown, so an allergen cannot be ruled out.
        </Text>
      )}
      {notes.length > 0 && (
        <List size="sm" spacing={2}>
          {notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}
