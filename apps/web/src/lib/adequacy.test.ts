import { describe, expect, it } from 'vitest';
import { adequacy } from './adequacy';

describe('adequacy', () => {
  it.each([
    // amount, min, max, status
    [50, 60, null, 'low'],
    [60, 60, null, 'ok'],
    [2400, null, 2300, 'high'],
    [2300, null, 2300, 'ok'],
    [1900, 1800, 2000, 'ok'],
    [2100, 1800, 2000, 'high'],
    [1700, 1800, 2000, 'low'],
    [null, 60, null, 'unknown'],
    [10, null, null, 'unknown'],
  ] as const)('%s against [%s, %s] is %s', (amount, min, max, status) => {
    expect(adequacy(amount, { min, max }).status).toBe(status);
  });

  it('measures percentages against the minimum, else the maximum', () => {
    expect(adequacy(45, { min: 90, max: 2000 }).percent).toBe(50);
    expect(adequacy(1150, { max: 2300 }).percent).toBe(50);
  });

  it('says how far off the range the amount is', () => {
    expect(adequacy(7, { min: 15 }).shortBy).toBe(8);
    expect(adequacy(2500, { max: 2300 }).overBy).toBe(200);
    expect(adequacy(20, { min: 15 }).shortBy).toBeNull();
  });
});
