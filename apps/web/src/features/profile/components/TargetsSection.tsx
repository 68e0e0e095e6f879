/** Settings: the daily targets the profile gives, without the full table. */
import { Paper, Title } from '@mantine/core';
import { ErrorState, LoadingState } from '../../../components/states';
import { TargetsSummary } from '../../../components/TargetsSummary';
import { useTargets } from '../../../lib/profile';

export function TargetsSection() {
  const targets = useTargets();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="targets-heading">
      <Title order={2} size="h4" id="targets-heading" mb="sm">
        Your targets
      </Title>
      {targets.isPending && <LoadingState label="Calculating your targets…" />}
      {targets.isError && <ErrorState error={targets.error} onRetry={() => void targets.refetch()} />}
      {targets.data && <TargetsSummary targets={targets.data} showTable={false} />}
    </Paper>
  );
}
