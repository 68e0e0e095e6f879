/** The recipe's ingredients: each with its amount in one of its measures, and a food search to add more. */
import { ActionIcon, Paper, Stack, Text, Title } from '@mantine/core';
import { FoodPicker } from '../../../components/FoodPicker';
import { MeasurePicker } from '../../../components/MeasurePicker';
import { useQueryClient } from '@tanstack/react-query';
import { defaultPortion, type Measure } from '../../../lib/measures';
import { fetchFood, foodKeys, type Food } from '../../../lib/catalogue';
import type { Units } from '../../../lib/units';
import { newRowKey, type FoodFacts } from '../recipeForm';
import { PasteIngredients } from './PasteIngredients';
import type { RecipeFieldsProps } from './RecipeFields';

// Until a food's own measures arrive, the mass units work for every food.
const MASS_MEASURES: Measure[] = [
  { name: 'g', amount: 100, grams: 100 },
  { name: 'oz', amount: 1, grams: 28.349523125 },
  { name: 'lb', amount: 1, grams: 453.59237 },
];

export function IngredientsSection({
  form,
  errors,
  update,
  foods,
  units,
}: RecipeFieldsProps & { foods: Map<number, FoodFacts>; units: Units }) {
  const queryClient = useQueryClient();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="ingredients-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="ingredients-heading">
          Ingredients
        </Title>
        {form.ingredients.length === 0 && (
          <Text size="sm" c={errors.ingredients ? 'red.8' : 'dimmed'} role={errors.ingredients ? 'alert' : undefined}>
            {errors.ingredients ?? 'No ingredients yet: search for a food below to add it.'}
          </Text>
        )}
        {form.ingredients.map((row) => {
          const facts = foods.get(row.foodId);
          return (
            <fieldset key={row.key} style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4, padding: 8, margin: 0, minWidth: 0 }}>
              <legend style={{ fontWeight: 500, fontSize: 14, overflowWrap: 'anywhere', float: 'left', padding: 0, maxWidth: 'calc(100% - 40px)' }}>
                {row.name}
              </legend>
              <ActionIcon
                variant="subtle"
                color="red"
                style={{ float: 'right' }}
                aria-label={`Remove ${row.name}`}
                onClick={() => update({ ingredients: form.ingredients.filter((other) => other.key !== row.key) })}
              >
                ✕
              </ActionIcon>
              <div style={{ clear: 'both' }} />
              <MeasurePicker
                measures={facts?.measures ?? MASS_MEASURES}
                units={units}
                value={{ quantity: row.quantity, measureName: row.measureName }}
                onChange={(portion) =>
                  update({
                    ingredients: form.ingredients.map((other) => (other.key === row.key ? { ...other, ...portion } : other)),
                  })
                }
                error={errors[`ingredient-${row.key}`]}
              />
            </fieldset>
          );
        })}
        <FoodPicker
          label="Search foods"
          maxResults={6}
          onPick={(food) => {
            // The row starts at the food's most common household measure, as in the diary and on its page.
            const add = (detail: Food | null) =>
              update({
                ingredients: [
                  ...form.ingredients,
                  {
                    key: newRowKey(),
                    foodId: food.id,
                    name: food.name,
                    ...defaultPortion(detail?.measures ?? [], units, detail?.default_portion),
                  },
                ],
              });
            queryClient
              .fetchQuery({ queryKey: foodKeys.detail(food.id), queryFn: () => fetchFood(food.id), staleTime: 10 * 60_000 })
              .then(add, () => add(null));
          }}
        />
        <PasteIngredients units={units} onAdd={(rows) => update({ ingredients: [...form.ingredients, ...rows] })} />
      </Stack>
    </Paper>
  );
}
