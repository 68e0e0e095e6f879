/** The signed-in user's profile and targets as TanStack Query hooks, shared by every page that needs them. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../client/schema';
import { api, ApiError, unwrap } from './api';
import { useAuth } from './auth';
import { queryKeys } from './queryKeys';

export type Profile = components['schemas']['ProfileRead'];
export type ProfileUpdate = components['schemas']['ProfileUpdate'];
export type { Targets } from './targets';

/** The profile, or `null` when the user has not completed onboarding yet (the API answers 404). */
export function useProfile() {
  const { isAuthenticated } = useAuth();
  return useQuery({
    queryKey: queryKeys.profile,
    enabled: isAuthenticated,
    queryFn: async (): Promise<Profile | null> => {
      try {
        return await unwrap(api.GET('/api/profile'));
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useTargets(enabled = true) {
  const { isAuthenticated } = useAuth();
  return useQuery({
    queryKey: queryKeys.targets,
    enabled: isAuthenticated && enabled,
    queryFn: () => unwrap(api.GET('/api/targets')),
  });
}

/** The fields PUT /api/profile accepts, taken from a profile read (which adds computed fields). */
export function profileToUpdate(profile: Profile): ProfileUpdate {
  return {
    sex: profile.sex,
    birth_date: profile.birth_date,
    height_cm: profile.height_cm,
    weight_kg: profile.weight_kg,
    activity_level: profile.activity_level,
    goal: profile.goal,
    rate_kg_per_week: profile.rate_kg_per_week,
    diet: profile.diet,
    allergies: profile.allergies,
    excluded_food_ids: profile.excluded_food_ids,
    meals_per_day: profile.meals_per_day,
    units: profile.units,
    life_stage: profile.life_stage,
    trimester: profile.trimester ?? null,
    adaptive_targets: profile.adaptive_targets,
    leftovers: profile.leftovers,
    cooking_minutes_weekday: profile.cooking_minutes_weekday ?? null,
    cooking_minutes_weekend: profile.cooking_minutes_weekend ?? null,
  };
}

/** PUT /api/profile; targets, plans' context and the diary depend on it, so they are refetched. */
export function useSaveProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ProfileUpdate) => unwrap(api.PUT('/api/profile', { body })),
    onSuccess: (profile) => {
      queryClient.setQueryData(queryKeys.profile, profile);
      void queryClient.invalidateQueries({ queryKey: queryKeys.targets });
      void queryClient.invalidateQueries({ queryKey: ['diary'] });
    },
  });
}
