/**
 * Mantine's NumberInput reports a string while the text is not a finished number ("154." on the way to
 * "154.3"); turning that into '' would wipe what the person is typing, so keep its numeric value instead.
 */
export function fromNumberInput(value: string | number): number | '' {
  if (typeof value === 'number') return value;
  if (value.trim() === '') return '';
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : '';
}
