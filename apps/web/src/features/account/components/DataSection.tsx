/** Settings: download everything the user has stored, as JSON or the meal log and weights as CSV. */
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { ErrorState } from '../../../components/states';
import { today } from '../../../lib/dates';
import { downloadText, useExportCsv, useExportJson } from '../api/account';

export function DataSection() {
  const json = useExportJson();
  const csv = useExportCsv();
  const stamp = today();
  const error = json.error ?? csv.error;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="data-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="data-heading">
          Your data
        </Title>
        <Text size="sm" c="dimmed">
          Everything you have stored: profile, plans, diary, weigh-ins, custom foods and recipes.
        </Text>
        <Group gap="sm">
          <Button
            variant="light"
            loading={json.isPending}
            onClick={() =>
              json.mutate(undefined, { onSuccess: (text) => downloadText(text, `diet-planner-export-${stamp}.json`, 'application/json') })
            }
          >
            Download my data (JSON)
          </Button>
          <Button
            variant="default"
            loading={csv.isPending && csv.variables === '/api/users/me/export/meal-logs.csv'}
            onClick={() =>
              csv.mutate('/api/users/me/export/meal-logs.csv', {
                onSuccess: (text) => downloadText(text, `diet-planner-meal-log-${stamp}.csv`, 'text/csv'),
              })
            }
          >
            Meal log (CSV)
          </Button>
          <Button
            variant="default"
            loading={csv.isPending && csv.variables === '/api/users/me/export/weights.csv'}
            onClick={() =>
              csv.mutate('/api/users/me/export/weights.csv', {
                onSuccess: (text) => downloadText(text, `diet-planner-weights-${stamp}.csv`, 'text/csv'),
              })
            }
          >
            Weights (CSV)
          </Button>
        </Group>
        {error && <ErrorState error={error} title="The export failed" />}
      </Stack>
    </Paper>
  );
}
