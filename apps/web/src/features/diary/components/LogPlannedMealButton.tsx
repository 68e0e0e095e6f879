/** Log a planned meal in the diary on its plan's date and slot, or say it already is: the plan's and dashboard's button. */
import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '../../../components/states';
import { useAddLog, useDiaryDay } from '../api/diary';
import { focusKeyProps, refocus } from '../../../lib/focus';

export interface LogPlannedMealButtonProps {
  meal: { id: number; name: string };
  /** The plan's date of the meal: its diary day says whether it was eaten (refetched after each log). */
  date: string;
  /** The same verb, "Log", everywhere: it stands out on the dashboard and is a quiet control among a plan's. */
  kind: 'ate-this' | 'log-as-eaten';
}

export function LogPlannedMealButton({ meal, date, kind }: LogPlannedMealButtonProps) {
  const diary = useDiaryDay(date);
  const add = useAddLog();
  const focusKey = `log-meal-${meal.id}`;
  const eaten = (diary.data?.entries ?? []).some((entry) => entry.plan_meal_id === meal.id);
  const log = () => {
    if (eaten || add.isPending) return;
    add.mutate(
      { plan_meal_id: meal.id },
      {
        onSuccess: () => {
          notifications.show({ color: 'brand', message: `${meal.name} logged` });
          // The button was disabled while saving, which drops the focus: put it back on the (now "Logged") button.
          refocus(focusKey);
        },
        onError: (error) => notifications.show({ color: 'red', title: 'Could not log the meal', message: errorMessage(error) }),
      },
    );
  };
  if (kind === 'ate-this') {
    return (
      <Button
        size="xs"
        variant={eaten ? 'light' : 'filled'}
        data-disabled={eaten || undefined}
        aria-disabled={eaten || undefined}
        loading={add.isPending}
        aria-label={eaten ? `${meal.name} logged` : `Log ${meal.name}`}
        {...focusKeyProps(focusKey)}
        onClick={log}
        miw={44}
        mih={44}
      >
        {eaten ? 'Logged ✓' : 'Log'}
      </Button>
    );
  }
  return (
    <Button
      size="xs"
      variant="subtle"
      data-disabled={eaten || undefined}
      aria-disabled={eaten || undefined}
      loading={add.isPending}
      onClick={log}
      aria-label={eaten ? `${meal.name} logged` : `Log ${meal.name}`}
      {...focusKeyProps(focusKey)}
      mih={44}
    >
      {eaten ? 'Logged ✓' : 'Log'}
    </Button>
  );
}
