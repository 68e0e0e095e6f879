/** /foods: the catalogue search with the user's own foods and recipes beside it. */
import FoodsPage from '../../features/foods/components/FoodsPage';
import { MyFoodsSection } from '../../features/foods/components/MyFoodsSection';
import { MyRecipesSection } from '../../features/recipes/components/MyRecipesSection';

export default function FoodsRoute() {
  return (
    <FoodsPage
      ownSections={
        <>
          <MyFoodsSection />
          <MyRecipesSection />
        </>
      }
    />
  );
}
