/** Quantity and measure of a food (g, oz, lb or its household measures), with the grams it comes to. */
import { Group, NativeSelect, NumberInput, Text } from '@mantine/core';
import { formatFoodMass, type Units } from '../lib/units';
import { convertQuantity, gramsFor, isMassUnit, measureLabel, orderedMeasures, type Measure } from '../lib/measures';
import { fromNumberInput } from '../lib/numberInput';

export interface Portion {
  quantity: number | '';
  measureName: string;
}

export interface MeasurePickerProps {
  measures: Measure[];
  units: Units;
  value: Portion;
  onChange: (value: Portion) => void;
  quantityLabel?: string;
  measureLabelText?: string;
  error?: string;
  /** A `data-focus-key` for the quantity, so a form can hand it the keyboard (lib/focus). */
  quantityFocusKey?: string;
}

export function findMeasure(measures: Measure[], name: string): Measure | undefined {
  return measures.find((measure) => measure.name === name);
}

/** Grams of a portion, or null while it is incomplete. */
export function portionGrams(measures: Measure[], portion: Portion): number | null {
  return gramsFor(portion.quantity, findMeasure(measures, portion.measureName));
}

/**
 * The portion after choosing another measure. Into a mass unit the amount of food is kept (1 medium banana
 * becomes 118 g, not 1 g); into a household measure it starts at one of it (people count cups, not 0.42 cup).
 */
export function switchMeasure(value: Portion, from: Measure | undefined, to: Measure | undefined): Portion {
  if (!to) return value;
  if (!isMassUnit(to.name)) return { measureName: to.name, quantity: to.amount };
  if (from && value.quantity !== '' && value.quantity > 0) {
    return { measureName: to.name, quantity: convertQuantity(value.quantity, from, to) };
  }
  return { ...value, measureName: to.name };
}

export function MeasurePicker({
  measures,
  units,
  value,
  onChange,
  quantityLabel = 'Quantity',
  measureLabelText = 'Measure',
  error,
  quantityFocusKey,
}: MeasurePickerProps) {
  const options = orderedMeasures(measures, units);
  const grams = portionGrams(measures, value);
  const formatMass = (g: number) => formatFoodMass(g, units);

  function changeMeasure(name: string) {
    const from = findMeasure(measures, value.measureName);
    const to = findMeasure(measures, name);
    onChange(switchMeasure(value, from, to));
  }

  return (
    <Group align="flex-start" gap="sm" wrap="wrap">
      <NumberInput
        label={quantityLabel}
        value={value.quantity}
        onChange={(next) => onChange({ ...value, quantity: fromNumberInput(next) })}
        min={0}
        step={1}
        decimalScale={2}
        clampBehavior="none"
        w={110}
        error={error}
        required
        data-focus-key={quantityFocusKey}
      />
      <NativeSelect
        label={measureLabelText}
        value={value.measureName}
        onChange={(event) => changeMeasure(event.currentTarget.value)}
        data={options.map((measure) => ({ value: measure.name, label: measureLabel(measure, formatMass) }))}
        style={{ flex: '1 1 180px', minWidth: 0 }}
      />
      <Text size="sm" c="dimmed" mt={30} aria-live="polite" data-testid="portion-grams">
        {grams === null ? '' : `= ${formatMass(grams)}`}
      </Text>
    </Group>
  );
}
