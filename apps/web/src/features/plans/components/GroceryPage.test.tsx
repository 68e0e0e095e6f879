import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderWithApp } from '../../../test/render';
import GroceryPage from './GroceryPage';

const list = {
  plan_id: 4,
  items: [
    { food_id: 10, name: 'Bananas, raw', group: 'Fruits and Fruit Juices', grams: 354, quantity: 3, unit: 'medium' },
    { food_id: 11, name: 'Oats', group: 'Cereal Grains and Pasta', grams: 453.59237, quantity: 455, unit: 'g' },
  ],
};

function serve(units: 'metric' | 'imperial') {
  return fakeApi((call) => {
    if (call.path === '/api/plans')
      return { body: { items: [{ id: 4, start_date: '2026-01-05', days: 3, meals_per_day: 3, created_at: '2026-01-05T08:00:00Z' }], total: 1 } };
    if (call.path === '/api/plans/4/grocery-list') return { body: list };
    if (call.path === '/api/profile') return { body: { units } };
    return undefined;
  });
}

describe('GroceryPage', () => {
  it('groups the newest plan list and keeps ticks after leaving the page', async () => {
    const user = userEvent.setup();
    serve('metric');
    const first = renderWithApp(<GroceryPage />, { path: '/grocery', route: '/grocery' });
    expect(await screen.findByRole('heading', { name: 'Fruits and Fruit Juices' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Cereal Grains and Pasta' })).toBeInTheDocument();
    const oats = screen.getByRole('checkbox', { name: /Oats/ });
    expect(oats).toHaveAccessibleName('455 g Oats');
    await user.click(oats);
    expect(screen.getByText('1 of 2 items checked')).toBeInTheDocument();
    first.unmount();

    renderWithApp(<GroceryPage />, { path: '/grocery', route: '/grocery?plan=4' });
    expect(await screen.findByRole('checkbox', { name: /Oats/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /Bananas/ })).not.toBeChecked();
  });

  it('shows amounts in imperial units when the profile asks for them', async () => {
    serve('imperial');
    renderWithApp(<GroceryPage />, { path: '/grocery', route: '/grocery' });
    expect(await screen.findByRole('checkbox', { name: '1 lb Oats' })).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: '3 medium Bananas, raw' })).toBeInTheDocument();
  });

  it('shows the API error detail', async () => {
    fakeApi((call) => (call.path === '/api/plans/99/grocery-list' ? { status: 404, body: { detail: 'Plan not found' } } : { body: { items: [], total: 0 } }));
    renderWithApp(<GroceryPage />, { path: '/grocery', route: '/grocery?plan=99' });
    expect(await screen.findByText('Plan not found')).toBeInTheDocument();
  });
});
