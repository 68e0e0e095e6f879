/** Copy a meal (or the whole day) to another date, e.g. yesterday's breakfast to today. */
import { Button, NativeSelect, Popover, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../components/states';
import { addDays, today } from '../../../lib/dates';
import { SLOT_LABEL, SLOTS, type Slot } from '../../../lib/slots';
import { useCopyLogs } from '../api/diary';
import { dateFromParam } from '../diary';

/** Where a copy goes by default: today when looking at another day, else tomorrow. */
export function defaultCopyTarget(date: string, now: string = today()): string {
  return date === now ? addDays(date, 1) : now;
}

export function CopyEntries({ date, slot }: { date: string; slot?: Slot }) {
  const [opened, setOpened] = useState(false);
  const [target, setTarget] = useState(() => defaultCopyTarget(date));
  const [toSlot, setToSlot] = useState<Slot | ''>('');
  const [error, setError] = useState<string | null>(null);
  const copy = useCopyLogs();
  const what = slot ? SLOT_LABEL[slot].toLowerCase() : 'this day';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (dateFromParam(target, '') === '') {
      setError('Choose a date.');
      return;
    }
    setError(null);
    copy.mutate(
      { from_date: date, to_date: target, slot: slot ?? null, to_slot: slot && toSlot ? toSlot : null },
      {
        onSuccess: (page) => {
          setOpened(false);
          notifications.show({
            color: 'brand',
            message: `Copied ${page.total} ${page.total === 1 ? 'entry' : 'entries'} to ${target}`,
          });
        },
        onError: (caught) => setError(errorMessage(caught)),
      },
    );
  }

  return (
    <Popover opened={opened} onChange={setOpened} trapFocus position="bottom-end" withArrow shadow="md">
      <Popover.Target>
        <Button
          size="compact-sm"
          variant="subtle"
          mih={slot ? undefined : 44}
          aria-label={slot ? `Copy ${what} to another day` : 'Copy this day to another day'}
          onClick={() => {
            setTarget(defaultCopyTarget(date));
            setError(null);
            setOpened((open) => !open);
          }}
        >
          {slot ? 'Copy' : 'Copy day'}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <form onSubmit={submit} aria-label={`Copy ${what}`}>
          <Stack gap="xs" w={220}>
            <Text size="sm" fw={500}>
              Copy {what}
            </Text>
            <TextInput
              type="date"
              label="To date"
              value={target}
              onChange={(event) => setTarget(event.currentTarget.value)}
              data-autofocus
            />
            {slot && (
              <NativeSelect
                label="Into meal"
                value={toSlot}
                onChange={(event) => setToSlot(event.currentTarget.value as Slot | '')}
                data={[{ value: '', label: `Same (${SLOT_LABEL[slot]})` }, ...SLOTS.map((value) => ({ value, label: SLOT_LABEL[value] }))]}
              />
            )}
            {error && (
              <Text size="sm" c="red.8" role="alert">
                {error}
              </Text>
            )}
            <Button type="submit" size="sm" loading={copy.isPending}>
              Copy
            </Button>
          </Stack>
        </form>
      </Popover.Dropdown>
    </Popover>
  );
}
