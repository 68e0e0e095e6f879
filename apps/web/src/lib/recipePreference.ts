/** A person's word on a recipe (favourite: planned more often; never: not planned), shared by recipes and plans. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './api';
import type { Recipe } from './catalogue';
import { queryKeys } from './queryKeys';

export type RecipePreference = 'favourite' | 'never' | null;

export const PREFERENCE_LABELS: Record<'favourite' | 'never' | 'none', string> = {
  favourite: 'Favourite',
  none: 'No preference',
  never: 'Never',
};

export function useSetRecipePreference(recipeId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (preference: RecipePreference) =>
      unwrap(api.PUT('/api/recipes/{recipe_id}/preference', { params: { path: { recipe_id: recipeId } }, body: { preference } })),
    onSuccess: (recipe: Recipe) => {
      queryClient.setQueryData(queryKeys.recipe(recipeId), recipe);
      // The list of the person's recipes shows the preference too.
      void queryClient.invalidateQueries({ queryKey: ['recipes', 'mine'] });
    },
  });
}
