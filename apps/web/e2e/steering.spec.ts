/** Issue 19 on a desktop: swap a meal, quick add, confirm a clashing food, undo a delete, copy a day. */
import { test } from '@playwright/test';
import { steeringJourney } from './steering';

// Broken by the merge with the polish branch's diary layout (desktop); the phone journey covers the same steps.
test('steer a plan and log fast (desktop)', async ({ page }, testInfo) => {
  await steeringJourney(page, testInfo, 'steer-desktop');
});
