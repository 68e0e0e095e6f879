/** A plan day's nutrient adequacy: bars for every nutrient with a target, and each shortfall explained. */
import { Accordion, Alert, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IncompleteNote } from '../../../components/IncompleteNote';
import { NutrientBar } from '../../../components/NutrientBar';
import { NutrientPanelView } from '../../../components/NutrientPanelView';
import { STATUS_TEXT_COLOR } from '../../../lib/adequacy';
import { formatAmount, nutrientInfo, sortNutrientKeys } from '../../../lib/nutrients';
import type { NutrientTarget, Targets } from '../../../lib/targets';
import type { PlanDay, Shortfall } from '../api/plans';

export const HEADLINE_KEYS = ['energy_kcal', 'protein_g', 'fat_g', 'carbs_g', 'fiber_g', 'saturated_fat_g', 'sodium_mg'];

/** A sentence for a shortfall: how much is missing, of what reference, and what would help. */
export function explainShortfall(shortfall: Shortfall, target?: NutrientTarget): string {
  const info = nutrientInfo(shortfall.nutrient);
  const unit = shortfall.unit ?? target?.unit ?? info.unit;
  const percent = shortfall.target > 0 ? Math.round((shortfall.amount / shortfall.target) * 100) : null;
  const basis = target?.basis ? ` (${target.basis})` : '';
  let text = `${info.label}: ${formatAmount(shortfall.amount, unit)} of the ${formatAmount(shortfall.target, unit)} target${basis}`;
  if (percent !== null) text += `, ${percent}%`;
  text += '.';
  if (shortfall.suggestion) text += ` ${shortfall.suggestion}`;
  return text;
}

export function DayAdequacy({ day, targets }: { day: PlanDay; targets: Targets }) {
  const nutrients = targets.nutrients;
  const others = sortNutrientKeys(Object.keys(nutrients)).filter(
    (key) => !HEADLINE_KEYS.includes(key) && (nutrients[key].min != null || nutrients[key].max != null),
  );
  const bar = (key: string) => {
    const target: Partial<NutrientTarget> = nutrients[key] ?? {};
    const info = nutrientInfo(key);
    return (
      <NutrientBar
        key={key}
        label={info.label}
        amount={day.totals[key]}
        min={target.min}
        max={target.max}
        unit={target.unit ?? info.unit}
      />
    );
  };
  if (day.panel) {
    // The panel's rows say which nutrients are low or close; the solver's shortfalls add what would help.
    const advised = day.shortfalls.filter((shortfall) =>
      day.panel?.rows.some((row) => row.key === shortfall.nutrient && (row.status === 'low' || row.status === 'close')),
    );
    return (
      <Stack gap="sm">
        <Title order={3} size="h5">
          Nutrient adequacy
        </Title>
        <NutrientPanelView panel={day.panel} headlineKeys={HEADLINE_KEYS} columns={2} />
        {advised.length > 0 && (
          <List size="sm" spacing={4} aria-label="What would help">
            {advised.map((shortfall) => (
              <List.Item key={shortfall.nutrient}>{explainShortfall(shortfall, nutrients[shortfall.nutrient])}</List.Item>
            ))}
          </List>
        )}
        <IncompleteNote incomplete={day.incomplete} keys={Object.keys(nutrients)} />
        {day.notes.length > 0 && (
          <List size="sm" spacing={4}>
            {day.notes.map((note) => (
              <List.Item key={note}>{note}</List.Item>
            ))}
          </List>
        )}
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        Nutrient adequacy
      </Title>
      {day.shortfalls.length === 0 ? (
        <Alert color="brand" variant="light" title="Every minimum met">
          This day meets the minimum of every nutrient with a target; the bars below show any limit it passes.
        </Alert>
      ) : (
        <Alert
          color="orange"
          variant="light"
          // Mantine's orange title on its light tint is under WCAG AA's 4.5:1; the status text colour passes.
          styles={{ title: { color: STATUS_TEXT_COLOR.low } }}
          title={`${day.shortfalls.length} shortfall${day.shortfalls.length > 1 ? 's' : ''}`}
        >
          <List size="sm" spacing={4}>
            {day.shortfalls.map((shortfall) => (
              <List.Item key={shortfall.nutrient}>{explainShortfall(shortfall, nutrients[shortfall.nutrient])}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <IncompleteNote incomplete={day.incomplete} keys={Object.keys(nutrients)} />
      {day.notes.length > 0 && (
        <List size="sm" spacing={4}>
          {day.notes.map((note) => (
            <List.Item key={note}>{note}</List.Item>
          ))}
        </List>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" verticalSpacing="xs">
        {HEADLINE_KEYS.filter((key) => nutrients[key] || key === 'energy_kcal').map((key) =>
          key === 'energy_kcal' && !nutrients[key] && targets.energy_kcal ? (
            <NutrientBar
              key={key}
              label="Energy"
              amount={day.totals.energy_kcal}
              min={targets.energy_kcal * 0.95}
              max={targets.energy_kcal * 1.05}
              unit="kcal"
            />
          ) : (
            bar(key)
          ),
        )}
      </SimpleGrid>
      {others.length > 0 && (
        <Accordion variant="contained">
          <Accordion.Item value="all">
            <Accordion.Control>Vitamins, minerals and limits ({others.length})</Accordion.Control>
            <Accordion.Panel>
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm" verticalSpacing="xs">
                {others.map(bar)}
              </SimpleGrid>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      )}
      {others.length === 0 && <Text size="sm" c="dimmed">No other nutrient targets for this plan.</Text>}
    </Stack>
  );
}
