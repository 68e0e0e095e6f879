/** The form that asks the planner for a new plan: how many days, how many meals, from which date. */
import { Button, Group, NativeSelect, NumberInput, Paper, Stack, TextInput, Title } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useProfile } from '../../../lib/profile';
import { ErrorState } from '../../../components/states';
import { today } from '../../../lib/dates';
import { useCreatePlan, type PlanCreate } from '../api/plans';
import { GenerationProgress } from './GenerationProgress';

type RecipeMix = NonNullable<PlanCreate['recipe_mix']>;

const RECIPE_MIX_OPTIONS: { value: RecipeMix; label: string }[] = [
  { value: 'any', label: 'Any: the catalogue and mine' },
  { value: 'mostly_mine', label: 'Mostly mine' },
  { value: 'only_mine', label: 'Only mine' },
];

const RECIPE_MIX_HINT: Record<RecipeMix, string> = {
  any: 'The catalogue’s and yours alike',
  mostly_mine: 'Yours first; the catalogue’s for variety',
  only_mine: 'Yours; the catalogue’s only for a meal none of yours fits',
};

export function PlanGenerator() {
  const profile = useProfile();
  const create = useCreatePlan();
  const navigate = useNavigate();
  const [days, setDays] = useState<number | ''>(7);
  const [meals, setMeals] = useState<string>(String(profile.data?.meals_per_day ?? 3));
  const [startDate, setStartDate] = useState(today());
  const [recipeMix, setRecipeMix] = useState<RecipeMix>('any');

  // One key per set of answers: clicking Generate again with the same answers returns the plan already made.
  const lastKey = useRef<{ answers: string; key: string } | null>(null);

  const daysValid = days !== '' && Number.isInteger(days) && days >= 1 && days <= 14;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!daysValid) return;
    const answers = `${days}|${meals}|${startDate}|${recipeMix}`;
    if (lastKey.current?.answers !== answers) {
      lastKey.current = { answers, key: `plan-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}` };
    }
    const idempotencyKey = lastKey.current.key;
    create.mutate(
      { body: { days: Number(days), meals_per_day: Number(meals), start_date: startDate || null, recipe_mix: recipeMix }, idempotencyKey },
      { onSuccess: (plan) => navigate(`/plans/${plan.id}`) },
    );
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={onSubmit} aria-labelledby="generate-title">
        <Stack>
          <Title order={2} size="h4" id="generate-title">
            Generate a new plan
          </Title>
          <Group align="flex-start" grow preventGrowOverflow={false} wrap="wrap">
            <NumberInput
              label="Number of days"
              min={1}
              max={14}
              clampBehavior="none"
              allowDecimal={false}
              value={days}
              onChange={(value) => setDays(value === '' ? '' : Number(value))}
              error={days !== '' && !daysValid ? 'Choose 1 to 14 days' : undefined}
              miw={140}
            />
            <NativeSelect
              label="Meals per day"
              value={meals}
              onChange={(event) => setMeals(event.currentTarget.value)}
              data={['3', '4', '5', '6']}
              miw={140}
            />
            <TextInput
              label="Start date"
              type="date"
              value={startDate}
              onChange={(event) => setStartDate(event.currentTarget.value)}
              miw={160}
            />
            <NativeSelect
              label="Recipes"
              description={RECIPE_MIX_HINT[recipeMix]}
              value={recipeMix}
              onChange={(event) => setRecipeMix(event.currentTarget.value as RecipeMix)}
              data={RECIPE_MIX_OPTIONS}
              miw={180}
            />
          </Group>
          {create.isPending && <GenerationProgress days={Number(days) || 1} />}
          {create.isError && <ErrorState error={create.error} title="Could not generate a plan" />}
          <Group>
            <Button type="submit" loading={create.isPending} disabled={!daysValid}>
              Generate plan
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
