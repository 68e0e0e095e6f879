import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../lib/api';
import { ErrorState } from './states';

describe('ErrorState', () => {
  it("shows the API's detail and the planner's conflicts, and offers a retry", async () => {
    const retry = vi.fn();
    const error = new ApiError(422, {
      detail: 'No plan satisfies your diet and allergies',
      conflicts: ['vegan excludes every breakfast', 'peanut allergy excludes peanut butter'],
    });
    render(
      <MantineProvider env="test">
        <ErrorState error={error} title="Could not generate a plan" onRetry={retry} />
      </MantineProvider>,
    );
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('No plan satisfies your diet and allergies');
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'vegan excludes every breakfast',
      'peanut allergy excludes peanut butter',
    ]);
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(retry).toHaveBeenCalledOnce();
  });

  it("turns FastAPI's validation list into a sentence", () => {
    render(
      <MantineProvider env="test">
        <ErrorState error={new ApiError(422, { detail: [{ loc: ['body', 'days'], msg: 'must be at most 14' }] })} />
      </MantineProvider>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('days: must be at most 14');
  });
});
