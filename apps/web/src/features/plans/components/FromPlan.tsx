/** Copy from the meal plan: the planned meals of a diary day, each logged as eaten with one click. */
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { Link } from 'react-router';
import { errorMessage, ErrorState, LoadingState } from '../../../components/states';
import { formatAmount } from '../../../lib/nutrients';
import { slotLabel } from '../../../lib/slots';
import { usePlan, usePlans, type PlanMeal } from '../api/plans';
import { planCovering } from '../weekAdequacy';

export interface FromPlanProps {
  date: string;
  /** The planned meals the diary already has (its entries' plan_meal_id). */
  loggedMealIds: ReadonlySet<number>;
  /** Log one planned meal as eaten; the route gives the diary's logging here. */
  logMeal: (mealId: number) => Promise<unknown>;
}

export function FromPlan({ date, loggedMealIds: logged, logMeal }: FromPlanProps) {
  const plans = usePlans();
  const covering = plans.data ? planCovering(plans.data.items, date) : undefined;
  const plan = usePlan(covering?.id ?? null);
  const [pending, setPending] = useState<Set<number>>(new Set());

  const day = plan.data?.days.find((candidate) => candidate.date === date);
  const meals: PlanMeal[] = day?.meals ?? [];
  const unlogged = meals.filter((meal) => !logged.has(meal.id));

  async function logMeals(toLog: PlanMeal[]) {
    setPending((current) => new Set([...current, ...toLog.map((meal) => meal.id)]));
    try {
      // One at a time: each answer refreshes the day, and a failure stops before logging the rest twice.
      for (const meal of toLog) {
        await logMeal(meal.id);
      }
      notifications.show({
        color: 'brand',
        message: toLog.length === 1 ? `${toLog[0].name} logged` : `${toLog.length} meals logged`,
      });
    } catch (error) {
      notifications.show({ color: 'red', title: 'Could not log the meal', message: errorMessage(error) });
    } finally {
      setPending((current) => new Set([...current].filter((id) => !toLog.some((meal) => meal.id === id))));
    }
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="from-plan">
      <Stack gap="sm">
        <Title order={2} size="h4" id="from-plan">
          From your meal plan
        </Title>
        {plans.isPending && <LoadingState label="Looking for your plan…" />}
        {plans.isError && <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />}
        {plans.data && !covering && (
          <Text size="sm" c="dimmed">
            No meal plan covers this day.{' '}
            <Anchor component={Link} to="/plans" underline="always">
              Make a plan
            </Anchor>
          </Text>
        )}
        {covering && plan.isPending && <LoadingState label="Loading the plan…" />}
        {covering && plan.isError && <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />}
        {plan.data && meals.length === 0 && (
          <Text size="sm" c="dimmed">
            The plan has no meals on this day.
          </Text>
        )}
        {meals.length > 0 && (
          <>
            <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {meals.map((meal) => {
                const isLogged = logged.has(meal.id);
                return (
                  <Group component="li" key={meal.id} justify="space-between" wrap="nowrap" gap="xs">
                    <div style={{ minWidth: 0 }}>
                      <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                        {slotLabel(meal.slot)}: {meal.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {formatAmount(meal.totals.energy_kcal, 'kcal')}
                      </Text>
                    </div>
                    {isLogged ? (
                      <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
                        Logged
                      </Badge>
                    ) : (
                      <Button
                        size="xs"
                        style={{ flexShrink: 0 }}
                        variant="light"
                        aria-label={`Log ${slotLabel(meal.slot).toLowerCase()}: ${meal.name}`}
                        loading={pending.has(meal.id)}
                        onClick={() => void logMeals([meal])}
                      >
                        Log
                      </Button>
                    )}
                  </Group>
                );
              })}
            </Stack>
            {unlogged.length > 1 && (
              <Group>
                <Button variant="light" loading={pending.size > 0} onClick={() => void logMeals(unlogged)}>
                  Log all planned meals
                </Button>
              </Group>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
