/** "Delete …?" with what deleting keeps and loses, the API's error if it fails, and Cancel / Delete. */
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorState } from './states';

export function ConfirmDeleteModal({
  opened,
  onClose,
  name,
  consequence,
  error,
  errorTitle,
  pending,
  onConfirm,
}: {
  opened: boolean;
  onClose: () => void;
  name: string;
  consequence: ReactNode;
  error: unknown;
  errorTitle: string;
  pending: boolean;
  onConfirm: () => void;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={`Delete ${name}?`} closeButtonProps={{ 'aria-label': 'Close' }}>
      <Stack>
        <Text size="sm">{consequence}</Text>
        {error != null && <ErrorState error={error} title={errorTitle} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button color="red.9" loading={pending} onClick={onConfirm}>
            Delete
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
