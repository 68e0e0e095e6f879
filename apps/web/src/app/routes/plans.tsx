/** /plans and /plans/:planId: the plans, and one plan whose meals can be logged in the diary as eaten. */
import { LogPlannedMealButton } from '../../features/diary/components/LogPlannedMealButton';
import PlansPage from '../../features/plans/components/PlansPage';

export default function PlansRoute() {
  return <PlansPage mealActions={(meal, date) => <LogPlannedMealButton meal={meal} date={date} kind="log-as-eaten" />} />;
}
