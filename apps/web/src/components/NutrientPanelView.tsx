/** The API's nutrient panel: a headline that agrees with the rows, the stated tolerance, and a bar per nutrient. */
import { Accordion, Alert, Group, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { formatAmount } from '../lib/nutrients';
import { PANEL_BAR_COLOR, PANEL_LABEL, PANEL_TEXT_COLOR, targetText, type NutrientPanel, type NutrientRow } from '../lib/panel';

const HEADLINE_COLOR = { met: 'brand', close: 'yellow', low: 'orange', over: 'red', so_far: 'blue' } as const;

export function PanelRowBar({ row }: { row: NutrientRow }) {
  const percent = row.percent ?? 0;
  return (
    <Stack gap={2} data-status={row.status} data-testid={`panel-row-${row.key}`}>
      <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
        <Text size="sm" fw={500}>
          {row.name}
        </Text>
        <Text size="sm" ta="right" c={PANEL_TEXT_COLOR[row.status]}>
          {formatAmount(row.amount, row.unit)} / {targetText(row)}
          {row.status !== 'met' && ` · ${PANEL_LABEL[row.status]}`}
        </Text>
      </Group>
      <Progress.Root size="md" aria-hidden>
        <Progress.Section value={Math.min(percent, 100)} color={PANEL_BAR_COLOR[row.status]} />
      </Progress.Root>
    </Stack>
  );
}

export function PanelHeadline({ panel }: { panel: NutrientPanel }) {
  const status = panel.headline.status;
  return (
    <Alert
      color={HEADLINE_COLOR[status]}
      variant="light"
      data-testid="panel-headline"
      data-status={status}
      styles={{ message: { color: PANEL_TEXT_COLOR[status] ?? 'inherit' } }}
    >
      <Text size="sm" fw={600} c={PANEL_TEXT_COLOR[status]}>
        {panel.headline.text}
      </Text>
    </Alert>
  );
}

/**
 * The headline, then `headlineKeys` as bars, then every other row in a collapsed section. `columns` lays the bars
 * out two abreast on wide screens.
 */
export function NutrientPanelView({
  panel,
  headlineKeys,
  columns = 1,
  othersLabel = 'Vitamins, minerals and limits',
}: {
  panel: NutrientPanel;
  headlineKeys: readonly string[];
  columns?: 1 | 2;
  othersLabel?: string;
}) {
  const main = headlineKeys.map((key) => panel.rows.find((row) => row.key === key)).filter((row): row is NutrientRow => !!row);
  const others = panel.rows.filter((row) => !headlineKeys.includes(row.key));
  const grid = { base: 1, md: columns } as const;
  return (
    <Stack gap="sm">
      <PanelHeadline panel={panel} />
      <Text size="xs" c="dimmed">
        {panel.tolerance}
        {panel.in_progress && ' While the day is in progress, a minimum not reached yet shows as “so far”.'}
      </Text>
      <SimpleGrid cols={grid} spacing="sm" verticalSpacing="xs">
        {main.map((row) => (
          <PanelRowBar key={row.key} row={row} />
        ))}
      </SimpleGrid>
      {others.length > 0 && (
        <Accordion variant="contained">
          <Accordion.Item value="all">
            <Accordion.Control>
              {othersLabel} ({others.length})
            </Accordion.Control>
            <Accordion.Panel>
              <SimpleGrid cols={grid} spacing="sm" verticalSpacing="xs">
                {others.map((row) => (
                  <PanelRowBar key={row.key} row={row} />
                ))}
              </SimpleGrid>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      )}
    </Stack>
  );
}
