/** TanStack Query hooks for the food catalogue and the user's custom foods. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../client/schema';
import { api, unwrap } from './api';

export type FoodSummary = components['schemas']['FoodSummary'];
export type Food = components['schemas']['FoodRead'];
export type FoodCreate = components['schemas']['FoodCreate'];
export type FoodUpdate = components['schemas']['FoodUpdate'];

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

/** How many of the user's own foods one request lists (the API's page limit). */
export const MY_FOODS_PAGE = 100;

/** The user's own custom foods, by name: GET /api/foods?source=custom lists only the caller's foods. */
export function useMyFoods() {
  return useQuery({
    queryKey: foodKeys.mine,
    queryFn: ({ signal }) =>
      unwrap(api.GET('/api/foods', { signal, params: { query: { source: 'custom', limit: MY_FOODS_PAGE } } })),
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

export function useCreateFood() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FoodCreate) => unwrap(api.POST('/api/foods', { body })),
    onSuccess: (food) => {
      queryClient.setQueryData(foodKeys.detail(food.id), food);
      void queryClient.invalidateQueries({ queryKey: ['foods', 'search'] });
      void queryClient.invalidateQueries({ queryKey: foodKeys.mine });
    },
  });
}

export function useUpdateFood(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FoodUpdate) => unwrap(api.PUT('/api/foods/{food_id}', { params: { path: { food_id: id } }, body })),
    onSuccess: (food) => {
      queryClient.setQueryData(foodKeys.detail(food.id), food);
      void queryClient.invalidateQueries({ queryKey: ['foods', 'search'] });
      void queryClient.invalidateQueries({ queryKey: foodKeys.mine });
    },
  });
}

export function useDeleteFood() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/foods/{food_id}', { params: { path: { food_id: id } } })),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: foodKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: ['foods', 'search'] });
      void queryClient.invalidateQueries({ queryKey: foodKeys.mine });
    },
  });
}
