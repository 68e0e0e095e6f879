/** Progress from the weigh-ins and the diary: trend, weekly rate, estimated TDEE and the energy it suggests. */
import { Alert, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTargets } from '../../../lib/profile';
import { ErrorState, LoadingState } from '../../../components/states';
import { formatDay } from '../../../lib/dates';
import { formatBodyWeight, type Units } from '../../../lib/units';
import { useProgress, type Progress } from '../api/weight';
import { formatWeeklyRate } from '../weightForm';

export function ProgressCard({ units }: { units: Units }) {
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
