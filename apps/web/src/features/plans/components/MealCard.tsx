/** A planned meal: its items in household portions, with lock, quantity and regenerate controls. */
import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Popover,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { usePreferences } from '../../../lib/preferences';
import { errorMessage, LoadingState } from '../../../components/states';
import { RecipePreferenceControl } from '../../../components/RecipePreferenceControl';
import { useRecipe } from '../../../lib/catalogue';
import { formatAmount } from '../../../lib/nutrients';
import { localizeHousehold } from '../../../lib/portions';
import { focusKeyProps, refocus } from '../../../lib/focus';
import { slotLabel } from '../../../lib/slots';
import type { PlanItem, PlanMeal } from '../api/plans';

export interface MealCardProps {
  meal: PlanMeal;
  /** Extra controls, e.g. "Log" on the dashboard. */
  actions?: ReactNode;
  onRegenerate?: () => void;
  regenerating?: boolean;
  onUpdateItem?: (itemId: number, change: { locked?: boolean; quantity?: number }) => Promise<unknown>;
  busy?: boolean;
  /** Names the card's controls for lib/focus (stable across a refetch: the meal's place in its day). */
  focusKey?: string;
}

type MealRef = NonNullable<PlanItem['leftover_of']>;

/** The batch this meal's dish comes from, when it is a planned leftover. */
function leftoverOf(meal: PlanMeal): MealRef | null {
  return meal.items.find((item) => item.leftover_of)?.leftover_of ?? null;
}

/** "Leftovers from Monday's dinner". */
export function leftoverLabel(link: MealRef): string {
  const weekday = new Date(`${link.date}T12:00:00`).toLocaleDateString('en-US', { weekday: 'long' });
  return `Leftovers from ${weekday}'s ${slotLabel(link.slot).toLowerCase()}`;
}

