/** Reading the food catalogue (foods, and recipes as foods): the queries every feature that shows or picks a food shares. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { components } from '../client/schema';
import { api, unwrap } from './api';
import { queryKeys } from './queryKeys';

export type FoodSummary = components['schemas']['FoodSummary'];
export type Food = components['schemas']['FoodRead'];
export type FoodCreate = components['schemas']['FoodCreate'];
export type FoodUpdate = components['schemas']['FoodUpdate'];
export type Recipe = components['schemas']['RecipeRead'];

export const foodKeys = {
  all: ['foods'] as const,
  search: (params: FoodSearchParams) => ['foods', 'search', params] as const,
  mine: ['foods', 'mine'] as const,
  detail: (id: number) => ['foods', 'detail', id] as const,
};

export interface FoodSearchParams {
  q: string;
  group?: string | null;
  includeRecipes?: boolean;
  limit?: number;
  offset?: number;
}

/** Search as the user types; keeps the previous results on screen while the next ones load. */
export function useFoodSearch(params: FoodSearchParams, enabled = true) {
  return useQuery({
    queryKey: foodKeys.search(params),
    enabled,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/foods', {
          signal,
          params: {
            query: {
              q: params.q,
              group: params.group || undefined,
              include_recipes: params.includeRecipes || undefined,
              limit: params.limit ?? 20,
              offset: params.offset ?? 0,
            },
          },
        }),
      ),
  });
}

export function fetchFood(id: number): Promise<Food> {
  return unwrap(api.GET('/api/foods/{food_id}', { params: { path: { food_id: id } } }));
}

export function useFood(id: number | null | undefined) {
  return useQuery({
    queryKey: foodKeys.detail(id ?? 0),
    enabled: id != null && id > 0,
    // A food's nutrients do not change under the user: keep them for the session.
    staleTime: 10 * 60_000,
    queryFn: () => fetchFood(id ?? 0),
  });
}

/** A recipe with its ingredients; the plans' recipe page, the recipe editor and a recipe's servings in the diary. */
export function useRecipe(id: number | null) {
  return useQuery({
    queryKey: queryKeys.recipe(id ?? 0),
    enabled: id !== null,
    queryFn: () => unwrap(api.GET('/api/recipes/{recipe_id}', { params: { path: { recipe_id: id ?? 0 } } })),
  });
}
