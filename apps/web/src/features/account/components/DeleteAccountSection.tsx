/** Settings: delete the account and every record of it, after a confirmation with the password. */
import { Alert, Button, Group, Modal, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { errorMessage } from '../../../components/states';
import { useAuth } from '../../../lib/auth';
import { useDeleteAccount } from '../api/account';

export function DeleteAccountSection() {
  const { user } = useAuth();
  const [opened, { open, close }] = useDisclosure(false);
  const [password, setPassword] = useState('');
  const remove = useDeleteAccount();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="delete-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="delete-heading">
          Delete account
        </Title>
        <Text size="sm" c="dimmed">
          Deletes your account and every record you own. This cannot be undone; download your data first if you want to keep it.
        </Text>
        <Group>
          <Button color="red.9" variant="outline" onClick={open}>
            Delete account
          </Button>
        </Group>
      </Stack>
      <Modal opened={opened} onClose={close} title="Delete your account?" centered closeButtonProps={{ 'aria-label': 'Close' }}>
        <Stack>
          <Text size="sm">
            {user ? `${user.email} and ` : ''}all its plans, diary entries, weigh-ins, custom foods and recipes will be gone for good.
          </Text>
          <PasswordInput
            label="Your password"
            description="Confirms it is really you."
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.currentTarget.value)}
          />
          {remove.isError && (
            <Alert color="red" role="alert" title="The account was not deleted">
              {errorMessage(remove.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              Cancel
            </Button>
            <Button color="red.9" loading={remove.isPending} disabled={!password} onClick={() => remove.mutate(password)}>
              Delete permanently
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
