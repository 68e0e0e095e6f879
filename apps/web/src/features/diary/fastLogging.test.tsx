import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ConflictBadges, conflictSentence } from '../../components/ConflictBadges';
import { defaultPortion } from '../../lib/measures';
import { defaultCopyTarget } from './components/CopyEntries';
import { quickAddProblem } from './components/QuickAddForm';
import { RemainingLine } from './components/RemainingLine';
import { remainingEquation } from './diary';

const withMantine = (node: React.ReactNode) => render(<MantineProvider>{node}</MantineProvider>);

describe('Goal − Food = Remaining', () => {
  it('subtracts what was eaten from the goal, with thousands separators', () => {
    expect(remainingEquation(1649.6, 1381.2)).toEqual({ goal: '1,650', food: '1,381', remaining: '269', over: false });
    expect(remainingEquation(2000, null)).toEqual({ goal: '2,000', food: '0', remaining: '2,000', over: false });
    expect(remainingEquation(1800, 2100)?.over).toBe(true);
    expect(remainingEquation(null, 500)).toBeNull();
  });

  it('shows the three terms and says when the day is over', () => {
    withMantine(<RemainingLine goal={1800} food={2100} />);
    expect(screen.getByText('1,800')).toBeInTheDocument();
    expect(screen.getByText('2,100')).toBeInTheDocument();
    expect(screen.getByText('-300')).toBeInTheDocument();
    expect(screen.getByText('Over (kcal)')).toBeInTheDocument();
  });
});

describe('quick add', () => {
  it('rejects missing, negative and absurd numbers with a message', () => {
    expect(quickAddProblem('', {})?.field).toBe('energy');
    expect(quickAddProblem(-20, {})?.message).toMatch(/more than 0/);
    expect(quickAddProblem(20_000, {})?.message).toMatch(/10,000/);
    expect(quickAddProblem(300, { protein: -5 })?.field).toBe('protein');
    expect(quickAddProblem(300, { protein: 20, fat: '' })).toBeNull();
  });
});

describe('copy target', () => {
  it('copies to today from another day, and to tomorrow from today', () => {
    expect(defaultCopyTarget('2026-03-01', '2026-03-05')).toBe('2026-03-05');
    expect(defaultCopyTarget('2026-03-05', '2026-03-05')).toBe('2026-03-06');
  });
});

describe('default portion', () => {
  const measures = [
    { name: 'cup, mashed', amount: 1, grams: 225 },
    { name: 'medium (7" to 7-7/8" long)', amount: 1, grams: 118 },
    { name: 'g', amount: 100, grams: 100 },
  ];

  it("starts at the API's household measure when the food lists it", () => {
    expect(defaultPortion(measures, 'metric', { quantity: 1, unit: 'medium (7" to 7-7/8" long)' })).toEqual({
      quantity: 1,
      measureName: 'medium (7" to 7-7/8" long)',
    });
  });

  it('gives a food served by weight that weight in the person\'s mass unit', () => {
    expect(defaultPortion(measures, 'metric', { quantity: 1, unit: 'oz', grams: 28.4 })).toEqual({ quantity: 28, measureName: 'g' });
    expect(defaultPortion(measures, 'imperial', { quantity: 1, unit: 'oz', grams: 28.4 })).toEqual({ quantity: 1, measureName: 'oz' });
  });

  it('falls back to 100 g or 4 oz', () => {
    expect(defaultPortion(measures, 'metric', { quantity: 1, unit: 'slice' })).toEqual({ quantity: 100, measureName: 'g' });
    expect(defaultPortion([], 'imperial', null)).toEqual({ quantity: 4, measureName: 'oz' });
  });
});

describe('conflict badges', () => {
  const conflicts = [
    { kind: 'allergy' as const, name: 'tree_nut', certainty: 'contains' as const, label: 'Contains tree nuts' },
    { kind: 'diet' as const, name: 'vegan', certainty: 'may_contain' as const, label: 'Not vegan: may contain milk' },
  ];

  it('shows each conflict in words and nothing when there is none', () => {
    const { container, rerender } = withMantine(<ConflictBadges conflicts={conflicts} />);
    expect(screen.getByText(/Contains tree nuts/)).toBeInTheDocument();
    expect(screen.getByText(/Not vegan: may contain milk/)).toBeInTheDocument();
    rerender(
      <MantineProvider>
        <ConflictBadges conflicts={[]} />
      </MantineProvider>,
    );
    expect(container.querySelector('[data-testid="conflicts"]')).toBeNull();
    expect(conflictSentence(conflicts)).toBe('Contains tree nuts; Not vegan: may contain milk');
  });
});
