/** The recipe builder: name, servings, ingredients from food search with quantity and measure, live nutrition per serving. */
import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueries } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { usePreferences } from '../../../lib/preferences';
import { ConfirmDeleteModal } from '../../../components/ConfirmDeleteModal';
import { ErrorState } from '../../../components/states';
import { formatAmount, nutrientInfo, sortNutrientKeys } from '../../../lib/nutrients';
import { formatFoodMass, type Units } from '../../../lib/units';
import { FoodPicker } from '../../../components/FoodPicker';
import { defaultMeasureName, type Measure } from '../../../lib/measures';
import { MeasurePicker } from '../../../components/MeasurePicker';
import { fetchFood, foodKeys } from '../../../lib/catalogue';
import { useCreateRecipe, useDeleteRecipe, useUpdateRecipe, type Recipe } from '../api/recipes';
import {
  emptyRecipeForm,
  formFromRecipe,
  formSignature,
  MEAL_TYPES,
  newRowKey,
  previewPerServing,
  toRecipeBody,
  validateRecipeForm,
  type FoodFacts,
  type RecipeForm,
  type RecipeFormErrors,
} from '../recipeForm';
import { fromNumberInput } from '../../../lib/numberInput';

// Until a food's own measures arrive, the mass units work for every food.
const MASS_MEASURES: Measure[] = [
  { name: 'g', amount: 100, grams: 100 },
  { name: 'oz', amount: 1, grams: 28.349523125 },
  { name: 'lb', amount: 1, grams: 453.59237 },
];

const HEADLINE = ['energy_kcal', 'protein_g', 'fat_g', 'carbs_g', 'fiber_g'];

