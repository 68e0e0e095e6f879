/** TanStack Query hooks for meal plans and their grocery lists. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../../client/schema';
import { queryKeys } from '../../../lib/queryKeys';
import { api, unwrap } from '../../../lib/api';

export type Plan = components['schemas']['PlanRead'];
export type PlanDay = components['schemas']['PlanDayRead'];
export type PlanMeal = components['schemas']['PlanMealRead'];
export type PlanItem = components['schemas']['PlanItemRead'];
export type PlanSummary = components['schemas']['PlanSummary'];
export type Shortfall = components['schemas']['Shortfall'];
export type GroceryList = components['schemas']['GroceryList'];
export type GroceryItem = components['schemas']['GroceryItem'];
export type PlanCreate = components['schemas']['PlanCreate'];
export type Alternative = components['schemas']['Alternative'];

export function usePlans() {
  return useQuery({
    queryKey: queryKeys.plans,
    queryFn: () => unwrap(api.GET('/api/plans', { params: { query: { limit: 100 } } })),
  });
}

export function usePlan(planId: number | null) {
  return useQuery({
    queryKey: queryKeys.plan(planId ?? 0),
    enabled: planId !== null,
    queryFn: () => unwrap(api.GET('/api/plans/{plan_id}', { params: { path: { plan_id: planId ?? 0 } } })),
  });
}

/** The newest plan (plans are listed newest first), or null when the user has none. */
export function useLatestPlanId() {
  const plans = usePlans();
  const newest = plans.data?.items.reduce<PlanSummary | null>(
    (best, plan) => (best === null || plan.created_at > best.created_at ? plan : best),
    null,
  );
  return { ...plans, planId: plans.data ? (newest?.id ?? null) : undefined };
}

function usePlanMutation<TVariables>(mutationFn: (variables: TVariables) => Promise<Plan>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (plan) => {
      queryClient.setQueryData(queryKeys.plan(plan.id), plan);
      void queryClient.invalidateQueries({ queryKey: queryKeys.grocery(plan.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.plans, exact: true });
    },
  });
}

/** `idempotencyKey`: the same key answers with the plan already made for it, so a repeated Generate adds no copy. */
export function useCreatePlan() {
  return usePlanMutation(({ body, idempotencyKey }: { body: PlanCreate; idempotencyKey: string }) =>
    unwrap(api.POST('/api/plans', { body, headers: { 'Idempotency-Key': idempotencyKey } })),
  );
}

export function useRegenerateMeal(planId: number) {
  return usePlanMutation((mealId: number) =>
    unwrap(api.POST('/api/plans/{plan_id}/meals/{meal_id}/regenerate', { params: { path: { plan_id: planId, meal_id: mealId } } })),
  );
}

/** Recipes a meal may swap to, best first; fetched only while `enabled` (the list is open). */
export function useMealAlternatives(planId: number, mealId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.plan(planId), 'alternatives', mealId],
    enabled,
    staleTime: 0,
    queryFn: () =>
      unwrap(
        api.GET('/api/plans/{plan_id}/meals/{meal_id}/alternatives', {
          params: { path: { plan_id: planId, meal_id: mealId }, query: { limit: 10 } },
        }),
      ),
  });
}

/** Swap a meal to one of its alternatives; the server re-balances the unlocked rest of the day. */
export function useSwapMeal(planId: number) {
  return usePlanMutation(({ mealId, sourceId }: { mealId: number; sourceId: string }) =>
    unwrap(
      api.POST('/api/plans/{plan_id}/meals/{meal_id}/swap', {
        params: { path: { plan_id: planId, meal_id: mealId } },
        body: { source_id: sourceId },
      }),
    ),
  );
}

export function useRegenerateDay(planId: number) {
  return usePlanMutation((day: string) =>
    unwrap(api.POST('/api/plans/{plan_id}/days/{day}/regenerate', { params: { path: { plan_id: planId, day } } })),
  );
}

export function useUpdateItem(planId: number) {
  return usePlanMutation(({ itemId, ...body }: { itemId: number; locked?: boolean; quantity?: number }) =>
    unwrap(api.PATCH('/api/plans/{plan_id}/items/{item_id}', { params: { path: { plan_id: planId, item_id: itemId } }, body })),
  );
}

export function useDeletePlan() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (planId: number) => unwrap(api.DELETE('/api/plans/{plan_id}', { params: { path: { plan_id: planId } } })),
    onSuccess: (_data, planId) => {
      queryClient.removeQueries({ queryKey: queryKeys.plan(planId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.plans, exact: true });
    },
  });
}

export function useGroceryList(planId: number | null | undefined) {
  return useQuery({
    queryKey: queryKeys.grocery(planId ?? 0),
    enabled: planId != null,
    queryFn: () =>
      unwrap(api.GET('/api/plans/{plan_id}/grocery-list', { params: { path: { plan_id: planId ?? 0 } } })),
  });
}
