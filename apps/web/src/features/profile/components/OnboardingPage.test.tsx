import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeApi, renderWithApp } from '../../../test/render';
import OnboardingPage from './OnboardingPage';

const targets = {
  bmr_kcal: 1400,
  tdee_kcal: 1925,
  energy_kcal: 1425,
  method: 'Mifflin-St Jeor',
  life_stage_group: 'female 31-50',
  notes: [],
  nutrients: {
    energy_kcal: { min: 1354, max: 1496, unit: 'kcal', basis: 'goal' },
    protein_g: { min: 55, max: 125, unit: 'g', basis: 'RDA' },
    vitamin_c_mg: { min: 75, max: 2000, unit: 'mg', basis: 'RDA' },
  },
};

describe('OnboardingPage', () => {
  it('collects an imperial profile, saves it in metric and shows the targets', async () => {
    const user = userEvent.setup();
    let saved: Record<string, unknown> | null = null;
    const server = fakeApi((call) => {
      if (call.path === '/api/users/me') return { body: { id: 1, email: 'a@b.co', name: null, created_at: '2026-01-01T00:00:00Z' } };
      if (call.path === '/api/profile' && call.method === 'GET') return saved ? { body: saved } : { status: 404, body: { detail: 'No profile' } };
      if (call.path === '/api/profile' && call.method === 'PUT') {
        saved = { ...(call.body as object), age_years: 35, updated_at: '2026-01-01T00:00:00Z' };
        return { body: saved };
      }
      if (call.path === '/api/targets') return { body: targets };
      return undefined;
    });
    renderWithApp(<OnboardingPage />, { path: '/onboarding', route: '/onboarding' });

    await user.click(await screen.findByRole('radio', { name: /Imperial/ }));
    await user.click(screen.getByRole('radio', { name: 'Female' }));
    await user.type(screen.getByLabelText(/Date of birth/), '1990-05-17');
    await user.type(screen.getByRole('textbox', { name: /Height \(ft\)/ }), '5');
    await user.type(screen.getByRole('textbox', { name: /Height \(in\)/ }), '6');
    await user.type(screen.getByRole('textbox', { name: /Weight \(lb\)/ }), '150');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    await user.click(await screen.findByRole('radio', { name: 'Lose weight' }));
    await user.type(screen.getByRole('textbox', { name: /Rate \(lb per week\)/ }), '1');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    await user.click(await screen.findByRole('checkbox', { name: 'Peanut' }));
    await user.click(screen.getByRole('button', { name: 'Save and see my targets' }));

    expect(await screen.findByTestId('energy-target')).toHaveTextContent('1425 kcal');
    const put = server.calls.find((call) => call.method === 'PUT');
    expect(put?.body).toMatchObject({ sex: 'female', birth_date: '1990-05-17', units: 'imperial', allergies: ['peanut'], goal: 'lose' });
    const body = put?.body as { height_cm: number; weight_kg: number; rate_kg_per_week: number };
    expect(body.height_cm).toBeCloseTo(167.6, 1);
    expect(body.weight_kg).toBeCloseTo(68.04, 2);
    expect(body.rate_kg_per_week).toBeCloseTo(0.454, 3);
    const allTargets = screen.getByRole('button', { name: /Every nutrient target/ });
    await user.click(allTargets);
    expect(allTargets).toHaveAttribute('aria-expanded', 'true');
    // The panel opens with a height transition; wait for it to finish.
    await waitFor(() => expect(screen.getByText('Vitamin C')).toBeVisible());
  });

  it('stops on the first step and says what is missing', async () => {
    const user = userEvent.setup();
    fakeApi((call) => (call.path === '/api/profile' ? { status: 404, body: { detail: 'No profile' } } : undefined));
    renderWithApp(<OnboardingPage />, { path: '/onboarding', route: '/onboarding' });
    await user.click(await screen.findByRole('button', { name: 'Next' }));
    expect(screen.getByText('Enter your height.')).toBeInTheDocument();
    expect(screen.getByText('Enter your weight.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('heading', { name: 'About you' })).toBeInTheDocument());
  });
});
