/** Today at a glance: intake against targets, today's planned meals, weight trend and the plan's adequacy. */
import { Anchor, Button, Group, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useAuth } from '../../lib/auth';
import { usePreferences } from '../../lib/preferences';
import { queryKeys } from '../../lib/queryKeys';
import { MacroRings } from '../../components/MacroRings';
import { EmptyState, ErrorState, errorMessage, LoadingState } from '../../components/states';
import { WeightTrendChart } from '../../components/WeightTrendChart';
import { api, unwrap } from '../../lib/api';
import { formatDay, today } from '../../lib/dates';
import { nutrientInfo } from '../../lib/nutrients';
import { formatBodyWeight } from '../../lib/units';
import { usePageTitle } from '../../lib/usePageTitle';
import { useDiaryDay, useLogPlannedMeal, usePlan, usePlans, type Plan } from '../../features/plans/api/plans';
import { MealCard } from '../../features/plans/components/MealCard';
import { planCovering, scoreDay } from '../../features/plans/weekAdequacy';

export default function DashboardPage() {
  usePageTitle('Dashboard');
  const { user } = useAuth();
  const day = today();
  const plans = usePlans();
  const current = plans.data ? planCovering(plans.data.items, day) : undefined;
  const plan = usePlan(current?.id ?? null);

  return (
    <Stack gap="md">
      <Stack gap={0}>
        <Title order={1} size="h2">
          {user?.name ? `Hello, ${user.name}` : 'Today'}
        </Title>
        <Text c="dimmed">{formatDay(day)}</Text>
      </Stack>
      <TodayIntake date={day} />
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
        {plan.data && <TodayMeals plan={plan.data} date={day} />}
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <WeightSection />
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
      </SimpleGrid>
    </Stack>
  );
}

function TodayIntake({ date }: { date: string }) {
  const diary = useDiaryDay(date);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="today-intake">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="today-intake">
          Eaten today
        </Title>
        <Anchor component={Link} to={`/diary?date=${date}`} size="sm">
          Open the diary
        </Anchor>
      </Group>
      {diary.isPending && <LoadingState label="Loading today's diary…" />}
      {diary.isError && <ErrorState error={diary.error} onRetry={() => void diary.refetch()} />}
      {diary.data && (
        <Stack gap="xs">
          <MacroRings
            rings={['energy_kcal', 'protein_g', 'fat_g', 'carbs_g'].map((key) => {
              const target = diary.data.targets?.nutrients[key];
              const energy = diary.data.targets?.energy_kcal;
              const info = nutrientInfo(key);
              return {
                key,
                label: key === 'carbs_g' ? 'Carbs' : info.label,
                amount: diary.data.totals[key] ?? 0,
                min: target?.min,
                max: target?.max,
                // Energy fills towards the day's target itself; macronutrients towards the middle of their range.
                goal: key === 'energy_kcal' ? energy : undefined,
                unit: info.unit,
              };
            })}
          />
          {diary.data.entries.length === 0 && (
            <Text size="sm" c="dimmed">
              Nothing logged yet today. Tick a planned meal below with “Ate this”, or add food in the diary.
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}

function TodayMeals({ plan, date }: { plan: Plan; date: string }) {
  const diary = useDiaryDay(date);
  const logMeal = useLogPlannedMeal();
  const day = plan.days.find((candidate) => candidate.date === date);
  if (!day) return <Text size="sm">The plan has no meals for today.</Text>;
  const loggedMealIds = new Set((diary.data?.entries ?? []).map((entry) => entry.plan_meal_id).filter((id) => id != null));
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
      {day.meals.map((meal) => {
        const eaten = loggedMealIds.has(meal.id);
        return (
          <MealCard
            key={meal.id}
            meal={meal}
            actions={
              <Button
                size="xs"
                variant={eaten ? 'light' : 'filled'}
                disabled={eaten}
                loading={logMeal.isPending && logMeal.variables === meal.id}
                aria-label={eaten ? `${meal.name} logged` : `Ate this: ${meal.name}`}
                onClick={() =>
                  logMeal.mutate(meal.id, {
                    onSuccess: () => notifications.show({ color: 'brand', message: `${meal.name} added to your diary` }),
                    onError: (error) =>
                      notifications.show({ color: 'red', title: 'Could not log the meal', message: errorMessage(error) }),
                  })
                }
              >
                {eaten ? 'Logged ✓' : 'Ate this'}
              </Button>
            }
          />
        );
      })}
    </SimpleGrid>
  );
}

function WeightSection() {
  const { units } = usePreferences();
  const weights = useQuery({
    queryKey: [...queryKeys.weights, 'recent'],
    queryFn: () => unwrap(api.GET('/api/weights', { params: { query: { limit: 100, order: 'desc' } } })),
  });
  const latest = weights.data?.items[0];
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="weight-trend">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="weight-trend">
          Weight trend
        </Title>
        <Anchor component={Link} to="/weight" size="sm">
          Log weight
        </Anchor>
      </Group>
      {weights.isPending && <LoadingState label="Loading weigh-ins…" />}
      {weights.isError && <ErrorState error={weights.error} onRetry={() => void weights.refetch()} />}
      {weights.data && weights.data.items.length === 0 && (
        <EmptyState title="No weigh-ins yet">
          <Text size="sm">Log your weight to see your trend.</Text>
        </EmptyState>
      )}
      {weights.data && latest && (
        <Stack gap="xs">
          <Text size="sm">
            Latest {formatBodyWeight(latest.weight_kg, units)} on {formatDay(latest.date)} · trend{' '}
            {formatBodyWeight(latest.trend_kg, units)}
          </Text>
          <WeightTrendChart points={weights.data.items} units={units} />
        </Stack>
      )}
    </Paper>
  );
}

const listShort = (labels: string[]) =>
  `${labels.slice(0, 4).join(', ')}${labels.length > 4 ? ` and ${labels.length - 4} more` : ''}`;

function WeekAdequacy({ plan }: { plan: Plan }) {
  return (
    <Stack gap="sm">
      {plan.days.map((day) => {
        const score = scoreDay(day.totals, plan.targets.nutrients);
        const percent = score.total ? (score.met / score.total) * 100 : 0;
        const missing = score.low.map((key) => nutrientInfo(key).label);
        const over = score.high.map((key) => nutrientInfo(key).label);
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
