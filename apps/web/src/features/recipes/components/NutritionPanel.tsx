/** The recipe's nutrition per serving: the live preview while editing, the saved figures once saved. */
import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { ErrorState } from '../../../components/states';
import type { Recipe } from '../../../lib/catalogue';
import { formatAmount, nutrientInfo, sortNutrientKeys } from '../../../lib/nutrients';
import { formatFoodMass, type Units } from '../../../lib/units';
import type { previewPerServing } from '../recipeForm';

const HEADLINE = ['energy_kcal', 'protein_g', 'fat_g', 'carbs_g', 'fiber_g'];

export function NutritionPanel({
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
