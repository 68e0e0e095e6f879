/** The newest weigh-ins with their trend, each one deletable. */
import { ActionIcon, Button, Paper, Table, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type CSSProperties } from 'react';
import { errorMessage } from '../../../components/states';
import { formatDay } from '../../../lib/dates';
import { formatBodyWeight, type Units } from '../../../lib/units';
import { useDeleteWeight, type WeightEntry } from '../api/weight';

const TABLE_ROWS = 14;

export function WeightTable({ items, units }: { items: WeightEntry[]; units: Units }) {
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
