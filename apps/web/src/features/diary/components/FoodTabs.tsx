/** Where to find a food to log: search, or the foods logged recently or most often, the starred ones, your own. */
import { Loader, Stack, Tabs, Text } from '@mantine/core';
import { useState } from 'react';
import { errorMessage } from '../../../components/states';
import { FoodOption, FoodPicker } from '../../../components/FoodPicker';
import { useFoodList, type FoodListKind, type FoodSummary } from '../api/diary';

const TABS: { value: 'search' | FoodListKind; label: string; empty: string }[] = [
  { value: 'search', label: 'Search', empty: '' },
  { value: 'recent', label: 'Recent', empty: 'Foods you log show up here.' },
  { value: 'frequent', label: 'Frequent', empty: 'The foods you log on the most days show up here.' },
  { value: 'favourites', label: 'Favourites', empty: 'Star a food on its page to keep it here.' },
  { value: 'mine', label: 'My foods', empty: 'Foods you create on the Foods page show up here.' },
];

export function FoodTabs({ onPick }: { onPick: (food: FoodSummary) => void }) {
  const [tab, setTab] = useState<string>('search');
  return (
    <Tabs value={tab} onChange={(value) => setTab(value ?? 'search')} keepMounted={false}>
      <Tabs.List style={{ flexWrap: 'wrap' }}>
        {TABS.map(({ value, label }) => (
          <Tabs.Tab key={value} value={value} mih={44}>
            {label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      {TABS.map(({ value, label, empty }) => (
        <Tabs.Panel key={value} value={value} pt="xs">
          {value === 'search' ? (
            <FoodPicker onPick={onPick} includeRecipes />
          ) : (
            <FoodList kind={value} label={label} empty={empty} onPick={onPick} />
          )}
        </Tabs.Panel>
      ))}
    </Tabs>
  );
}

function FoodList({ kind, label, empty, onPick }: { kind: FoodListKind; label: string; empty: string; onPick: (food: FoodSummary) => void }) {
  const list = useFoodList(kind, true);
  if (list.isPending) return <Loader size="sm" aria-label={`Loading ${label.toLowerCase()}`} />;
  if (list.isError) return <Text size="sm" c="red.8">{errorMessage(list.error)}</Text>;
  if (list.data.length === 0) return <Text size="sm" c="dimmed">{empty}</Text>;
  return (
    <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={`${label} foods`}>
      {list.data.map((food) => (
        <li key={food.id}>
          <FoodOption food={food} onPick={onPick} />
        </li>
      ))}
    </Stack>
  );
}
