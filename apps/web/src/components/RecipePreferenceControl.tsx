/**
 * Favourite / no preference / never for one recipe: three radio buttons that save at once (PUT
 * /api/recipes/{id}/preference) and say so; on the recipe's pages and on a plan's meal card.
 */
import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useId } from 'react';
import { PREFERENCE_LABELS, useSetRecipePreference, type RecipePreference } from '../lib/recipePreference';
import { errorMessage } from './states';

const EXPLAIN: Record<'favourite' | 'never' | 'none', string> = {
  favourite: 'Planned more often.',
  none: 'Planned like any other recipe.',
  never: 'Never planned for you.',
};

export function RecipePreferenceControl({
  recipeId,
  recipeName,
  preference,
}: {
  recipeId: number;
  recipeName: string;
  preference: RecipePreference | undefined;
}) {
  const save = useSetRecipePreference(recipeId);
  const labelId = useId();
  const statusId = useId();
  // Show the choice being saved at once; the saved recipe replaces it when the API answers.
  const shown = save.isPending ? save.variables : preference;
  const value = shown ?? 'none';
  return (
    <Stack gap={4}>
      <Text id={labelId} size="sm" fw={500}>
        Your preference for {recipeName}
      </Text>
      <SegmentedControl
        aria-labelledby={labelId}
        aria-describedby={statusId}
        value={value}
        disabled={save.isPending}
        onChange={(next) => save.mutate(next === 'none' ? null : (next as RecipePreference))}
        data={(['favourite', 'none', 'never'] as const).map((key) => ({ value: key, label: PREFERENCE_LABELS[key] }))}
        // 44 px touch targets (WCAG 2.5.5) on every option.
        styles={{ label: { minHeight: 44, display: 'flex', alignItems: 'center', justifyContent: 'center' } }}
        fullWidth
      />
      <Text id={statusId} size="xs" c={save.isError ? 'red.8' : 'dimmed'} role={save.isError ? 'alert' : undefined} aria-live="polite">
        {save.isError ? `Not saved: ${errorMessage(save.error)}` : EXPLAIN[value]}
      </Text>
    </Stack>
  );
}
