/**
 * The review of an imported recipe before it is saved: each ingredient line with its matched food (or another
 * from its alternatives or a search), grams, and how sure the match is; unmatched lines must be matched or
 * removed. The recipe's name, servings, meals, times and steps are editable (RecipeFields' inputs, as in the
 * editor). Save: POST /api/recipes.
 */
import { Alert, Badge, Button, Group, List, NativeSelect, NumberInput, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { FoodPicker } from '../../../components/FoodPicker';
import { ErrorState } from '../../../components/states';
import { fromNumberInput } from '../../../lib/numberInput';
import { useCreateRecipe, type RecipeDraft } from '../api/recipes';
import {
  chooseFood,
  formFromDraft,
  importBody,
  lineStatus,
  STATUS_TEXT,
  validateImport,
  type ImportErrors,
  type ImportForm,
  type ImportLine,
  type LineStatus,
} from '../importForm';
import { MealTypesField, RecipeNameField, ServingsField, StepsField } from './RecipeFields';

const STATUS_COLOR: Record<LineStatus, string> = { unmatched: 'red', 'no-grams': 'orange', check: 'orange', good: 'green', chosen: 'blue' };

export function ImportReview({ draft, onStartOver }: { draft: RecipeDraft; onStartOver: () => void }) {
  const navigate = useNavigate();
  const [form, setForm] = useState<ImportForm>(() => formFromDraft(draft));
  const [errors, setErrors] = useState<ImportErrors>({});
  const [announcement, setAnnouncement] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const linesHeading = useRef<HTMLHeadingElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const create = useCreateRecipe();

  // The review replaces the import form: move focus to its heading so keyboard and screen reader users follow.
  useEffect(() => heading.current?.focus(), []);

  const update = (changes: Partial<ImportForm>) => setForm((current) => ({ ...current, ...changes }));
  const updateLine = (key: string, change: (line: ImportLine) => ImportLine) =>
    setForm((current) => ({ ...current, lines: current.lines.map((line) => (line.key === key ? change(line) : line)) }));

  function removeLine(line: ImportLine) {
    setForm((current) => ({ ...current, lines: current.lines.filter((other) => other.key !== line.key) }));
    setAnnouncement(`Removed “${line.line}”.`);
    linesHeading.current?.focus();
  }

  const problems = Object.entries(errors).filter(([, message]) => message) as [string, string][];
  const open = form.lines.filter((line) => lineStatus(line) === 'unmatched' || lineStatus(line) === 'no-grams').length;
  const toCheck = form.lines.filter((line) => lineStatus(line) === 'check').length;

  function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateImport(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // The summary names every problem; focus it so the person hears what to fix.
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    create.mutate(importBody(form), {
      onSuccess: (recipe) => {
        notifications.show({ color: 'brand', message: `${recipe.name} saved to your recipes` });
        navigate(`/recipes/${recipe.id}`);
      },
    });
  }

  return (
    <form onSubmit={submit} noValidate aria-labelledby="review-heading">
      <Stack gap="md">
        <Stack gap={4}>
          <Title order={2} size="h3" id="review-heading" ref={heading} tabIndex={-1}>
            Review the imported recipe
          </Title>
          <Text size="sm" c="dimmed">
            Nothing is saved yet. Check each ingredient’s food and grams, then save.
          </Text>
        </Stack>
        {(draft.warnings ?? []).length > 0 && (
          <Alert color="brand" title="What the import noticed">
            <List size="sm">
              {draft.warnings?.map((warning) => (
                <List.Item key={warning}>{warning}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {problems.length > 0 && (
          <Alert color="red" title="Fix these before saving" role="alert" ref={summary} tabIndex={-1}>
            <List size="sm">
              {problems.map(([field, message]) => (
                <List.Item key={field}>{message}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" style={{ alignItems: 'start' }}>
          <Stack gap="md">
            <Paper withBorder p="md">
              <Stack gap="sm">
                <RecipeNameField value={form.name} onChange={(name) => update({ name })} error={errors.name} />
                <Group gap="sm" align="flex-start" wrap="wrap">
                  <ServingsField description={draft.servings_given === false ? 'Not given: check' : undefined} value={form.servings} onChange={(servings) => update({ servings })} allowNegative={false} error={errors.servings} w={110} />
                  <NumberInput label="Total time (min)" value={form.totalMinutes} onChange={(value) => update({ totalMinutes: fromNumberInput(value) })} min={0} max={1440} allowDecimal={false} allowNegative={false} error={errors.totalMinutes} w={140} />
                  <NumberInput label="Hands-on time (min)" value={form.activeMinutes} onChange={(value) => update({ activeMinutes: fromNumberInput(value) })} min={0} max={1440} allowDecimal={false} allowNegative={false} error={errors.activeMinutes} w={160} />
                  <NumberInput label="Keeps (days in the fridge)" value={form.keepsDays} onChange={(value) => update({ keepsDays: fromNumberInput(value) })} min={0} max={7} allowDecimal={false} allowNegative={false} error={errors.keepsDays} w={200} />
                </Group>
                <MealTypesField label="Meals it is for" description="Plans put the recipe only in these meals" value={form.mealTypes} onChange={(mealTypes) => update({ mealTypes })} error={errors.mealTypes} required tallTargets />
              </Stack>
            </Paper>
            <Paper withBorder p="md">
              <StepsField value={form.steps} onChange={(steps) => update({ steps })} error={errors.steps} rows={6} />
            </Paper>
          </Stack>
          <Paper withBorder p="md" component="section" aria-labelledby="import-lines-heading">
            <Stack gap="sm">
              <Title order={3} size="h4" id="import-lines-heading" ref={linesHeading} tabIndex={-1}>
                Ingredients ({form.lines.length})
              </Title>
              <Text size="sm" c={open > 0 ? 'red.8' : 'dimmed'}>
                {open > 0 ? `${open} line${open === 1 ? ' needs' : 's need'} you before saving. ` : 'Every line has a food and grams. '}
                {toCheck > 0 ? `${toCheck} to check.` : ''}
              </Text>
              <Text size="sm" aria-live="polite" className="visually-hidden" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
                {announcement}
              </Text>
              {errors.lines && (
                <Text size="sm" c="red.8" role="alert">
                  {errors.lines}
                </Text>
              )}
              <Stack gap="sm" component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
                {form.lines.map((line) => (
                  <ImportLineRow key={line.key} line={line} error={errors[`line-${line.key}`]} onChange={(change) => updateLine(line.key, change)} onRemove={() => removeLine(line)} />
                ))}
              </Stack>
            </Stack>
          </Paper>
        </SimpleGrid>
        {create.isError && <ErrorState error={create.error} title="The recipe was not saved" />}
        <Group>
          <Button type="submit" loading={create.isPending} mih={44}>
            Save recipe
          </Button>
          <Button variant="default" onClick={onStartOver} mih={44}>
            Import another
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ImportLineRow({
  line,
  error,
  onChange,
  onRemove,
}: {
  line: ImportLine;
  error?: string;
  onChange: (change: (line: ImportLine) => ImportLine) => void;
  onRemove: () => void;
}) {
  const [searching, setSearching] = useState(!line.food);
  const gramsRef = useRef<HTMLInputElement>(null);
  const status = lineStatus(line);
  const statusId = `${line.key}-status`;
  return (
    <Paper component="li" withBorder p="sm" aria-label={line.line} data-testid="import-line" data-status={status} style={status === 'unmatched' ? { borderColor: 'var(--mantine-color-red-7)' } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
          <Text fw={500} style={{ overflowWrap: 'anywhere', flex: 1, minWidth: 160 }}>
            {line.line}
          </Text>
          <Badge id={statusId} color={STATUS_COLOR[status]} c="dark.7" variant="light" style={{ whiteSpace: 'normal', height: 'auto' }}>
            {STATUS_TEXT[status]}
          </Badge>
        </Group>
        {line.note && status !== 'good' && (
          <Text size="xs" c="dimmed">
            {line.note}
          </Text>
        )}
        {line.choices.length > 0 && (
          <NativeSelect
            label="Food"
            aria-describedby={statusId}
            value={line.food ? String(line.food.id) : ''}
            onChange={(event) => {
              const picked = line.choices.find((food) => String(food.id) === event.currentTarget.value);
              if (picked) onChange((current) => chooseFood(current, picked));
            }}
            data={[...(line.food ? [] : [{ value: '', label: 'Not matched: choose a food' }]), ...line.choices.map((food) => ({ value: String(food.id), label: food.name }))]}
          />
        )}
        <NumberInput
          label="Grams"
          value={line.grams}
          onChange={(value) => onChange((current) => ({ ...current, grams: fromNumberInput(value) }))}
          min={0}
          max={20000}
          decimalScale={1}
          allowNegative={false}
          error={error}
          disabled={!line.food}
          ref={gramsRef}
          w={140}
        />
        {searching && (
          <FoodPicker
            label={`Find a food for “${line.line}”`}
            maxResults={5}
            onPick={(food) => {
              onChange((current) => chooseFood(current, { id: food.id, name: food.name, source: food.source, source_id: food.source_id }));
              setSearching(false);
              // The food is set: the grams are what to check next.
              requestAnimationFrame(() => gramsRef.current?.focus());
            }}
          />
        )}
        <Group gap="xs">
          {!searching && (
            <Button variant="light" size="sm" mih={44} onClick={() => setSearching(true)} aria-label={`Search another food for “${line.line}”`}>
              Search another food
            </Button>
          )}
          <Button variant="subtle" color="red" size="sm" mih={44} onClick={onRemove} aria-label={`Remove “${line.line}”`}>
            Remove
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
