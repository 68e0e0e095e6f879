import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { NutrientBar } from './NutrientBar';

const renderBar = (props: Parameters<typeof NutrientBar>[0]) =>
  render(
    <MantineProvider>
      <NutrientBar {...props} />
    </MantineProvider>,
  );

describe('NutrientBar', () => {
  it('flags a shortfall with the amounts spelled out', () => {
    const { container } = renderBar({ label: 'Vitamin D', amount: 5, min: 15, max: 100, unit: 'µg' });
    expect(container.querySelector('[data-status]')).toHaveAttribute('data-status', 'low');
    expect(screen.getByText(/5\.0 µg \/ 15–100 µg · Below target/)).toBeInTheDocument();
  });

  it('flags an amount over the limit', () => {
    const { container } = renderBar({ label: 'Sodium', amount: 2600, max: 2300, unit: 'mg' });
    expect(container.querySelector('[data-status]')).toHaveAttribute('data-status', 'high');
    expect(screen.getByText(/2600 mg \/ ≤ 2300 mg · Above limit/)).toBeInTheDocument();
  });

  it('says nothing more when on target', () => {
    renderBar({ label: 'Protein', amount: 80, min: 55, unit: 'g' });
    expect(screen.getByText('80 g / ≥ 55 g')).toBeInTheDocument();
  });
});
