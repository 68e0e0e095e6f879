import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { today } from '../../lib/dates';
import { fakeApi, renderWithApp } from '../../test/render';
import DashboardPage from './dashboard';

const emptyDay = (date: string) => ({ date, entries: [], totals: { energy_kcal: 0 }, targets: null, remaining: {} });

describe('DashboardPage', () => {
  it('says what to do next when nothing is planned, logged or weighed yet', async () => {
    fakeApi((call) => {
      if (call.path === '/api/profile') return { body: { units: 'metric' } };
      if (call.path === '/api/plans') return { body: { items: [], total: 0 } };
      if (call.path === `/api/diary/${today()}`) return { body: emptyDay(today()) };
      if (call.path === '/api/weights') return { body: { items: [], total: 0 } };
      return undefined;
    });
    renderWithApp(<DashboardPage />);
    expect(await screen.findByRole('heading', { name: 'No meals planned for today' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Generate a meal plan' })).toHaveAttribute('href', '/plans');
    expect(await screen.findByRole('heading', { name: 'No weigh-ins yet' })).toBeInTheDocument();
    expect(await screen.findByText(/Nothing logged yet today/)).toBeInTheDocument();
    expect(within(screen.getByRole('region', { name: "This week's adequacy" })).getByText('No plan covers this week yet.')).toBeInTheDocument();
  });

  it("shows the API's error detail in every section that could not load", async () => {
    fakeApi((call) => {
      if (call.path === '/api/profile') return { body: { units: 'metric' } };
      if (call.path === '/api/plans') return { status: 429, body: { detail: 'Slow down: 30 s before the next request' } };
      if (call.path === `/api/diary/${today()}`) return { status: 409, body: { detail: 'Create a profile first' } };
      if (call.path === '/api/weights') return { status: 404, body: { detail: 'No such user' } };
      return undefined;
    });
    renderWithApp(<DashboardPage />);
    const meals = await screen.findByRole('region', { name: "Today's planned meals" });
    expect(await within(meals).findByRole('alert')).toHaveTextContent('Slow down: 30 s before the next request');
    const adequacy = screen.getByRole('region', { name: "This week's adequacy" });
    expect(within(adequacy).getByText(/The plan could not be loaded: Slow down/)).toBeInTheDocument();
    expect(await within(screen.getByRole('region', { name: 'Eaten today' })).findByRole('alert')).toHaveTextContent('Create a profile first');
    expect(await within(screen.getByRole('region', { name: 'Weight trend' })).findByRole('alert')).toHaveTextContent('No such user');
  });
});
