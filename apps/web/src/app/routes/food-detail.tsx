/** /foods/:id: a food's page, whose portion can be added to today's diary. */
import { AddToDiary } from '../../features/diary/components/AddToDiary';
import FoodDetailPage from '../../features/foods/components/FoodDetail';

export default function FoodDetailRoute() {
  return <FoodDetailPage portionAction={(props) => <AddToDiary {...props} />} />;
}
