/** Meal plans: generate a new one, list saved ones, and show one plan at /plans/:planId. */
import { Anchor, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { formatDay } from '../../../lib/dates';
import { usePageTitle } from '../../../lib/usePageTitle';
import { usePlans } from '../api/plans';
import { PlanGenerator } from './PlanGenerator';
import { PlanView, type MealActions } from './PlanView';

export default function PlansPage({ mealActions }: { mealActions?: MealActions }) {
  const { planId } = useParams();
  if (planId !== undefined) {
    const id = Number(planId);
    if (!Number.isInteger(id) || id <= 0) return <ErrorState error={new Error('This plan address is not valid.')} />;
    return <PlanView key={id} planId={id} mealActions={mealActions} />;
  }
  return <PlansOverview />;
}

function PlansOverview() {
  usePageTitle('Meal plans');
  const plans = usePlans();
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        Meal plans
      </Title>
      <PlanGenerator />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Your plans
        </Title>
        {plans.isPending && <LoadingState label="Loading your plans…" />}
        {plans.isError && <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />}
        {plans.data && plans.data.items.length === 0 && (
          <EmptyState title="No plans yet">
            <Text size="sm">Generate one above: it takes a few seconds.</Text>
          </EmptyState>
        )}
        {plans.data && plans.data.items.length > 0 && (
          <Table.ScrollContainer minWidth={320}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Starts</Table.Th>
                  <Table.Th scope="col">Days</Table.Th>
                  <Table.Th scope="col">Meals a day</Table.Th>
                  <Table.Th scope="col">Created</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {plans.data.items.map((plan) => (
                  <Table.Tr key={plan.id}>
                    <Table.Th scope="row" fw={500}>
                      <Group gap="xs">
                        <Anchor component={Link} to={`/plans/${plan.id}`}>
                          Plan from {formatDay(plan.start_date)}
                        </Anchor>
                      </Group>
                    </Table.Th>
                    <Table.Td>{plan.days}</Table.Td>
                    <Table.Td>{plan.meals_per_day}</Table.Td>
                    <Table.Td>{new Date(plan.created_at).toLocaleString()}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Paper>
    </Stack>
  );
}
