/** One plan: the week at a glance, then a day's meals with their controls and its nutrient adequacy. */
import { Alert, Button, Group, Paper, SimpleGrid, Stack, Tabs, Text, Title, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMediaQuery } from '@mantine/hooks';
import { Fragment, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { ErrorState, errorMessage, LoadingState } from '../../../components/states';
import { formatDay, today } from '../../../lib/dates';
import { focusKeyProps, refocus } from '../../../lib/focus';
import { formatAmount } from '../../../lib/nutrients';
import { slotLabel } from '../../../lib/slots';
import { usePageTitle } from '../../../lib/usePageTitle';
import {
  useDeletePlan,
  usePlan,
  useRegenerateDay,
  useRegenerateMeal,
  useUpdateItem,
  type Plan,
  type PlanDay,
  type PlanMeal,
} from '../api/plans';

const RECIPE_MIX_TEXT = { any: 'any recipes', mostly_mine: 'mostly your recipes', only_mine: 'only your recipes' } as const;

/** Controls under each planned meal, e.g. the diary's "Log" (the route provides them). */
export type MealActions = (meal: PlanMeal, date: string) => ReactNode;
import { CookingSessions } from './CookingSessions';
import { DayAdequacy } from './DayAdequacy';
import { GenerationProgress } from './GenerationProgress';
import { MealCard } from './MealCard';
import { SwapMeal } from './SwapMeal';

export function PlanView({ planId, mealActions }: { planId: number; mealActions?: MealActions }) {
  const plan = usePlan(planId);
  usePageTitle('Meal plan');
  if (plan.isPending) return <LoadingState label="Loading the plan…" />;
  if (plan.isLoadingError) return <ErrorState error={plan.error} title="Could not load the plan" onRetry={() => void plan.refetch()} />;
  return <PlanDetail plan={plan.data} mealActions={mealActions} />;
}

function PlanDetail({ plan, mealActions }: { plan: Plan; mealActions?: MealActions }) {
  const navigate = useNavigate();
  const remove = useDeletePlan();
  const first = plan.days[0]?.date;
  const last = plan.days[plan.days.length - 1]?.date;
  const initialDay = plan.days.some((day) => day.date === today()) ? today() : (first ?? '');
  // The selected day lives in the URL (?day=YYYY-MM-DD) so a reload or a shared link opens the same day.
  const [params, setParams] = useSearchParams();
  const requested = params.get('day');
  const selected = requested && plan.days.some((day) => day.date === requested) ? requested : initialDay;
  const setSelected = (date: string) =>
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set('day', date);
        return next;
      },
      { replace: true },
    );
  const energyTarget = plan.targets.energy_kcal;
  // A phone shows the selected day's meals first; the week's cards (about 1,100 px) follow, collapsed.
  const isPhone = useMediaQuery('(max-width: 48em)');
  const weekCards = (
    <SimpleGrid cols={{ base: 1, xs: 2, md: Math.min(plan.days.length, 4), xl: Math.min(plan.days.length, 7) }} spacing="xs">
      {plan.days.map((day) => (
        <UnstyledButton
          key={day.date}
          onClick={() => setSelected(day.date)}
          aria-pressed={day.date === selected}
          className="plan-day-card"
        >
          <Paper
            withBorder
            p="xs"
            h="100%"
            bg={day.date === selected ? 'var(--mantine-color-brand-light)' : undefined}
            style={day.date === selected ? { borderColor: 'var(--mantine-color-brand-7)' } : undefined}
          >
            <Group justify="space-between" gap={4} wrap="nowrap">
              <Text fw={600} size="sm">
                {formatDay(day.date)}
              </Text>
              <Text size="xs">
                {formatAmount(day.totals.energy_kcal, 'kcal')}
                {energyTarget ? ` / ${Math.round(energyTarget)}` : ''}
              </Text>
            </Group>
            <Stack gap={0} mt={4}>
              {day.meals.map((meal) => (
                <Text key={meal.id} size="xs" lineClamp={1}>
                  <Text span fw={500} size="xs">
                    {slotLabel(meal.slot)}:
                  </Text>{' '}
                  {meal.name}
                </Text>
              ))}
            </Stack>
            <Text size="xs" c="dimmed" mt={4}>
              {dayStatusText(day)}
            </Text>
          </Paper>
        </UnstyledButton>
      ))}
    </SimpleGrid>
  );
  const weekSection = (
    <section aria-labelledby="week-view">
      <Title order={2} size="h5" mb="xs" id="week-view">
        The week at a glance
      </Title>
      {isPhone ? null : weekCards}
      {isPhone && (
        <details>
          <summary style={{ cursor: 'pointer', minHeight: 44, display: 'flex', alignItems: 'center' }}>
            Show all {plan.days.length} days
          </summary>
          {weekCards}
        </details>
      )}
    </section>
  );
  const dayTabs = (
    <Tabs value={selected} onChange={(value) => value && setSelected(value)} keepMounted={false}>
      <Tabs.List style={{ flexWrap: 'nowrap', overflowX: 'auto' }}>
        {plan.days.map((day) => (
          <Tabs.Tab key={day.date} value={day.date}>
            {formatDay(day.date)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {plan.days.map((day) => (
        <Tabs.Panel key={day.date} value={day.date} pt="md">
          <DayPanel plan={plan} day={day} mealActions={mealActions} />
        </Tabs.Panel>
      ))}
    </Tabs>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={0}>
          <Title order={1} size="h2">
            Meal plan
          </Title>
          <Text c="dimmed">
            {first && formatDay(first)}
            {last && last !== first && ` – ${formatDay(last)}`} · {plan.days.length} day{plan.days.length > 1 ? 's' : ''},{' '}
            {plan.meals_per_day} meals a day
            {plan.recipe_mix && plan.recipe_mix !== 'any' && ` · ${RECIPE_MIX_TEXT[plan.recipe_mix]}`}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button component={Link} to={`/grocery?plan=${plan.id}`} variant="light">
            Grocery list
          </Button>
          <Button component={Link} to="/plans" variant="default">
            All plans
          </Button>
          <Button
            color="red"
            variant="subtle"
            loading={remove.isPending}
            onClick={() => {
              if (!window.confirm('Delete this plan? Meals you logged stay in your diary.')) return;
              remove.mutate(plan.id, {
                onSuccess: () => navigate('/plans'),
                onError: (error) => notifications.show({ color: 'red', title: 'Could not delete', message: errorMessage(error) }),
              });
            }}
          >
            Delete plan
          </Button>
        </Group>
      </Group>

      {(plan.recipe_notes ?? []).length > 0 && (
        <Alert color="brand" variant="light" title="About your recipes in this plan">
          <Stack gap={2}>
            {plan.recipe_notes?.map((note) => (
              <Text size="sm" key={note}>
                {note}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      {/* One keyed list in either order, so crossing the phone breakpoint (a rotated tablet, a resized window)
          moves the sections instead of remounting them: an open Swap dialog or a half-edited amount survives. */}
      {(isPhone ? ['day', 'week', 'cooking'] : ['week', 'cooking', 'day']).map((section) => (
        <Fragment key={section}>
          {section === 'day' ? dayTabs : section === 'week' ? weekSection : <CookingSessions plan={plan} />}
        </Fragment>
      ))}
    </Stack>
  );
}

/** A week card's one line, from the same panel as the day's headline so the two never disagree. */
function dayStatusText(day: PlanDay): string {
  const counts = day.panel?.headline.counts;
  if (!counts) return day.shortfalls.length === 0 ? 'Every minimum met' : `${day.shortfalls.length} below target`;
  const parts = [
    counts.over ? `${counts.over} over a limit` : '',
    counts.low ? `${counts.low} low` : '',
    counts.close ? `${counts.close} close` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'Every target met';
}

function DayPanel({ plan, day, mealActions }: { plan: Plan; day: PlanDay; mealActions?: MealActions }) {
  const regenerateMeal = useRegenerateMeal(plan.id);
  const regenerateDay = useRegenerateDay(plan.id);
  const updateItem = useUpdateItem(plan.id);
  const busy = regenerateMeal.isPending || regenerateDay.isPending || updateItem.isPending;
  const failure = regenerateMeal.error ?? regenerateDay.error ?? updateItem.error;

  const fail = (title: string) => (error: unknown) =>
    notifications.show({ color: 'red', title, message: errorMessage(error) });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {formatDay(day.date)}
        </Title>
        <Button
          variant="light"
          size="xs"
          mih={44}
          loading={regenerateDay.isPending}
          disabled={busy && !regenerateDay.isPending}
          {...focusKeyProps(`day-${day.date}-regenerate`)}
          onClick={() =>
            regenerateDay.mutate(day.date, {
              onSuccess: () => refocus(`day-${day.date}-regenerate`),
              onError: fail('Could not regenerate the day'),
            })
          }
        >
          Regenerate day
        </Button>
      </Group>
      {(regenerateMeal.isPending || regenerateDay.isPending) && (
        <GenerationProgress days={1} label={regenerateDay.isPending ? 'Regenerating the day' : 'Regenerating the meal'} />
      )}
      {failure && !busy && <ErrorState error={failure} title="The plan could not be changed" />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm">
        {day.meals.map((meal, index) => (
          <MealCard
            key={meal.id}
            meal={meal}
            busy={busy}
            focusKey={`day-${day.date}-meal-${index}`}
            regenerating={regenerateMeal.isPending && regenerateMeal.variables === meal.id}
            onRegenerate={() =>
              regenerateMeal.mutate(meal.id, {
                onSuccess: () => refocus(`day-${day.date}-meal-${index}-regenerate`),
                onError: fail('Could not regenerate the meal'),
              })
            }
            onUpdateItem={(itemId, change) => updateItem.mutateAsync({ itemId, ...change })}
            actions={
              <>
                <SwapMeal planId={plan.id} meal={meal} energyTarget={plan.targets.energy_kcal} disabled={busy} />
                {mealActions?.(meal, day.date)}
              </>
            }
          />
        ))}
      </SimpleGrid>
      <Paper withBorder p="sm">
        <DayAdequacy day={day} targets={plan.targets} />
      </Paper>
    </Stack>
  );
}