export function MealCard({ meal, actions, onRegenerate, regenerating, onUpdateItem, busy, focusKey }: MealCardProps) {
  const key = focusKey ?? `meal-${meal.id}`;
  const slot = slotLabel(meal.slot);
  const recipeItem = meal.items.find((item) => item.source === 'recipe');
  const leftover = leftoverOf(meal);
  return (
    <Card withBorder padding="sm" component="section" aria-label={`${slot}: ${meal.name}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={0}>
            <Badge variant="light" size="sm" w="fit-content">
              {slot}
            </Badge>
            <Text fw={600}>{meal.name}</Text>
            {leftover && (
              <Text size="sm" c="teal.8" data-testid="leftover-note">
                {leftoverLabel(leftover)}
              </Text>
            )}
          </Stack>
          <Text size="sm" fw={500} style={{ whiteSpace: 'nowrap' }}>
            {formatAmount(meal.totals.energy_kcal, 'kcal')}
          </Text>
        </Group>
        <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {meal.items.map((item, index) => (
            <ItemRow key={item.id} item={item} onUpdate={onUpdateItem} busy={busy} focusKey={`${key}-item-${index}`} />
          ))}
        </Stack>
        <Text size="xs" c="dimmed">
          Protein {formatAmount(meal.totals.protein_g, 'g')} · Fat {formatAmount(meal.totals.fat_g, 'g')} · Carbs{' '}
          {formatAmount(meal.totals.carbs_g, 'g')}
        </Text>
        {(onRegenerate || actions || recipeItem) && (
          <Group gap="xs">
            {onRegenerate && (
              <Button
                size="xs"
                variant="light"
                onClick={onRegenerate}
                loading={regenerating}
                disabled={busy && !regenerating}
                aria-label={`Regenerate ${slot.toLowerCase()}`}
                mih={44}
                {...focusKeyProps(`${key}-regenerate`)}
              >
                Regenerate
              </Button>
            )}
            {recipeItem && <RecipePreferenceButton recipeId={recipeItem.food_id} recipeName={recipeItem.name} />}
            {actions}
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function ItemRow({
  item,
  onUpdate,
  busy,
  focusKey,
}: {
  item: PlanItem;
  onUpdate?: MealCardProps['onUpdateItem'];
  busy?: boolean;
  focusKey: string;
}) {
  const { units } = usePreferences();
  const portion = localizeHousehold(item.household, item.grams, units);
  const name =
    item.source === 'recipe' ? (
      <Anchor component={Link} to={`/plans/recipes/${item.food_id}`} size="sm">
        {item.name}
      </Anchor>
    ) : (
      <Text size="sm" span>
        {item.name}
      </Text>
    );
  return (
    <Group component="li" justify="space-between" gap="xs" wrap="nowrap" data-testid="plan-item">
      <Stack gap={0} style={{ minWidth: 0 }}>
        {name}
        <Text size="xs" c="dimmed">
          {portion} · {formatAmount(item.nutrients.energy_kcal, 'kcal')}
        </Text>
      </Stack>
      {onUpdate && (
        <Group gap={4} wrap="nowrap">
          <QuantityEditor item={item} onUpdate={onUpdate} disabled={busy} focusKey={`${focusKey}-amount`} />
          <Tooltip label={item.locked ? 'Locked: kept when regenerating' : 'Lock to keep when regenerating'}>
            <ActionIcon
              variant={item.locked ? 'filled' : 'default'}
              aria-label={`${item.locked ? 'Unlock' : 'Lock'} ${item.name}`}
              aria-pressed={item.locked}
              disabled={busy}
              size={44}
              {...focusKeyProps(`${focusKey}-lock`)}
              onClick={() =>
                void onUpdate(item.id, { locked: !item.locked })
                  .then(() => refocus(`${focusKey}-lock`))
                  .catch(() => undefined)
              }
            >
              <LockGlyph locked={item.locked} />
            </ActionIcon>
          </Tooltip>
        </Group>
      )}
    </Group>
  );
}

function QuantityEditor({
  item,
  onUpdate,
  disabled,
  focusKey,
}: {
  item: PlanItem;
  onUpdate: NonNullable<MealCardProps['onUpdateItem']>;
  disabled?: boolean;
  focusKey: string;
}) {
  const [opened, setOpened] = useState(false);
  const [value, setValue] = useState<number | ''>(item.quantity);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const unitLabel = item.unit === 'serving' ? 'servings' : item.unit;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (value === '' || value <= 0 || value > 20) {
      setError('Enter an amount above 0 and at most 20.');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await onUpdate(item.id, { quantity: value });
      setOpened(false);
      refocus(focusKey);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      trapFocus
      position="bottom-end"
      withArrow
      shadow="md"
    >
      <Popover.Target>
        <Button
          size="xs"
          mih={44}
          variant="default"
          disabled={disabled}
          aria-label={`Change amount of ${item.name}`}
          {...focusKeyProps(focusKey)}
          onClick={() => {
            setValue(item.quantity);
            setError(null);
            setOpened((open) => !open);
          }}
        >
          Amount
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={(event) => void onSubmit(event)}>
          <Stack gap="xs" w={200}>
            <NumberInput
              label={`Quantity (${unitLabel})`}
              min={0.25}
              max={20}
              clampBehavior="none"
              step={item.unit === 'serving' ? 0.5 : 0.25}
              decimalScale={2}
              value={value}
              onChange={(next) => setValue(next === '' ? '' : Number(next))}
              error={error}
              data-autofocus
            />
            <Group justify="flex-end" gap="xs">
              <Button size="xs" variant="default" onClick={() => setOpened(false)}>
                Cancel
              </Button>
              <Button size="xs" type="submit" loading={saving}>
                Save
              </Button>
            </Group>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}

function LockGlyph({ locked }: { locked: boolean }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      {locked ? <path d="M8 11V7a4 4 0 0 1 8 0v4" /> : <path d="M8 11V7a4 4 0 0 1 7.5-2" />}
    </svg>
  );
}

/** Favourite / never for the meal's recipe; the recipe (with the person's preference) loads when opened. */
function RecipePreferenceButton({ recipeId, recipeName }: { recipeId: number; recipeName: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-start" withArrow shadow="md" returnFocus>
      <Popover.Target>
        <Button
          size="xs"
          variant="default"
          mih={44}
          aria-label={`Preference for ${recipeName}`}
          onClick={() => setOpened((open) => !open)}
        >
          Preference
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs" w={290} maw="calc(100vw - 48px)">
          <RecipePreference recipeId={recipeId} recipeName={recipeName} />
          <Group justify="flex-end">
            <Button size="xs" variant="default" mih={44} onClick={() => setOpened(false)}>
              Done
            </Button>
          </Group>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

function RecipePreference({ recipeId, recipeName }: { recipeId: number; recipeName: string }) {
  const recipe = useRecipe(recipeId);
  if (recipe.isPending) return <LoadingState label="Loading the recipe…" />;
  if (recipe.isLoadingError) return <Text size="sm" c="red.8" role="alert">{errorMessage(recipe.error)}</Text>;
  return <RecipePreferenceControl recipeId={recipeId} recipeName={recipeName} preference={recipe.data.preference} />;
}
