/** The meal slots of a day, shared by the diary, the plans and logging from a food's page. */
export type Slot = 'breakfast' | 'lunch' | 'dinner' | 'snack';

export const SLOTS: Slot[] = ['breakfast', 'lunch', 'dinner', 'snack'];
export const SLOT_LABEL: Record<Slot, string> = { breakfast: 'Breakfast', lunch: 'Lunch', dinner: 'Dinner', snack: 'Snack' };

/** The label of a slot as the API names it; a slot this app does not know yet shows as it is. */
export function slotLabel(slot: string): string {
  return SLOT_LABEL[slot as Slot] ?? slot;
}
