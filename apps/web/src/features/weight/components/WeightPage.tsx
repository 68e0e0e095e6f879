/** /weight: log a weigh-in in the user's units, the chart with its trend line, and progress with estimated TDEE. */
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type CSSProperties, type FormEvent } from 'react';
import { usePreferences } from '../../../lib/preferences';
import { useTargets } from '../../../lib/profile';
import { EmptyState, errorMessage, ErrorState, LoadingState } from '../../../components/states';
import { WeightTrendChart } from '../../../components/WeightTrendChart';
import { formatDay, today } from '../../../lib/dates';
import { usePageTitle } from '../../../lib/usePageTitle';
import { formatBodyWeight, weightUnitLabel, type Units } from '../../../lib/units';
import { useDeleteWeight, useLogWeight, useProgress, useWeights, type Progress, type WeightEntry } from '../api/weight';
import {
  dateError,
  formatWeeklyRate,
  toWeightBody,
  weighInsInRange,
  weightError,
  type ChartRange,
  type WeightFormValues,
} from '../weightForm';
import { fromNumberInput } from '../../../lib/numberInput';

const TABLE_ROWS = 14;

export default function WeightPage() {
  usePageTitle('Weight');
  const { units } = usePreferences();
  const weights = useWeights();

  return (
    <Stack gap="md">
      <Title order={1}>Weight</Title>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
        <WeightForm units={units} latest={weights.data?.items[0]} />
        <ProgressCard units={units} />
      </SimpleGrid>
      {weights.isPending && <LoadingState label="Loading your weigh-ins…" />}
      {weights.isError && <ErrorState error={weights.error} onRetry={() => void weights.refetch()} />}
      {weights.data && weights.data.items.length === 0 && (
        <EmptyState title="No weigh-ins yet">
          <Text size="sm" c="dimmed">
            Weigh yourself at the same time of day, a few times a week; the trend line smooths out the daily ups and downs.
          </Text>
        </EmptyState>
      )}
      {weights.data && weights.data.items.length > 0 && (
        <>
          <WeightChart items={weights.data.items} units={units} />
          <WeightTable items={weights.data.items} units={units} />
        </>
      )}
    </Stack>
  );
}

