/** TanStack Query hooks for weigh-ins and the progress report (trend, weekly rate, estimated TDEE). */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { components } from '../../../client/schema';
import { queryKeys } from '../../../lib/queryKeys';
import { api, unwrap } from '../../../lib/api';

export type WeightEntry = components['schemas']['WeightRead'];
export type Progress = components['schemas']['ProgressRead'];

/** The newest weigh-ins the chart and table show (the API's page maximum). */
export const WEIGHT_HISTORY = 100;

export function useWeights() {
  return useQuery({
    queryKey: [...queryKeys.weights, 'history'],
    queryFn: () => unwrap(api.GET('/api/weights', { params: { query: { limit: WEIGHT_HISTORY, order: 'desc' } } })),
  });
}

export function useProgress() {
  return useQuery({ queryKey: queryKeys.progress, queryFn: () => unwrap(api.GET('/api/progress')) });
}

// A weigh-in moves the trend, the progress estimate, and (with adaptive targets) the energy target.
function refresh(queryClient: QueryClient) {
  void queryClient.invalidateQueries({ queryKey: queryKeys.weights });
  void queryClient.invalidateQueries({ queryKey: queryKeys.progress });
  void queryClient.invalidateQueries({ queryKey: queryKeys.targets });
}

export function useLogWeight() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { date: string; weight_kg: number }) => unwrap(api.POST('/api/weights', { body })),
    onSuccess: () => refresh(queryClient),
  });
}

export function useDeleteWeight() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (day: string) => unwrap(api.DELETE('/api/weights/{day}', { params: { path: { day } } })),
    onSuccess: () => refresh(queryClient),
  });
}
