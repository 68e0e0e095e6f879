import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { today } from '../../../lib/dates';
import { fakeApi, renderWithApp } from '../../../test/render';
import WeightPage from './WeightPage';

function serve(units: 'metric' | 'imperial', progress: Record<string, unknown> = {}) {
  let weights = [
    { date: '2026-03-02', weight_kg: 70, trend_kg: 70.4 },
    { date: '2026-03-01', weight_kg: 71, trend_kg: 70.5 },
  ];
  return fakeApi((call) => {
    if (call.path === '/api/profile') return { body: { units } };
    if (call.path === '/api/targets') return { body: { energy_kcal: 1800, tdee_kcal: 2300, bmr_kcal: 1500, nutrients: {} } };
    if (call.path === '/api/weights' && call.method === 'GET') return { body: { items: weights, total: weights.length } };
    if (call.path === '/api/weights' && call.method === 'POST') {
      const body = call.body as { date: string; weight_kg: number };
      weights = [{ ...body, trend_kg: body.weight_kg }, ...weights.filter((w) => w.date !== body.date)];
      return { status: 201, body: { ...body, trend_kg: body.weight_kg } };
    }
    if (call.path === '/api/progress') {
      return {
        body: {
          trend_kg: 70.4,
          weekly_rate_kg: -0.5,
          estimated_tdee_kcal: 2412.4,
          suggested_energy_kcal: 1862,
          data_days: 21,
          weigh_ins: 12,
          mean_intake_kcal: 1950,
          window_start: '2026-02-01',
          window_end: '2026-02-28',
          confidence: 'medium',
          note: 'Estimated from 21 logged days.',
          ...progress,
        },
      };
    }
    return undefined;
  });
}

describe('WeightPage', () => {
  it('takes an imperial weight in pounds and sends kilograms', async () => {
    const user = userEvent.setup();
    const server = serve('imperial');
    renderWithApp(<WeightPage />, { path: '/weight', route: '/weight' });
    const input = await screen.findByRole('textbox', { name: /Weight \(lb\)/ });
    expect(screen.getByLabelText(/Date/)).toHaveValue(today());
    await user.type(input, '154.3');
    await user.click(screen.getByRole('button', { name: 'Log weight' }));
    await waitFor(() => expect(server.calls.some((c) => c.method === 'POST')).toBe(true));
    expect(server.calls.find((c) => c.method === 'POST')?.body).toEqual({ date: today(), weight_kg: 69.99 });
    const table = await screen.findByRole('table', { name: 'Weigh-ins' });
    // The new weigh-in comes first, then 70 kg (trend 70.4 kg) of the day before, all in pounds.
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    const [, newest, previous] = within(table).getAllByRole('row');
    expect(newest).toHaveTextContent('154.3 lb');
    expect(previous).toHaveTextContent('154.3 lb155.2 lb');
  });

  it('refuses a weight out of range without calling the API', async () => {
    const user = userEvent.setup();
    const server = serve('metric');
    renderWithApp(<WeightPage />, { path: '/weight', route: '/weight' });
    await user.type(await screen.findByRole('textbox', { name: /Weight \(kg\)/ }), '12');
    await user.click(screen.getByRole('button', { name: 'Log weight' }));
    expect(await screen.findByText('Weight must be between 20 and 400 kg.')).toBeInTheDocument();
    expect(server.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('shows the progress with the estimated TDEE and the weekly rate in the user units', async () => {
    serve('metric');
    renderWithApp(<WeightPage />, { path: '/weight', route: '/weight' });
    expect(await screen.findByTestId('progress-tdee')).toHaveTextContent('2412 kcal/day');
    expect(screen.getByTestId('progress-rate')).toHaveTextContent('−0.50 kg per week');
    expect(screen.getByTestId('progress-trend')).toHaveTextContent('70.4 kg');
    expect(screen.getByTestId('progress-suggested')).toHaveTextContent('1862 kcal/day');
    expect(screen.getByText('Estimated from 21 logged days.')).toBeInTheDocument();
    expect(screen.getByTestId('progress-basis')).toHaveTextContent(
      /^Energy balance from 21 logged days and 12 weigh-ins between .+\. You ate 1950 kcal a day on average\. Confidence: medium\.$/,
    );
  });

  it('says when there is not enough data for an estimate', async () => {
    serve('metric', { estimated_tdee_kcal: null, suggested_energy_kcal: null, confidence: null, data_days: 0, weigh_ins: 0, note: 'No food logged yet.' });
    renderWithApp(<WeightPage />, { path: '/weight', route: '/weight' });
    expect(await screen.findByTestId('progress-tdee')).toHaveTextContent('Not enough data yet');
    expect(screen.getByText('No food logged yet.')).toBeInTheDocument();
    expect(screen.queryByTestId('progress-basis')).not.toBeInTheDocument();
  });

  it('shows the API error detail when saving fails', async () => {
    const user = userEvent.setup();
    fakeApi((call) => {
      if (call.path === '/api/weights' && call.method === 'POST') return { status: 422, body: { detail: [{ loc: ['body', 'date'], msg: 'date is in the future' }] } };
      if (call.path === '/api/weights') return { body: { items: [], total: 0 } };
      if (call.path === '/api/profile') return { body: { units: 'metric' } };
      return undefined;
    });
    renderWithApp(<WeightPage />, { path: '/weight', route: '/weight' });
    expect(await screen.findByText('No weigh-ins yet')).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: /Weight \(kg\)/ }), '70');
    await user.click(screen.getByRole('button', { name: 'Log weight' }));
    expect(await screen.findByText('date: date is in the future')).toBeInTheDocument();
  });
});
