/** TanStack Query hooks for the user's own recipes. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '../../../client/schema';
import { queryKeys } from '../../../lib/queryKeys';
import { api, unwrap } from '../../../lib/api';
import type { Recipe } from '../../../lib/catalogue';

export type RecipeCreate = components['schemas']['RecipeCreate'];

const LIST_KEY = ['recipes', 'mine'] as const;

export function useMyRecipes() {
  return useQuery({
    queryKey: LIST_KEY,
    queryFn: () => unwrap(api.GET('/api/recipes', { params: { query: { limit: 100 } } })),
  });
}

function useAfterSave() {
  const queryClient = useQueryClient();
  return (recipe: Recipe) => {
    queryClient.setQueryData(queryKeys.recipe(recipe.id), recipe);
    void queryClient.invalidateQueries({ queryKey: LIST_KEY });
    // The recipe is also a food (search, detail) with nutrients that just changed.
    void queryClient.invalidateQueries({ queryKey: ['foods'] });
  };
}

export function useCreateRecipe() {
  const afterSave = useAfterSave();
  return useMutation({
    mutationFn: (body: RecipeCreate) => unwrap(api.POST('/api/recipes', { body })),
    onSuccess: afterSave,
  });
}

export function useUpdateRecipe(id: number) {
  const afterSave = useAfterSave();
  return useMutation({
    mutationFn: (body: RecipeCreate) => unwrap(api.PUT('/api/recipes/{recipe_id}', { params: { path: { recipe_id: id } }, body })),
    onSuccess: afterSave,
  });
}

export function useDeleteRecipe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/recipes/{recipe_id}', { params: { path: { recipe_id: id } } })),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.recipe(id) });
      void queryClient.invalidateQueries({ queryKey: LIST_KEY });
      void queryClient.invalidateQueries({ queryKey: ['foods'] });
    },
  });
}

export type ParsedLine = components['schemas']['ParsedLine'];

/** Recipe ingredient lines to foods and grams (POST /api/foods/parse), one item per line in order. */
export function parseIngredientLines(lines: string[]): Promise<{ items: ParsedLine[] }> {
  return unwrap(api.POST('/api/foods/parse', { body: { lines } }));
}

/** A food a draft line matched, or could match instead (one found by search joins them). */
export interface DraftFood {
  id: number;
  name: string;
  source?: string;
  source_id?: string;
}

/** One ingredient line of an imported recipe, parsed and matched; `flag` says why it has no food or grams. */
export type DraftIngredient = components['schemas']['DraftIngredient'];
/** An imported recipe before the person reviews and saves it (nothing is stored yet). */
export type RecipeDraft = components['schemas']['RecipeDraft'];
export type ImportSource = { url: string } | { html: string } | { text: string };

export function importRecipe(source: ImportSource): Promise<RecipeDraft> {
  return unwrap(api.POST('/api/recipes/import', { body: source }));
}
