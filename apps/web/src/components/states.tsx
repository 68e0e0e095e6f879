/** Loading, error and empty states used by every page, so they look and read the same everywhere. */
import { Alert, Button, Center, Group, Loader, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiError } from '../lib/api';

export function LoadingState({ label = 'Loading…' }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" aria-hidden />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

/** The message to show for any thrown value: the API's detail when it is an ApiError. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** Constraints the planner named when it could not build a plan (422 with `conflicts`). */
export function errorConflicts(error: unknown): string[] {
  if (!(error instanceof ApiError)) return [];
  const conflicts = (error.body as { conflicts?: unknown } | null)?.conflicts;
  if (!Array.isArray(conflicts)) return [];
  return conflicts.map((conflict) =>
    typeof conflict === 'string' ? conflict : JSON.stringify(conflict),
  );
}

export function ErrorState({
  error,
  title = 'Something went wrong',
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const conflicts = errorConflicts(error);
  return (
    <Alert color="red" title={title} role="alert" variant="light">
      <Stack gap="xs">
        <Text size="sm">{errorMessage(error)}</Text>
        {conflicts.length > 0 && (
          <ul style={{ margin: 0, paddingLeft: '1.2em' }}>
            {conflicts.map((conflict) => (
              <li key={conflict}>
                <Text size="sm">{conflict}</Text>
              </li>
            ))}
          </ul>
        )}
        {onRetry && (
          <Group>
            <Button size="xs" variant="light" color="red" onClick={onRetry}>
              Try again
            </Button>
          </Group>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl" ta="center">
      <Title order={3} size="h4">
        {title}
      </Title>
      {children && <div>{children}</div>}
    </Stack>
  );
}
