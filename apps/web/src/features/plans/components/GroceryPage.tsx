/** The grocery list of a plan: grouped by aisle-like food group, ticked off as you shop, printable. */
import { Anchor, Button, Checkbox, Group, NativeSelect, Paper, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { usePreferences } from '../../../lib/preferences';
import { EmptyState, ErrorState, LoadingState } from '../../../components/states';
import { formatDay } from '../../../lib/dates';
import { formatPurchase } from '../../../lib/portions';
import { usePageTitle } from '../../../lib/usePageTitle';
import { useGroceryList, useLatestPlanId, type GroceryList } from '../api/plans';
import { groupItems, loadChecked, pruneChecked, saveChecked, toggle } from '../checklist';

export default function GroceryPage() {
  usePageTitle('Grocery list');
  const [params, setParams] = useSearchParams();
  const plans = useLatestPlanId();
  const requested = Number(params.get('plan'));
  const planId = Number.isInteger(requested) && requested > 0 ? requested : plans.planId;
  const list = useGroceryList(planId);

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          Grocery list
        </Title>
        {plans.data && plans.data.items.length > 1 && planId != null && (
          <NativeSelect
            className="no-print"
            label="Plan"
            value={String(planId)}
            onChange={(event) => setParams({ plan: event.currentTarget.value })}
            data={plans.data.items.map((plan) => ({
              value: String(plan.id),
              label: `${formatDay(plan.start_date)} · ${plan.days} days`,
            }))}
          />
        )}
      </Group>
      {plans.isPending && planId == null && <LoadingState label="Loading your plans…" />}
      {plans.isError && <ErrorState error={plans.error} onRetry={() => void plans.refetch()} />}
      {planId === null && (
        <EmptyState title="No meal plan yet">
          <Text size="sm">
            The grocery list comes from a meal plan. <Anchor component={Link} to="/plans">Generate a plan</Anchor> first.
          </Text>
        </EmptyState>
      )}
      {planId != null && list.isPending && <LoadingState label="Adding up the groceries…" />}
      {list.isError && <ErrorState error={list.error} onRetry={() => void list.refetch()} />}
      {list.data && (
        <Checklist
          key={list.data.plan_id}
          list={list.data}
          title={(() => {
            const plan = plans.data?.items.find((candidate) => candidate.id === list.data.plan_id);
            return plan ? `Meal plan from ${formatDay(plan.start_date)}, ${plan.days} days` : `Meal plan ${list.data.plan_id}`;
          })()}
        />
      )}
    </Stack>
  );
}

const groupId = (name: string) => `group-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

function Checklist({ list, title }: { list: GroceryList; title: string }) {
  const { units } = usePreferences();
  const [checked, setChecked] = useState(() => pruneChecked(loadChecked(list.plan_id), list.items));
  const groups = useMemo(() => groupItems(list.items), [list.items]);

  useEffect(() => saveChecked(list.plan_id, checked), [list.plan_id, checked]);

  if (list.items.length === 0) {
    return <EmptyState title="Nothing to buy">This plan has no foods to shop for.</EmptyState>;
  }
  const done = checked.size;
  const total = list.items.length;
  return (
    <Stack gap="md">
      <Group justify="space-between" className="no-print">
        <Stack gap={4} style={{ flex: 1, minWidth: 200 }}>
          <Text size="sm" aria-live="polite">
            {done} of {total} items checked
          </Text>
          <Progress value={(done / total) * 100} aria-label="Shopping progress" />
        </Stack>
        <Group gap="xs">
          <Button variant="default" onClick={() => setChecked(new Set())} disabled={done === 0}>
            Uncheck all
          </Button>
          <Button onClick={() => window.print()}>Print</Button>
        </Group>
      </Group>
      <Text className="print-only" size="sm">
        {title} · {total} items
      </Text>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" className="grocery-groups">
        {groups.map((group) => (
          <Paper withBorder p="sm" key={group.name} component="section" aria-labelledby={groupId(group.name)} className="grocery-group">
            <Title order={2} size="h5" mb="xs" id={groupId(group.name)}>
              {group.name}
            </Title>
            <Stack gap={6}>
              {group.items.map((item) => (
                <Checkbox
                  key={item.food_id}
                  checked={checked.has(item.food_id)}
                  onChange={() => setChecked((current) => toggle(current, item.food_id))}
                  label={
                    <span style={checked.has(item.food_id) ? { textDecoration: 'line-through' } : undefined}>
                      <strong>{formatPurchase(item.quantity, item.unit, item.grams, units)}</strong> {item.name}
                    </span>
                  }
                />
              ))}
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </Stack>
  );
}
