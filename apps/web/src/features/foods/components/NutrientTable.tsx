/** Every nutrient of a food per 100 g and for a chosen portion; unknown values read "no data", not 0. */
import { Table, Text } from '@mantine/core';
import { formatAmount, nutrientInfo, sortNutrientKeys } from '../../../lib/nutrients';
import { scaleNutrients } from '../../../lib/measures';

export interface NutrientTableProps {
  per100g: Record<string, number | null>;
  /** Grams of the portion shown in the second column, with its label; omitted: only per 100 g. */
  portion?: { grams: number; label: string } | null;
  caption?: string;
}

export function NutrientTable({ per100g, portion, caption = 'Nutrients' }: NutrientTableProps) {
  const keys = sortNutrientKeys(Object.keys(per100g));
  const scaled = portion ? scaleNutrients(per100g, portion.grams) : null;
  const cell = (value: number | null | undefined, unit: string) =>
    value == null ? (
      <Text span c="dimmed" size="sm">
        no data
      </Text>
    ) : (
      formatAmount(value, unit)
    );
  return (
    <Table.ScrollContainer minWidth={300}>
      <Table striped withTableBorder>
        <caption style={{ captionSide: 'top', textAlign: 'left', fontWeight: 600, paddingBottom: 4 }}>{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Nutrient</Table.Th>
            <Table.Th scope="col">Per 100 g</Table.Th>
            {portion && <Table.Th scope="col">Per {portion.label}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => {
            const info = nutrientInfo(key);
            return (
              <Table.Tr key={key}>
                <Table.Th scope="row" fw={400}>
                  {info.label}
                </Table.Th>
                <Table.Td data-testid={`per100-${key}`}>{cell(per100g[key], info.unit)}</Table.Td>
                {scaled && <Table.Td data-testid={`portion-${key}`}>{cell(scaled[key], info.unit)}</Table.Td>}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
