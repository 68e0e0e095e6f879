/** Settings: change the password (the current one asked again; other sessions end) and sign out everywhere. */
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { errorMessage, ErrorState } from '../../../components/states';
import { useChangePassword, useLogoutEverywhere } from '../api/account';

export function PasswordSection() {
  const change = useChangePassword();
  const everywhere = useLogoutEverywhere();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          notifications.show({ message: 'Password changed; your other sessions are signed out.' });
        },
      },
    );
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="security-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="security-heading">
          Password and sessions
        </Title>
        <form onSubmit={submit}>
          <Stack gap="sm" maw={420}>
            <PasswordInput
              label="Current password"
              autoComplete="current-password"
              required
              value={current}
              onChange={(event) => setCurrent(event.currentTarget.value)}
            />
            <PasswordInput
              label="New password"
              description="At least 10 characters; not a common password."
              autoComplete="new-password"
              required
              value={next}
              onChange={(event) => setNext(event.currentTarget.value)}
            />
            {change.isError && (
              <Alert color="red" role="alert" title="The password was not changed">
                {errorMessage(change.error)}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={change.isPending}>
                Change password
              </Button>
            </Group>
          </Stack>
        </form>
        <Text size="sm" c="dimmed">
          Lost a device? Sign out everywhere ends every session, this one included.
        </Text>
        {everywhere.isError && <ErrorState error={everywhere.error} title="Not signed out" />}
        <Group>
          <Button variant="outline" loading={everywhere.isPending} onClick={() => everywhere.mutate()}>
            Sign out everywhere
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
