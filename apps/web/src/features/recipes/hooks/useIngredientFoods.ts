/** The nutrients and measures of a recipe's ingredients, fetched once per food and shared with every food query. */
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { fetchFood, foodKeys } from '../../../lib/catalogue';
import type { FoodFacts } from '../recipeForm';

export function useIngredientFoods(foodIds: number[]) {
  const foodQueries = useQueries({
    queries: [...new Set(foodIds)].map((id) => ({ queryKey: foodKeys.detail(id), queryFn: () => fetchFood(id), staleTime: 10 * 60_000 })),
  });
  const foodsSignature = foodQueries.map((query) => query.dataUpdatedAt).join(',');
  const foods = useMemo(() => {
    const map = new Map<number, FoodFacts>();
    foodQueries.forEach((query) => {
      if (query.data) map.set(query.data.id, { nutrients: query.data.nutrients, measures: query.data.measures });
    });
    return map;
    // The queries array is new on every render; its data changes only when a dataUpdatedAt does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [foodsSignature]);
  return { foods, error: foodQueries.find((query) => query.isError)?.error };
}
