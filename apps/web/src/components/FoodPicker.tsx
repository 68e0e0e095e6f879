/** Search-as-you-type for a food: a text box and the matching foods as buttons to pick from. */
import { Anchor, Button, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { errorMessage } from './states';
import { formatAmount } from '../lib/nutrients';
import { useFoodSearch, type FoodSummary } from '../lib/catalogue';
import { ConflictBadges } from './ConflictBadges';

export const SEARCH_DEBOUNCE_MS = 250;
const MIN_QUERY = 2;

export interface FoodPickerProps {
  label?: string;
  onPick: (food: FoodSummary) => void;
  /** Also offer the user's recipes (they can be logged by the serving). */
  includeRecipes?: boolean;
  /** Foods not to offer (already chosen). */
  excludeIds?: number[];
  maxResults?: number;
}

export function FoodPicker({ label = 'Search foods', onPick, includeRecipes = false, excludeIds = [], maxResults = 8 }: FoodPickerProps) {
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);
  const enabled = debounced.length >= MIN_QUERY;
  const search = useFoodSearch({ q: debounced, includeRecipes, limit: maxResults + excludeIds.length }, enabled);
  const resultsId = useId();
  const items = (search.data?.items ?? []).filter((food) => !excludeIds.includes(food.id)).slice(0, maxResults);

  let status: string;
  if (!enabled) status = query.trim() ? 'Type at least 2 letters.' : '';
  else if (search.isError) status = errorMessage(search.error);
  else if (search.isPending) status = 'Searching…';
  else if (items.length === 0) status = `No foods match “${debounced}”.`;
  else status = `${search.data?.total ?? items.length} foods match; showing ${items.length}.`;

  return (
    <Stack gap={6}>
      <TextInput
        label={label}
        type="search"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        placeholder="e.g. banana, oats, chicken breast"
        aria-describedby={resultsId}
        rightSection={enabled && search.isFetching ? <Loader size="xs" aria-hidden /> : undefined}
        autoComplete="off"
        data-focus-key="food-search"
      />
      <Text id={resultsId} size="xs" c={search.isError ? 'red.8' : 'dimmed'} aria-live="polite">
        {status}
      </Text>
      {enabled && search.isSuccess && items.length === 0 && (
        <Anchor component={Link} to="/foods?new=1" size="sm" underline="always">
          Create it as a custom food
        </Anchor>
      )}
      {enabled && items.length > 0 && (
        <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={`Foods matching ${debounced}`}>
          {items.map((food) => (
            <li key={food.id}>
              <FoodOption
                food={food}
                onPick={(picked) => {
                  onPick(picked);
                  setQuery('');
                }}
              />
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** A food to pick: the name people know it by (the database's name under it when different), warnings, energy. */
export function FoodOption({ food, onPick }: { food: FoodSummary; onPick: (food: FoodSummary) => void }) {
  const shown = food.display_name || food.name;
  return (
    <Button
      variant="default"
      fullWidth
      justify="space-between"
      styles={{ label: { whiteSpace: 'normal', textAlign: 'left', width: '100%' }, root: { height: 'auto', minHeight: 44, paddingBlock: 6 } }}
      onClick={() => onPick(food)}
      aria-label={shown === food.name ? food.name : `${shown} (${food.name})`}
    >
      <Group gap="xs" wrap="nowrap" justify="space-between" w="100%">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
            {shown}
          </Text>
          {shown !== food.name && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {food.name}
            </Text>
          )}
          <ConflictBadges conflicts={food.conflicts} size="xs" />
        </Stack>
        <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {food.source === 'recipe' ? 'recipe · ' : food.source === 'custom' ? 'yours · ' : ''}
          {formatAmount(food.energy_kcal, 'kcal')}/100 g
        </Text>
      </Group>
    </Button>
  );
}
