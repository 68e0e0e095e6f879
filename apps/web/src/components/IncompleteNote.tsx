/** Which totals leave out foods the data has no value for (unknown, never counted as 0), and which foods. */
import { Text } from '@mantine/core';
import { nutrientInfo, sortNutrientKeys } from '../lib/nutrients';

const MAX_NAMES = 3;

/** One line per nutrient with a target: "Vitamin D: no value for Salmon, raw and 2 more". */
export function incompleteLines(incomplete: Record<string, string[]> | undefined, keys: string[]): string[] {
  const shown = sortNutrientKeys(Object.keys(incomplete ?? {})).filter((key) => keys.includes(key));
  return shown.map((key) => {
    const names = incomplete?.[key] ?? [];
    const more = names.length > MAX_NAMES ? ` and ${names.length - MAX_NAMES} more` : '';
    return `${nutrientInfo(key).label}: no value for ${names.slice(0, MAX_NAMES).join('; ')}${more}`;
  });
}

export function IncompleteNote({ incomplete, keys }: { incomplete?: Record<string, string[]>; keys: string[] }) {
  const lines = incompleteLines(incomplete, keys);
  if (lines.length === 0) return null;
  return (
    <details data-testid="incomplete-note">
      <summary style={{ cursor: 'pointer' }}>
        <Text span size="sm">
          {lines.length === 1 ? '1 total' : `${lines.length} totals`} may be low: some foods have no value for them
        </Text>
      </summary>
      <Text size="sm" c="dimmed" mt={4}>
        The data has no value for these nutrients in these foods. They are left out of the totals, not counted as 0.
      </Text>
      <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
        {lines.map((line) => (
          <li key={line}>
            <Text size="sm">{line}</Text>
          </li>
        ))}
      </ul>
    </details>
  );
}
