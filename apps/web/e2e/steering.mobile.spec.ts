/** Issue 19 on a phone (390×844): swap a meal, quick add, confirm a clashing food, undo a delete, copy a day. */
import { test } from '@playwright/test';
import { steeringJourney } from './steering';

test.use({ viewport: { width: 390, height: 844 } });

test('steer a plan and log fast (phone)', async ({ page }, testInfo) => {
  await steeringJourney(page, testInfo, 'steer-phone');
});