function WeightChart({ items, units }: { items: WeightEntry[]; units: Units }) {
  const [range, setRange] = useState<ChartRange>('90');
  const points = weighInsInRange(items, range, today());
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="weight-chart">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={2} size="h4" id="weight-chart">
          Chart
        </Title>
        <SegmentedControl
          size="xs"
          aria-label="Chart range"
          value={range}
          onChange={(value) => setRange(value as ChartRange)}
          data={[
            { value: '30', label: '30 days' },
            { value: '90', label: '90 days' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>
      {points.length === 0 ? (
        <Text size="sm" c="dimmed">
          No weigh-ins in this range.
        </Text>
      ) : (
        <WeightTrendChart points={points} units={units} height={260} />
      )}
    </Paper>
  );
}

function WeightForm({ units, latest }: { units: Units; latest?: WeightEntry }) {
  const todayDate = today();
  const [values, setValues] = useState<WeightFormValues>({ date: todayDate, weight: '' });
  const [errors, setErrors] = useState<{ date?: string; weight?: string }>({});
  const logWeight = useLogWeight();
  const unit = weightUnitLabel(units);

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = { date: dateError(values, todayDate) ?? undefined, weight: weightError(values, units) ?? undefined };
    setErrors(found);
    if (found.date || found.weight) return;
    const body = toWeightBody(values, units);
    logWeight.mutate(body, {
      onSuccess: () => {
        notifications.show({ color: 'brand', message: `${formatBodyWeight(body.weight_kg, units)} logged for ${formatDay(body.date)}` });
        setValues({ date: todayDate, weight: '' });
      },
    });
  }

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="log-weight">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="log-weight">
            Log a weigh-in
          </Title>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              type="date"
              label="Date"
              value={values.date}
              max={todayDate}
              onChange={(event) => {
                const date = event.currentTarget.value;
                setValues((current) => ({ ...current, date }));
              }}
              error={errors.date}
              w={170}
              required
            />
            <NumberInput
              label={`Weight (${unit})`}
              value={values.weight}
              onChange={(value) => setValues((current) => ({ ...current, weight: fromNumberInput(value) }))}
              decimalScale={1}
              step={0.1}
              min={0}
              allowNegative={false}
              placeholder={latest ? formatBodyWeight(latest.weight_kg, units).replace(/ (kg|lb)$/, '') : undefined}
              error={errors.weight}
              w={150}
              required
            />
          </Group>
          <Text size="xs" c="dimmed">
            One weigh-in per day: logging the same date again replaces it.
          </Text>
          {logWeight.isError && <ErrorState error={logWeight.error} title="The weigh-in was not saved" />}
          <Group>
            <Button type="submit" loading={logWeight.isPending}>
              Log weight
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

function ProgressCard({ units }: { units: Units }) {
  const progress = useProgress();
  const targets = useTargets();
  const data = progress.data;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="progress">
      <Stack gap="sm">
        <Title order={2} size="h4" id="progress">
          Progress
        </Title>
        {progress.isPending && <LoadingState label="Working out your progress…" />}
        {progress.isError && <ErrorState error={progress.error} onRetry={() => void progress.refetch()} />}
        {data && (
          <>
            <SimpleGrid cols={2} spacing="sm">
              <Stat label="Trend weight" value={formatBodyWeight(data.trend_kg, units)} testId="progress-trend" />
              <Stat label="Weekly rate" value={formatWeeklyRate(data.weekly_rate_kg, units)} testId="progress-rate" />
              <Stat
                label="Estimated TDEE"
                value={data.estimated_tdee_kcal == null ? 'Not enough data yet' : `${Math.round(data.estimated_tdee_kcal)} kcal/day`}
                testId="progress-tdee"
              />
              <Stat
                label="Suggested energy"
                value={data.suggested_energy_kcal == null ? '–' : `${Math.round(data.suggested_energy_kcal)} kcal/day`}
                testId="progress-suggested"
              />
            </SimpleGrid>
            {data.data_days > 0 && (
              <Text size="sm" c="dimmed" data-testid="progress-basis">
                {progressBasis(data)}
              </Text>
            )}
            {targets.data && (
              <Text size="sm">
                Your current target: {Math.round(targets.data.energy_kcal)} kcal/day (equation TDEE {Math.round(targets.data.tdee_kcal)}{' '}
                kcal).
              </Text>
            )}
            {data.note && (
              <Alert variant="light" color="gray" p="xs">
                <Text size="sm">{data.note}</Text>
              </Alert>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** What the estimate rests on, in one sentence. */
export function progressBasis(data: Progress): string {
  const days = `${data.data_days} logged ${data.data_days === 1 ? 'day' : 'days'}`;
  const weighIns = `${data.weigh_ins} ${data.weigh_ins === 1 ? 'weigh-in' : 'weigh-ins'}`;
  const window = data.window_start && data.window_end ? ` between ${formatDay(data.window_start)} and ${formatDay(data.window_end)}` : ' in the last 4 weeks';
  const intake = data.mean_intake_kcal != null ? ` You ate ${Math.round(data.mean_intake_kcal)} kcal a day on average.` : '';
  const confidence = data.confidence ? ` Confidence: ${data.confidence}.` : '';
  return `Energy balance from ${days} and ${weighIns}${window}.${intake}${confidence}`;
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}

function WeightTable({ items, units }: { items: WeightEntry[]; units: Units }) {
  const [showAll, setShowAll] = useState(false);
  const remove = useDeleteWeight();
  const rows = showAll ? items : items.slice(0, TABLE_ROWS);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="weigh-ins">
      <Title order={2} size="h4" id="weigh-ins" mb="sm">
        Weigh-ins
      </Title>
      <Table.ScrollContainer minWidth={300}>
        <Table striped aria-labelledby="weigh-ins">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Date</Table.Th>
              <Table.Th scope="col">Weight</Table.Th>
              <Table.Th scope="col">Trend</Table.Th>
              <Table.Th scope="col">
                <span style={visuallyHidden}>
                  Actions
                </span>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((entry) => (
              <Table.Tr key={entry.date}>
                <Table.Td>{formatDay(entry.date)}</Table.Td>
                <Table.Td>{formatBodyWeight(entry.weight_kg, units)}</Table.Td>
                <Table.Td>{formatBodyWeight(entry.trend_kg, units)}</Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Delete weigh-in of ${entry.date}`}
                    loading={remove.isPending && remove.variables === entry.date}
                    onClick={() =>
                      remove.mutate(entry.date, {
                        onError: (error) => notifications.show({ color: 'red', title: 'Not deleted', message: errorMessage(error) }),
                      })
                    }
                  >
                    ✕
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {items.length > TABLE_ROWS && (
        <Button variant="subtle" size="xs" mt="xs" onClick={() => setShowAll((value) => !value)}>
          {showAll ? 'Show fewer' : `Show all ${items.length}`}
        </Button>
      )}
    </Paper>
  );
}

const visuallyHidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};
