/** The dashboard's plan sections: today's planned meals, and how well each day of the current plan meets its targets. */
import { Anchor, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState, ErrorState, errorMessage, LoadingState } from '../../../components/states';
import { formatDay } from '../../../lib/dates';
import { usePlan, usePlans, type Plan } from '../api/plans';
import { planCovering, scorePanel } from '../weekAdequacy';
import { MealCard } from './MealCard';
import type { MealActions } from './PlanView';

/** The plan covering `date` (newest first), and that plan; both queries are shared with the other sections. */
function useCurrentPlan(date: string) {
  const plans = usePlans();
  const current = plans.data ? planCovering(plans.data.items, date) : undefined;
  const plan = usePlan(current?.id ?? null);
  return { plans, current, plan };
}

export function TodayMealsSection({ date, mealActions }: { date: string; mealActions?: MealActions }) {
  const { plans, current, plan } = useCurrentPlan(date);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="today-meals">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="today-meals">
          Today&apos;s planned meals
        </Title>
        {current && (
          <Anchor component={Link} to={`/plans/${current.id}`} size="sm">
            Open the plan
          </Anchor>
        )}
      </Group>
      {plans.isPending && <LoadingState label="Loading your plans…" />}
      {plans.isError && <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />}
      {plans.data && !current && (
        <EmptyState title="No meals planned for today">
          <Button component={Link} to="/plans" mt="xs">
            Generate a meal plan
          </Button>
        </EmptyState>
      )}
      {current && plan.isPending && <LoadingState label="Loading today's meals…" />}
      {plan.isError && <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />}
      {plan.data && <TodayMeals plan={plan.data} date={date} mealActions={mealActions} />}
    </Paper>
  );
}

function TodayMeals({ plan, date, mealActions }: { plan: Plan; date: string; mealActions?: MealActions }) {
  const day = plan.days.find((candidate) => candidate.date === date);
  if (!day) return <Text size="sm">The plan has no meals for today.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
      {day.meals.map((meal) => (
        <MealCard key={meal.id} meal={meal} actions={mealActions?.(meal, date)} />
      ))}
    </SimpleGrid>
  );
}

export function WeekAdequacySection({ date }: { date: string }) {
  const { plans, current, plan } = useCurrentPlan(date);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="week-adequacy">
      <Title order={2} size="h4" id="week-adequacy" mb="sm">
        This week&apos;s adequacy
      </Title>
      {(plans.isPending || (current && plan.isPending)) && <LoadingState label="Loading the plan's adequacy…" />}
      {(plans.isError || plan.isError) && (
        <Text size="sm" c="red.8">
          The plan could not be loaded: {errorMessage(plans.error ?? plan.error)}
        </Text>
      )}
      {plans.data && !current && <Text size="sm">No plan covers this week yet.</Text>}
      {plan.data && <WeekAdequacy plan={plan.data} />}
    </Paper>
  );
}

const listShort = (labels: string[]) =>
  `${labels.slice(0, 4).join(', ')}${labels.length > 4 ? ` and ${labels.length - 4} more` : ''}`;

function WeekAdequacy({ plan }: { plan: Plan }) {
  return (
    <Stack gap="sm">
      {plan.days.map((day) => {
        // The API's panel (sent with every plan day): the same statuses as the day's headline on the plan page.
        const score = scorePanel(day.panel?.rows ?? []);
        const percent = score.total ? (score.met / score.total) * 100 : 0;
        const { low: missing, close, high: over } = score;
        return (
          <Stack gap={2} key={day.date}>
            <Group justify="space-between" gap="xs">
              <Text size="sm" fw={500}>
                {formatDay(day.date)}
              </Text>
              <Text size="sm">
                {score.met} of {score.total} targets met
              </Text>
            </Group>
            <Progress
              value={percent}
              color={percent >= 90 ? 'brand' : percent >= 75 ? 'yellow' : 'orange'}
              aria-label={`${formatDay(day.date)}: ${score.met} of ${score.total} nutrient targets met`}
            />
            {missing.length > 0 && (
              <Text size="xs" c="dimmed">
                Low: {listShort(missing)}
              </Text>
            )}
            {close.length > 0 && (
              <Text size="xs" c="dimmed">
                Close (at least 90%): {listShort(close)}
              </Text>
            )}
            {over.length > 0 && (
              <Text size="xs" c="dimmed">
                Over: {listShort(over)}
              </Text>
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
