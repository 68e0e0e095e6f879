import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { IncompleteNote, incompleteLines } from './IncompleteNote';

describe('IncompleteNote', () => {
  it('names the foods a total leaves out, for nutrients with a target only', () => {
    const incomplete = {
      vitamin_d_ug: ['Fish, salmon, Atlantic, wild, raw', 'Hummus', 'Tempeh', 'Chia seeds'],
      starch_g: ['Bananas, raw'],
    };
    const lines = incompleteLines(incomplete, ['vitamin_d_ug', 'energy_kcal']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/Fish, salmon, Atlantic, wild, raw; Hummus; Tempeh and 1 more$/);
  });

  it('shows nothing when every total is complete', () => {
    render(
      <MantineProvider>
        <IncompleteNote incomplete={{}} keys={['vitamin_d_ug']} />
      </MantineProvider>,
    );
    expect(screen.queryByTestId('incomplete-note')).toBeNull();
  });

  it('says how many totals may be low', () => {
    render(
      <MantineProvider>
        <IncompleteNote incomplete={{ choline_mg: ['Tempeh'] }} keys={['choline_mg']} />
      </MantineProvider>,
    );
    expect(screen.getByText('1 total may be low: some foods have no value for them')).toBeInTheDocument();
    expect(screen.getByText(/: no value for Tempeh$/)).toBeInTheDocument();
  });
});
