/** The names of the profile's excluded foods, which the profile keeps only by id. */
import { useQueries } from '@tanstack/react-query';
import { fetchFood, foodKeys } from '../../../lib/catalogue';

/** Names of the excluded foods (the profile keeps only ids). */
export function useFoodNames(ids: number[]) {
  return useQueries({
    queries: ids.map((id) => ({ queryKey: foodKeys.detail(id), queryFn: () => fetchFood(id), staleTime: 10 * 60_000 })),
  });
}
