/**
 * The user's display units. The profile's `units` is the source of truth; before a profile exists (sign-up,
 * onboarding) the choice lives in localStorage and is carried into the profile when it is created.
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useSyncExternalStore } from 'react';
import { api, unwrap } from './api';
import type { Units } from './units';
import { profileToUpdate, useProfile, type Profile } from './profile';
import { queryKeys } from './queryKeys';

const KEY = 'diet-planner.units';
const listeners = new Set<() => void>();

function readStoredUnits(): Units {
  try {
    return localStorage.getItem(KEY) === 'imperial' ? 'imperial' : 'metric';
  } catch {
    return 'metric';
  }
}

export function storeUnits(units: Units): void {
  try {
    localStorage.setItem(KEY, units);
  } catch {
    // Private mode without storage: the choice still applies for this page view.
  }
  listeners.forEach((listener) => listener());
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface Preferences {
  units: Units;
  /** Saves to the profile when there is one (and always to localStorage). */
  setUnits: (units: Units) => Promise<void>;
}

export function usePreferences(): Preferences {
  const queryClient = useQueryClient();
  const profile = useProfile();
  const stored = useSyncExternalStore(subscribe, readStoredUnits, () => 'metric' as Units);
  const units: Units = profile.data?.units ?? stored;

  const setUnits = useCallback(
    async (next: Units) => {
      storeUnits(next);
      const current = queryClient.getQueryData<Profile | null>(queryKeys.profile);
      if (!current || current.units === next) return;
      // Optimistic: the whole app switches at once; rolled back if the API refuses.
      const optimistic: Profile = { ...current, units: next };
      queryClient.setQueryData<Profile | null>(queryKeys.profile, optimistic);
      try {
        const saved = await unwrap(api.PUT('/api/profile', { body: { ...profileToUpdate(current), units: next } }));
        queryClient.setQueryData(queryKeys.profile, saved);
      } catch (error) {
        queryClient.setQueryData(queryKeys.profile, current);
        storeUnits(current.units);
        throw error;
      }
    },
    [queryClient],
  );

  return { units, setUnits };
}
