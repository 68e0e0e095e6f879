import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { queryKeys } from '../lib/queryKeys';
import { fakeApi, renderWithApp } from '../test/render';
import { RequireProfile } from './guards';

describe('RequireProfile', () => {
  it('keeps the page, and what the person typed, when a background refetch of the profile fails', async () => {
    let status = 200;
    fakeApi((call) => {
      if (call.path !== '/api/profile') return undefined;
      return status === 200 ? { body: { units: 'metric' } } : { status, body: { detail: 'Too many requests' } };
    });
    const { queryClient } = renderWithApp(<RequireProfile />, {
      route: '/page',
      children: [{ path: 'page', element: <input aria-label="Note" /> }],
    });
    const note = await screen.findByRole('textbox', { name: 'Note' });
    await userEvent.type(note, 'half a sentence');

    // A later refetch (another component mounting after the data went stale) is answered 429.
    status = 429;
    await act(() => queryClient.refetchQueries({ queryKey: queryKeys.profile }));
    expect(queryClient.getQueryState(queryKeys.profile)?.status).toBe('error');
    // The error is drawn on the next render: give it one.
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(screen.getByRole('textbox', { name: 'Note' })).toHaveValue('half a sentence');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says so when the profile cannot be loaded at all', async () => {
    fakeApi((call) => (call.path === '/api/profile' ? { status: 429, body: { detail: 'Too many requests' } } : undefined));
    renderWithApp(<RequireProfile />, { route: '/page', children: [{ path: 'page', element: <input aria-label="Note" /> }] });
    expect(await screen.findByText(/Too many requests/)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Note' })).not.toBeInTheDocument();
  });
});
