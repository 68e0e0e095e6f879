/** /foods/:id: a food's full nutrient table, scaled to a portion, its measures, and edit/delete for its owner. */
import { Anchor, Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useAuth } from '../../../lib/auth';
import { usePreferences } from '../../../lib/preferences';
import { ConfirmDeleteModal } from '../../../components/ConfirmDeleteModal';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { ApiError } from '../../../lib/api';
import { formatAmount } from '../../../lib/nutrients';
import { usePageTitle } from '../../../lib/usePageTitle';
import { formatFoodMass, type Units } from '../../../lib/units';
import { FoodEditor } from './FoodEditor';
import { defaultPortion, isMassUnit, type Measure } from '../../../lib/measures';
import { MeasurePicker, portionGrams, type Portion } from '../../../components/MeasurePicker';
import { NutrientTable } from './NutrientTable';
import { useFood, type Food } from '../../../lib/catalogue';
import { useDeleteFood } from '../api/foods';

export function sourceLabel(food: Pick<Food, 'source' | 'source_id'>): string {
  if (food.source === 'usda_sr') return `USDA SR, NDB ${food.source_id}`;
  if (food.source === 'custom') return 'Your custom food';
  if (food.source === 'recipe') return 'Recipe';
  return food.source;
}

/** The first portion shown: the food's default (most common household) portion, the same as the diary offers;
 * else one of its own measures, else 100 g (or 4 oz). */
export function initialPortion(measures: Measure[], units: Units, preferred?: Food['default_portion']): Portion {
  if (preferred && (isMassUnit(preferred.unit) || measures.some((measure) => measure.name === preferred.unit))) {
    return defaultPortion(measures, units, preferred);
  }
  const household = measures.find((measure) => !isMassUnit(measure.name));
  if (household) return { quantity: household.amount, measureName: household.name };
  return units === 'imperial' ? { quantity: 4, measureName: 'oz' } : { quantity: 100, measureName: 'g' };
}

/** What the page offers to do with the portion on screen (the route puts the diary's "Log today" here). */
export type PortionAction = (props: { food: Food; portion: Portion; disabled: boolean }) => ReactNode;

export default function FoodDetailPage({ portionAction }: { portionAction?: PortionAction }) {
  const params = useParams();
  const id = Number(params.id);
  const valid = Number.isInteger(id) && id > 0;
  const food = useFood(valid ? id : null);
  usePageTitle(food.data?.name ?? 'Food');

  if (!valid) return <FoodMissing />;
  if (food.isPending) return <LoadingState label="Loading the food…" />;
  if (food.isError && food.error instanceof ApiError && food.error.status === 404) return <FoodMissing />;
  if (food.isLoadingError) return <ErrorState error={food.error} onRetry={() => void food.refetch()} />;
  return <FoodDetail key={food.data.id} food={food.data} portionAction={portionAction} />;
}

function FoodMissing() {
  return (
    <Stack>
      <Title order={1}>Food not found</Title>
      <EmptyState title="This food does not exist or is not yours">
        <Anchor component={Link} to="/foods">
          Search the foods
        </Anchor>
      </EmptyState>
    </Stack>
  );
}

function FoodDetail({ food, portionAction }: { food: Food; portionAction?: PortionAction }) {
  const { units } = usePreferences();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [portion, setPortion] = useState<Portion>(() => initialPortion(food.measures, units, food.default_portion));
  const [editing, setEditing] = useState(false);
  const [confirmOpen, confirm] = useDisclosure(false);
  const remove = useDeleteFood();
  const grams = portionGrams(food.measures, portion);
  const isOwn = food.source === 'custom' && user !== undefined && food.owner_id === user.id;
  const formatMass = (g: number) => formatFoodMass(g, units);
  const headline = ['energy_kcal', 'protein_g', 'fat_g', 'carbs_g'] as const;
  const ownMeasures = food.measures.filter((measure) => !isMassUnit(measure.name));

  if (editing) {
    return (
      <Stack>
        <Title order={1}>{food.name}</Title>
        <FoodEditor food={food} onSaved={() => setEditing(false)} onCancel={() => setEditing(false)} />
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/foods" size="sm">
        ← Back to foods
      </Anchor>
      <Stack gap={4}>
        <Title order={1} style={{ overflowWrap: 'anywhere' }}>
          {food.name}
        </Title>
        {food.display_name && food.display_name !== food.name && (
          <Text size="sm" c="dimmed">
            Shown in plans and the diary as “{food.display_name}”
          </Text>
        )}
        <Group gap="xs">
          <Badge variant="light">{sourceLabel(food)}</Badge>
          {food.group && (
            <Badge variant="outline" color="gray">
              {food.group}
            </Badge>
          )}
        </Group>
      </Stack>
      {isOwn && (
        <Group>
          <Button variant="light" onClick={() => setEditing(true)}>
            Edit food
          </Button>
          <Button variant="light" color="red" onClick={confirm.open}>
            Delete food
          </Button>
        </Group>
      )}
      {food.source === 'recipe' && (
        <Anchor component={Link} to={`/plans/recipes/${food.id}`}>
          Ingredients and steps
        </Anchor>
      )}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Portion
          </Title>
          <MeasurePicker measures={food.measures} units={units} value={portion} onChange={setPortion} />
          <SimpleGrid cols={{ base: 2, xs: 4 }}>
            {headline.map((key) => (
              <div key={key}>
                <Text size="xs" c="dimmed">
                  {{ energy_kcal: 'Energy', protein_g: 'Protein', fat_g: 'Fat', carbs_g: 'Carbs' }[key]}
                </Text>
                <Text fw={600} data-testid={`portion-headline-${key}`}>
                  {grams === null || food.nutrients[key] == null
                    ? '–'
                    : formatAmount(((food.nutrients[key] ?? 0) * grams) / 100, key === 'energy_kcal' ? 'kcal' : 'g')}
                </Text>
              </div>
            ))}
          </SimpleGrid>
          {portionAction?.({ food, portion, disabled: grams === null })}
        </Stack>
      </Paper>
      <Title order={2} size="h4">
        Nutrients
      </Title>
      <NutrientTable
        per100g={food.nutrients}
        portion={grams === null ? null : { grams, label: formatMass(grams) }}
        caption={`Nutrients of ${food.name}`}
      />
      <Title order={2} size="h4">
        Measures
      </Title>
      {ownMeasures.length === 0 ? (
        <Text size="sm" c="dimmed">
          No household measures: weigh it in {units === 'imperial' ? 'ounces or pounds' : 'grams'}.
        </Text>
      ) : (
        <Table withTableBorder striped maw={520}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Measure</Table.Th>
              <Table.Th scope="col">Weighs</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {ownMeasures.map((measure) => (
              <Table.Tr key={`${measure.name}-${measure.grams}`}>
                <Table.Td>{measure.amount === 1 ? measure.name : `${measure.amount} × ${measure.name}`}</Table.Td>
                <Table.Td>{formatMass(measure.grams)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {food.source_release && (
        <Text size="xs" c="dimmed">
          Source: {food.source_release}
        </Text>
      )}
      <ConfirmDeleteModal
        opened={confirmOpen}
        onClose={confirm.close}
        name={food.name}
        consequence="Diary entries keep their name and nutrients; the food leaves searches and plans."
        error={remove.error}
        errorTitle="The food was not deleted"
        pending={remove.isPending}
        onConfirm={() => remove.mutate(food.id, { onSuccess: () => navigate('/foods', { replace: true }) })}
      />
    </Stack>
  );
}
