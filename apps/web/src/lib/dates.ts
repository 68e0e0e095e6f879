/** Calendar dates as the API's `YYYY-MM-DD`, in the user's local time zone (a day is the user's day). */
export function isoDate(date: Date): string {
  const y = date.getFullYear();
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

export const today = (): string => isoDate(new Date());

/** Parse `YYYY-MM-DD` as a local date (Date.parse would read it as UTC midnight). */
export function parseIsoDate(value: string): Date {
  const [y, m, d] = value.split('-').map(Number);
  return new Date(y, (m ?? 1) - 1, d ?? 1);
}

export function addDays(value: string, days: number): string {
  const date = parseIsoDate(value);
  date.setDate(date.getDate() + days);
  return isoDate(date);
}

/** "Mon 3 Mar" style label for a plan day. */
export function formatDay(value: string): string {
  return parseIsoDate(value).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
}
