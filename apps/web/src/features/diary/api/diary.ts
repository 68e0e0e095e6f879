/** TanStack Query hooks for the diary: a day's entries and totals, logging food or a planned meal, edits. */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { components } from '../../../client/schema';
import { queryKeys } from '../../../lib/queryKeys';
import { api, unwrap } from '../../../lib/api';
import { today } from '../../../lib/dates';

export type DiaryDay = components['schemas']['DiaryDay'];
export type MealLog = components['schemas']['MealLogRead'];
export type MealLogCreate = components['schemas']['MealLogCreate'];
export type MealLogUpdate = components['schemas']['MealLogUpdate'];
export type QuickAddCreate = components['schemas']['QuickAddCreate'];
export type MealLogCopy = components['schemas']['MealLogCopy'];
export type FoodSummary = components['schemas']['FoodSummary'];

export type FoodListKind = 'recent' | 'frequent' | 'favourites' | 'mine';

/** The foods of a fast-logging tab: recent, frequent, favourites, or the person's own foods. */
export function useFoodList(kind: FoodListKind, enabled: boolean) {
  return useQuery({
    queryKey: ['foods', 'list', kind],
    enabled,
    queryFn: async (): Promise<FoodSummary[]> => {
      if (kind === 'recent') return (await unwrap(api.GET('/api/foods/recent', { params: { query: { limit: 20 } } }))).items;
      if (kind === 'frequent') return (await unwrap(api.GET('/api/foods/frequent', { params: { query: { limit: 20 } } }))).items;
      if (kind === 'favourites') return (await unwrap(api.GET('/api/foods/favourites', { params: { query: { limit: 50 } } }))).items;
      return (await unwrap(api.GET('/api/foods', { params: { query: { q: '', source: 'custom', limit: 50 } } }))).items;
    },
  });
}

export function useQuickAdd() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: QuickAddCreate) => unwrap(api.POST('/api/meal-logs/quick-add', { body })),
    onSuccess: (entry) => refreshAfterLogging(queryClient, [entry.date]),
  });
}

/** Copy a day (or one meal with `slot`) to another date. */
export function useCopyLogs() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MealLogCopy) => unwrap(api.POST('/api/meal-logs/copy', { body })),
    onSuccess: (_page, body) => refreshAfterLogging(queryClient, [body.to_date]),
  });
}

/** Undo a deletion. */
export function useRestoreLog() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.POST('/api/meal-logs/{log_id}/restore', { params: { path: { log_id: id } } })),
    onSuccess: (entry) => refreshAfterLogging(queryClient, [entry.date]),
  });
}

/** A day of the diary; the dashboard's intake and "Log" read the same query. */
export function useDiaryDay(date: string) {
  return useQuery({
    queryKey: queryKeys.diary(date),
    // The person's own today: from it on the panel shows minima "so far" instead of as shortfalls.
    queryFn: () => unwrap(api.GET('/api/diary/{day}', { params: { path: { day: date }, query: { today: today() } } })),
  });
}

function refreshAfterLogging(queryClient: QueryClient, dates: Iterable<string>) {
  for (const date of new Set(dates)) void queryClient.invalidateQueries({ queryKey: queryKeys.diary(date) });
  void queryClient.invalidateQueries({ queryKey: queryKeys.progress });
}

export function useAddLog() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MealLogCreate) => unwrap(api.POST('/api/meal-logs', { body })),
    onSuccess: (page) => {
      refreshAfterLogging(queryClient, page.items.map((entry) => entry.date));
      void queryClient.invalidateQueries({ queryKey: ['foods', 'list'] });
    },
  });
}

export function useUpdateLog(date: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: MealLogUpdate & { id: number }) =>
      unwrap(api.PATCH('/api/meal-logs/{log_id}', { params: { path: { log_id: id } }, body })),
    onSuccess: (entry) => refreshAfterLogging(queryClient, [date, entry.date]),
  });
}

export function useDeleteLog(date: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/meal-logs/{log_id}', { params: { path: { log_id: id } } })),
    // Remove the row at once; the refetch brings the API's new totals.
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.diary(date) });
      const previous = queryClient.getQueryData<DiaryDay>(queryKeys.diary(date));
      if (previous) {
        queryClient.setQueryData<DiaryDay>(queryKeys.diary(date), {
          ...previous,
          entries: previous.entries.filter((entry) => entry.id !== id),
        });
      }
      return { previous };
    },
    onError: (_error, _id, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.diary(date), context.previous);
    },
    onSettled: () => {
      refreshAfterLogging(queryClient, [date]);
      void queryClient.invalidateQueries({ queryKey: ['foods', 'list'] });
    },
  });
}
