/** The user's daily targets: energy, the macronutrient ranges, and every nutrient's reference in a table. */
import { List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { Targets } from '../lib/profile';
import { formatAmount, nutrientInfo, sortNutrientKeys } from '../lib/nutrients';

const HEADLINE = ['protein_g', 'fat_g', 'carbs_g', 'fiber_g'];

function range(min: number | null, max: number | null, unit: string): string {
  if (min != null && max != null) return `${formatAmount(min)}–${formatAmount(max)} ${unit}`;
  if (min != null) return `at least ${formatAmount(min, unit)}`;
  if (max != null) return `at most ${formatAmount(max, unit)}`;
  return '–';
}

export function TargetsSummary({ targets, showTable = true }: { targets: Targets; showTable?: boolean }) {
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed">
            Daily energy target
          </Text>
          <Text fw={700} size="xl" data-testid="energy-target">
            {Math.round(targets.energy_kcal)} kcal
          </Text>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed">
            Energy you burn (TDEE)
          </Text>
          <Text fw={700} size="xl">
            {Math.round(targets.tdee_kcal)} kcal
          </Text>
        </Paper>
        <Paper withBorder p="sm">
          <Text size="sm" c="dimmed">
            Resting energy (BMR)
          </Text>
          <Text fw={700} size="xl">
            {Math.round(targets.bmr_kcal)} kcal
          </Text>
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        {HEADLINE.filter((key) => targets.nutrients[key]).map((key) => {
          const target = targets.nutrients[key];
          return (
            <Paper withBorder p="sm" key={key}>
              <Text size="sm" c="dimmed">
                {nutrientInfo(key).label}
              </Text>
              {target.goal != null ? (
                <>
                  <Text fw={600}>{formatAmount(target.goal, target.unit)}</Text>
                  <Text size="xs" c="dimmed">
                    {target.min != null && target.max != null ? 'range ' : ''}
                    {range(target.min, target.max, target.unit)}
                  </Text>
                </>
              ) : (
                <Text fw={600}>{range(target.min, target.max, target.unit)}</Text>
              )}
            </Paper>
          );
        })}
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        Method: {targets.method}
      </Text>
      {targets.notes.length > 0 && (
        <List size="sm" spacing={4}>
          {targets.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
      {showTable && <TargetsTable targets={targets} />}
    </Stack>
  );
}

/** Every nutrient target with where its number comes from. */
export function TargetsTable({ targets }: { targets: Targets }) {
  const keys = sortNutrientKeys(Object.keys(targets.nutrients)).filter((key) => key !== 'energy_kcal');
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Every nutrient target ({targets.life_stage_group.replace(/_/g, ' ')})
      </Title>
      <Table.ScrollContainer minWidth={360}>
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Nutrient</Table.Th>
              <Table.Th scope="col">Daily target</Table.Th>
              <Table.Th scope="col">Source</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {keys.map((key) => {
              const target = targets.nutrients[key];
              return (
                <Table.Tr key={key}>
                  <Table.Th scope="row" fw={400}>
                    {nutrientInfo(key).label}
                  </Table.Th>
                  <Table.Td>{range(target.min, target.max, target.unit)}</Table.Td>
                  <Table.Td>{target.basis}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
