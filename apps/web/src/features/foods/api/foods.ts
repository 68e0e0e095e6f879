/** TanStack Query hooks for the user's own custom foods: the list, create, update, delete. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../../lib/api';
import { foodKeys, type FoodCreate, type FoodUpdate } from '../../../lib/catalogue';

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

/** How many recent foods the empty search shows. */
export const RECENT_FOODS = 10;

/** The foods the person logged recently and often, most used first (GET /api/foods/recent). */
export function useRecentFoods(enabled: boolean) {
  return useQuery({
    queryKey: [...foodKeys.all, 'recent'],
    queryFn: ({ signal }) => unwrap(api.GET('/api/foods/recent', { signal, params: { query: { limit: RECENT_FOODS } } })),
    enabled,
  });
}

/** Star or unstar a food (PUT/DELETE /api/foods/{id}/favourite); searches show the change. */
export function useFavourite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, favourite }: { id: number; favourite: boolean }) => {
      const params = { params: { path: { food_id: id } } };
      return unwrap(favourite ? api.PUT('/api/foods/{food_id}/favourite', params) : api.DELETE('/api/foods/{food_id}/favourite', params));
    },
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: foodKeys.all }),
  });
}
