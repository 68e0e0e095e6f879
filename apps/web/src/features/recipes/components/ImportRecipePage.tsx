/** /recipes/import: read a recipe from a web address, pasted text or a saved page, then review and save it. */
import { Anchor, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { usePageTitle } from '../../../lib/usePageTitle';
import type { RecipeDraft } from '../api/recipes';
import { ImportReview } from './ImportReview';
import { ImportSource } from './ImportSource';

export function ImportRecipePage() {
  const [draft, setDraft] = useState<RecipeDraft | null>(null);
  // A new key per draft: importing again starts a fresh review.
  const [round, setRound] = useState(0);
  usePageTitle(draft ? 'Review imported recipe' : 'Import a recipe');
  return (
    <Stack gap="md">
      <Anchor component={Link} to="/recipes" size="sm">
        ← Recipes
      </Anchor>
      <Title order={1}>Import a recipe</Title>
      {draft === null ? (
        <>
          <Text size="sm" c="dimmed">
            Each ingredient is matched to a food with its grams, so the recipe gets its nutrition and can go in your plans.
          </Text>
          <ImportSource
            onDraft={(next) => {
              setDraft(next);
              setRound((value) => value + 1);
            }}
          />
        </>
      ) : (
        <ImportReview key={round} draft={draft} onStartOver={() => setDraft(null)} />
      )}
    </Stack>
  );
}
