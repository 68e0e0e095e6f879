/**
 * /foods: search the catalogue and the user's own foods as they type, filter by group, create a custom food, and
 * the user's own custom foods and recipes.
 */
import { Button, Group, NativeSelect, Pagination, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { usePageTitle } from '../../../lib/usePageTitle';
import { FoodEditor } from './FoodEditor';
import { FoodRow } from './FoodRow';
import { SEARCH_DEBOUNCE_MS } from '../../../components/FoodPicker';
import { FOOD_GROUPS } from '../groups';
import { useFoodSearch } from '../../../lib/catalogue';
import { useRecentFoods } from '../api/foods';

const PAGE_SIZE = 20;

/** `ownSections`: the user's own foods and recipes, side by side under the search. */
export default function FoodsPage({ ownSections }: { ownSections: ReactNode }) {
  usePageTitle('Foods');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const group = params.get('group') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [text, setText] = useState(params.get('q') ?? '');
  const [debounced] = useDebouncedValue(text.trim(), SEARCH_DEBOUNCE_MS);
  // /foods?new=1 (linked from food searches that found nothing) opens the custom food form.
  const [creating, setCreating] = useState(() => params.get('new') === '1');

  // The search lives in the URL so Back from a food returns to the same results.
  useEffect(() => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if ((current.get('q') ?? '') === debounced) return current;
        if (debounced) next.set('q', debounced);
        else next.delete('q');
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  }, [debounced, setParams]);

  const q = params.get('q') ?? '';
  const enabled = q.length > 0 || group !== '';
  const search = useFoodSearch({ q, group, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, enabled);
  // Before anything is typed, the foods the person uses most, each with its star (searches rank them first too).
  const recent = useRecentFoods(!enabled);
  const recentItems = recent.data?.items ?? [];

  function setParam(key: string, value: string) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(key, value);
        else next.delete(key);
        if (key !== 'page') next.delete('page');
        return next;
      },
      { replace: key !== 'page' },
    );
  }

  return (
    <Stack gap="md">
      <Group justify="space-between" align="center">
        <Title order={1}>Foods</Title>
        {!creating && <Button onClick={() => setCreating(true)}>New custom food</Button>}
      </Group>
      {creating && (
        <FoodEditor onSaved={(food) => navigate(`/foods/${food.id}`)} onCancel={() => setCreating(false)} />
      )}
      <Paper withBorder p="md" component="section" role="search" aria-label="Food search">
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            label="Search foods"
            type="search"
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            placeholder="e.g. banana, rolled oats, salmon"
            style={{ flex: '3 1 220px' }}
            autoComplete="off"
          />
          <NativeSelect
            label="Food group"
            value={group}
            onChange={(event) => setParam('group', event.currentTarget.value)}
            data={[{ value: '', label: 'All groups' }, ...FOOD_GROUPS]}
            style={{ flex: '2 1 180px', minWidth: 0 }}
          />
        </Group>
      </Paper>
      <section aria-label="Search results" aria-busy={search.isFetching}>
        {!enabled && recentItems.length > 0 && (
          <Stack gap="xs" component="section" aria-label="Your recent foods">
            <Title order={2} size="h4">
              Your recent foods
            </Title>
            <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {recentItems.map((food) => (
                <FoodRow key={food.id} food={food} />
              ))}
            </Stack>
          </Stack>
        )}
        {!enabled && recentItems.length === 0 && (
          <EmptyState title="Search the food catalogue">
            <Text size="sm" c="dimmed">
              Type a food’s name or pick a group. Results include the USDA catalogue and your own custom foods.
            </Text>
          </EmptyState>
        )}
        {enabled && search.isPending && <LoadingState label="Searching…" />}
        {enabled && search.isError && <ErrorState error={search.error} onRetry={() => void search.refetch()} />}
        {enabled && search.data && search.data.items.length === 0 && (
          <EmptyState title="No foods found">
            <Text size="sm" c="dimmed">
              Try fewer words, another spelling, or all groups. Missing something? Create it as a custom food.
            </Text>
          </EmptyState>
        )}
        {enabled && search.data && search.data.items.length > 0 && (
          <Stack gap="xs">
            <Text size="sm" c="dimmed" aria-live="polite">
              {search.data.total} {search.data.total === 1 ? 'food' : 'foods'}
              {search.isFetching ? ' · updating…' : ''}
            </Text>
            <Stack gap={6} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {search.data.items.map((food) => (
                <FoodRow key={food.id} food={food} />
              ))}
            </Stack>
            {search.data.total > PAGE_SIZE && (
              <Pagination
                total={Math.ceil(search.data.total / PAGE_SIZE)}
                value={page}
                onChange={(value) => setParam('page', String(value))}
                getControlProps={(control) => ({ 'aria-label': `${control} page` })}
                size="sm"
              />
            )}
          </Stack>
        )}
      </section>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        {ownSections}
      </SimpleGrid>
    </Stack>
  );
}
