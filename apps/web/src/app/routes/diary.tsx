/** /diary?date=YYYY-MM-DD: the diary day, with the plan's meals for that day to log. */
import { useAddLog } from '../../features/diary/api/diary';
import DiaryPage from '../../features/diary/components/DiaryPage';
import { FromPlan } from '../../features/plans/components/FromPlan';

export default function DiaryRoute() {
  const add = useAddLog();
  return (
    <DiaryPage
      fromPlan={(date, entries) => (
        <FromPlan
          date={date}
          loggedMealIds={new Set(entries.flatMap((entry) => (entry.plan_meal_id === null ? [] : [entry.plan_meal_id])))}
          logMeal={(mealId) => add.mutateAsync({ plan_meal_id: mealId })}
        />
      )}
    />
  );
}