export function RecipeEditor({ recipe }: { recipe?: Recipe }) {
  const { units } = usePreferences();
  const navigate = useNavigate();
  const [form, setForm] = useState<RecipeForm>(() => (recipe ? formFromRecipe(recipe, units) : emptyRecipeForm()));
  const [baseline, setBaseline] = useState(() => (recipe ? formSignature(form) : null));
  const [saved, setSaved] = useState<Recipe | undefined>(recipe);
  const [errors, setErrors] = useState<RecipeFormErrors>({});
  const [confirmOpen, confirm] = useDisclosure(false);
  const create = useCreateRecipe();
  const update = useUpdateRecipe(recipe?.id ?? 0);
  const remove = useDeleteRecipe();
  const save = recipe ? update : create;

  const foodIds = [...new Set(form.ingredients.map((row) => row.foodId))];
  const foodQueries = useQueries({
    queries: foodIds.map((id) => ({ queryKey: foodKeys.detail(id), queryFn: () => fetchFood(id), staleTime: 10 * 60_000 })),
  });
  const foodsSignature = foodQueries.map((query) => query.dataUpdatedAt).join(',');
  const foods = useMemo(() => {
    const map = new Map<number, FoodFacts>();
    foodQueries.forEach((query) => {
      if (query.data) map.set(query.data.id, { nutrients: query.data.nutrients, measures: query.data.measures });
    });
    return map;
    // The queries array is new on every render; its data changes only when a dataUpdatedAt does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [foodsSignature]);
  const foodError = foodQueries.find((query) => query.isError)?.error;

  const dirty = baseline === null || formSignature(form) !== baseline;
  const preview = previewPerServing(form, foods);

  const update_ = (changes: Partial<RecipeForm>) => setForm((current) => ({ ...current, ...changes }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateRecipeForm(form);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const signature = formSignature(form);
    save.mutate(toRecipeBody(form), {
      onSuccess: (result) => {
        setSaved(result);
        setBaseline(signature);
        notifications.show({ color: 'brand', message: `${result.name} saved` });
        if (!recipe) navigate(`/recipes/${result.id}`, { replace: true });
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-label={recipe ? 'Edit recipe' : 'New recipe'}>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <Stack gap="md">
          <Paper withBorder p="md">
            <Stack gap="sm">
              <TextInput
                label="Recipe name"
                value={form.name}
                onChange={(event) => update_({ name: event.currentTarget.value })}
                error={errors.name}
                maxLength={300}
                required
              />
              <Group gap="sm" align="flex-start" wrap="wrap">
                <NumberInput
                  label="Servings"
                  value={form.servings}
                  onChange={(value) => update_({ servings: fromNumberInput(value) })}
                  min={0}
                  max={100}
                  decimalScale={1}
                  allowNegative={false}
                  error={errors.servings}
                  w={120}
                  required
                />
                <NumberInput
                  label="Preparation time (minutes)"
                  value={form.prepMinutes}
                  onChange={(value) => update_({ prepMinutes: fromNumberInput(value) })}
                  min={0}
                  max={1440}
                  allowDecimal={false}
                  allowNegative={false}
                  error={errors.prepMinutes}
                  w={200}
                />
              </Group>
              <Checkbox.Group label="Meal types" value={form.mealTypes} onChange={(value) => update_({ mealTypes: value })}>
                <Group mt={4}>
                  {MEAL_TYPES.map((type) => (
                    <Checkbox key={type} value={type} label={type[0].toUpperCase() + type.slice(1)} />
                  ))}
                </Group>
              </Checkbox.Group>
            </Stack>
          </Paper>
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
                      onClick={() => update_({ ingredients: form.ingredients.filter((other) => other.key !== row.key) })}
                    >
                      ✕
                    </ActionIcon>
                    <div style={{ clear: 'both' }} />
                    <MeasurePicker
                      measures={facts?.measures ?? MASS_MEASURES}
                      units={units}
                      value={{ quantity: row.quantity, measureName: row.measureName }}
                      onChange={(portion) =>
                        update_({
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
                onPick={(food) =>
                  update_({
                    ingredients: [
                      ...form.ingredients,
                      {
                        key: newRowKey(),
                        foodId: food.id,
                        name: food.name,
                        quantity: defaultMeasureName(units) === 'g' ? 100 : 4,
                        measureName: defaultMeasureName(units),
                      },
                    ],
                  })
                }
              />
            </Stack>
          </Paper>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Textarea
                label="Steps"
                description="One step per line"
                value={form.steps}
                onChange={(event) => update_({ steps: event.currentTarget.value })}
                rows={4}
                resize="vertical"
              />
              <TextInput
                label="Tags"
                description="Separated by commas, e.g. quick, high-protein"
                value={form.tags}
                onChange={(event) => update_({ tags: event.currentTarget.value })}
              />
            </Stack>
          </Paper>
        </Stack>
        <Stack gap="md" style={{ position: 'sticky', top: 70 }}>
          <NutritionPanel preview={preview} saved={dirty ? undefined : saved} units={units} loadError={foodError} />
          {save.isError && <ErrorState error={save.error} title="The recipe was not saved" />}
          <Group>
            <Button type="submit" loading={save.isPending}>
              Save recipe
            </Button>
            {recipe && (
              <Button variant="light" color="red" onClick={confirm.open}>
                Delete recipe
              </Button>
            )}
            <Button variant="default" onClick={() => navigate('/recipes')}>
              {dirty ? 'Cancel' : 'Back to recipes'}
            </Button>
          </Group>
        </Stack>
      </SimpleGrid>
      {recipe && (
        <ConfirmDeleteModal
          opened={confirmOpen}
          onClose={confirm.close}
          name={recipe.name}
          consequence="Meals already logged keep their nutrients; the recipe leaves your foods and future plans."
          error={remove.error}
          errorTitle="The recipe was not deleted"
          pending={remove.isPending}
          onConfirm={() => remove.mutate(recipe.id, { onSuccess: () => navigate('/recipes', { replace: true }) })}
        />
      )}
    </form>
  );
}

function NutritionPanel({
  preview,
  saved,
  units,
  loadError,
}: {
  preview: ReturnType<typeof previewPerServing>;
  saved?: Recipe;
  units: Units;
  loadError?: unknown;
}) {
  const values = saved ? saved.nutrients_per_serving : preview.status === 'ready' ? preview.perServing : null;
  const servingGrams = saved ? saved.grams_per_serving : preview.status === 'ready' ? preview.gramsPerServing : null;
  const keys = values ? sortNutrientKeys(Object.keys(values)).filter((key) => !HEADLINE.includes(key)) : [];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="nutrition-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4" id="nutrition-heading">
            Nutrition per serving
          </Title>
          <Badge variant="light" color={saved ? 'brand' : 'gray'}>
            {saved ? 'Saved' : 'Preview, not saved yet'}
          </Badge>
        </Group>
        {loadError !== undefined && <ErrorState error={loadError} title="Could not load an ingredient" />}
        {!values && (
          <Text size="sm" c="dimmed" aria-live="polite">
            {preview.status === 'loading' ? 'Calculating…' : 'Add ingredients with amounts and the number of servings to see the nutrition.'}
          </Text>
        )}
        {values && (
          <>
            <SimpleGrid cols={{ base: 2, xs: 5 }} spacing="xs" aria-live="polite">
              {HEADLINE.map((key) => (
                <div key={key}>
                  <Text size="xs" c="dimmed">
                    {nutrientInfo(key).label}
                  </Text>
                  <Text fw={700} data-testid={`recipe-${key}`}>
                    {formatAmount(values[key], nutrientInfo(key).unit)}
                  </Text>
                </div>
              ))}
            </SimpleGrid>
            {servingGrams !== null && (
              <Text size="sm" c="dimmed">
                One serving weighs {formatFoodMass(servingGrams, units)}.
              </Text>
            )}
            <details>
              <summary style={{ cursor: 'pointer' }}>All nutrients</summary>
              <Table striped mt="xs">
                <Table.Tbody>
                  {keys.map((key) => (
                    <Table.Tr key={key}>
                      <Table.Th scope="row" fw={400}>
                        {nutrientInfo(key).label}
                      </Table.Th>
                      <Table.Td>{values[key] == null ? 'no data' : formatAmount(values[key], nutrientInfo(key).unit)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </details>
          </>
        )}
      </Stack>
    </Paper>
  );
}
