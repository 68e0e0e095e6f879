/**
 * "Paste ingredients": recipe lines become ingredient rows (POST /api/foods/parse), editable like any row before
 * saving; lines that matched no food, or gave no amount, are listed for the user to add by hand.
 */
import { Alert, Button, List, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { gToOz, type Units } from '../../../lib/units';
import { parseIngredientLines, type ParsedLine } from '../api/recipes';
import { newRowKey, type IngredientRow } from '../recipeForm';

const MAX_LINES = 200;

/** Rows for the lines that have a food and grams, in the user's mass unit; the rest to flag. */
export function rowsFromParse(items: ParsedLine[], units: Units): { rows: IngredientRow[]; flagged: ParsedLine[] } {
  const rows: IngredientRow[] = [];
  const flagged: ParsedLine[] = [];
  for (const item of items) {
    if (!item.food || item.grams == null) {
      if (item.line.trim()) flagged.push(item);
      continue;
    }
    rows.push({
      key: newRowKey(),
      foodId: item.food.id,
      name: item.food.name,
      quantity: units === 'imperial' ? Math.round(gToOz(item.grams) * 100) / 100 : Math.round(item.grams * 10) / 10,
      measureName: units === 'imperial' ? 'oz' : 'g',
    });
  }
  return { rows, flagged };
}

export function PasteIngredients({ units, onAdd }: { units: Units; onAdd: (rows: IngredientRow[]) => void }) {
  const [text, setText] = useState('');
  const [flagged, setFlagged] = useState<ParsedLine[]>([]);
  const parse = useMutation({
    mutationFn: (lines: string[]) => parseIngredientLines(lines),
    onSuccess: ({ items }) => {
      const result = rowsFromParse(items, units);
      onAdd(result.rows);
      setFlagged(result.flagged);
      setText('');
    },
  });
  const lines = text.split('\n').filter((line) => line.trim());
  return (
    <Stack gap="xs">
      <Textarea
        label="Paste ingredients"
        description="One ingredient per line, as a recipe writes it (e.g. “2 cups chopped broccoli”)"
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        rows={3}
        resize="vertical"
        error={lines.length > MAX_LINES ? `At most ${MAX_LINES} lines at a time` : undefined}
      />
      <Button
        variant="light"
        onClick={() => parse.mutate(lines.map((line) => line.slice(0, 500)))}
        loading={parse.isPending}
        disabled={lines.length === 0 || lines.length > MAX_LINES}
        style={{ alignSelf: 'flex-start' }}
      >
        Add these ingredients
      </Button>
      {parse.isError && (
        <Text size="sm" c="red.8" role="alert">
          {parse.error.message}
        </Text>
      )}
      {flagged.length > 0 && (
        <Alert color="orange" title="Not added: add these by hand" role="alert">
          <List size="sm">
            {flagged.map((item, index) => (
              <List.Item key={`${index}-${item.line}`}>
                <Text span fw={500}>
                  {item.line}
                </Text>
                {' — '}
                {item.food ? `${item.food.name}: ` : ''}
                {item.note ?? 'no food matches this line'}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
