import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getTokens } from '../../lib/tokens';
import { fakeApi, renderWithApp, type FakeCall } from '../../test/render';
import SettingsPage from './settings';

const profile = {
  sex: 'female',
  birth_date: '1990-05-01',
  age_years: 35,
  height_cm: 170,
  weight_kg: 64,
  activity_level: 'light',
  goal: 'lose',
  rate_kg_per_week: 0.5,
  diet: 'omnivore',
  allergies: ['peanut'],
  excluded_food_ids: [2607],
  meals_per_day: 3,
  units: 'metric',
  life_stage: 'none',
  adaptive_targets: false,
  updated_at: '2026-03-01T10:00:00Z',
};

function serve(overrides: (call: FakeCall) => { status?: number; body?: unknown } | undefined = () => undefined) {
  let current: Record<string, unknown> = { ...profile };
  return fakeApi((call) => {
    const answer = overrides(call);
    if (answer) return answer;
    if (call.path === '/api/users/me' && call.method === 'GET') return { body: { id: 1, email: 'ann@example.com', name: null, created_at: '' } };
    if (call.path === '/api/profile' && call.method === 'GET') return { body: current };
    if (call.path === '/api/profile' && call.method === 'PUT') {
      current = { ...current, ...(call.body as object) };
      return { body: current };
    }
    if (call.path === '/api/targets') return { body: { energy_kcal: 1700, tdee_kcal: 2200, bmr_kcal: 1400, method: 'Mifflin-St Jeor', life_stage_group: 'F 31-50', notes: [], nutrients: {} } };
    if (call.path === '/api/foods/2607') return { body: { id: 2607, name: 'Bananas, raw', nutrients: {}, measures: [] } };
    return undefined;
  });
}

const puts = (calls: FakeCall[]) => calls.filter((c) => c.method === 'PUT' && c.path === '/api/profile').map((c) => c.body as Record<string, unknown>);

describe('SettingsPage', () => {
  afterEach(() => vi.restoreAllMocks());

  it('downloads the JSON export with everything the API returns', async () => {
    const user = userEvent.setup();
    const exported = { user: { email: 'ann@example.com' }, weights: [{ date: '2026-03-01', weight_kg: 64 }] };
    serve((call) => (call.path === '/api/users/me/export' ? { body: exported } : undefined));
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:export';
    });
    URL.revokeObjectURL = vi.fn();
    const downloads: string[] = [];
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download);
    });
    renderWithApp(<SettingsPage />, { path: '/settings', route: '/settings' });
    await user.click(await screen.findByRole('button', { name: 'Download my data (JSON)' }));
    await waitFor(() => expect(clicked).toHaveBeenCalledTimes(1));
    expect(downloads[0]).toMatch(/^diet-planner-export-\d{4}-\d{2}-\d{2}\.json$/);
    expect(JSON.parse(await blobs[0].text())).toEqual(exported);
  });

  it('downloads the weights as CSV and shows the API error when an export fails', async () => {
    const user = userEvent.setup();
    serve((call) => (call.path === '/api/users/me/export/weights.csv' ? { status: 503, body: { detail: 'Database unavailable' } } : undefined));
    URL.createObjectURL = vi.fn(() => 'blob:x');
    renderWithApp(<SettingsPage />, { path: '/settings', route: '/settings' });
    await user.click(await screen.findByRole('button', { name: 'Weights (CSV)' }));
    expect(await screen.findByText('Database unavailable')).toBeInTheDocument();
    expect(URL.createObjectURL).not.toHaveBeenCalled();
  });

  it('switches to imperial units at once and shows the profile in them', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<SettingsPage />, { path: '/settings', route: '/settings' });
    expect(await screen.findByRole('textbox', { name: /Height \(cm\)/ })).toHaveValue('170');
    await user.click(screen.getByRole('radio', { name: /Imperial/ }));
    await waitFor(() => expect(puts(server.calls)).toHaveLength(1));
    expect(puts(server.calls)[0]).toMatchObject({ units: 'imperial', weight_kg: 64, height_cm: 170, allergies: ['peanut'] });
    expect(await screen.findByRole('textbox', { name: /Height \(ft\)/ })).toHaveValue('5');
    expect(screen.getByRole('textbox', { name: /Height \(in\)/ })).toHaveValue('7');
    expect(screen.getByRole('textbox', { name: /Weight \(lb\)/ })).toHaveValue('141.1');
  });

  it('saves diet, allergies, meals per day and adaptive targets', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<SettingsPage />, { path: '/settings', route: '/settings' });
    await screen.findByRole('textbox', { name: /Height \(cm\)/ });
    await user.selectOptions(screen.getByLabelText('Diet'), 'vegetarian');
    await user.click(screen.getByRole('checkbox', { name: 'Sesame' }));
    await user.click(screen.getByRole('checkbox', { name: 'Peanut' }));
    await user.selectOptions(screen.getByLabelText('Meals per day'), '4');
    await user.click(screen.getByRole('switch', { name: /Adaptive targets/ }));
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(puts(server.calls)).toHaveLength(1));
    expect(puts(server.calls)[0]).toMatchObject({
      diet: 'vegetarian',
      allergies: ['sesame'],
      meals_per_day: 4,
      adaptive_targets: true,
      excluded_food_ids: [2607],
      rate_kg_per_week: 0.5,
    });
  });

  it('asks the trimester once pregnant and saves it', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<SettingsPage />, { path: '/settings', route: '/settings' });
    await screen.findByRole('textbox', { name: /Height \(cm\)/ });
    expect(screen.queryByLabelText('Trimester')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByLabelText('Life stage'), 'pregnant');
    await user.selectOptions(screen.getByLabelText(/Trimester/), '3');
    await user.click(screen.getByRole('button', { name: 'Save profile' }));
    await waitFor(() => expect(puts(server.calls)).toHaveLength(1));
    expect(puts(server.calls)[0]).toMatchObject({ life_stage: 'pregnant', trimester: 3 });
  });

  it('lists excluded foods by name and removes one', async () => {
    const user = userEvent.setup();
    const server = serve();
    renderWithApp(<SettingsPage />, { path: '/settings', route: '/settings' });
    const section = await screen.findByRole('region', { name: 'Excluded foods' });
    await user.click(await within(section).findByRole('button', { name: 'Remove Bananas, raw' }));
    await waitFor(() => expect(puts(server.calls)).toHaveLength(1));
    expect(puts(server.calls)[0].excluded_food_ids).toEqual([]);
    expect(await within(section).findByText('No foods excluded.')).toBeInTheDocument();
  });

  it('deletes the account after confirmation and signs out', async () => {
    const user = userEvent.setup();
    const server = serve((call) => (call.method === 'DELETE' && call.path === '/api/users/me' ? { status: 204 } : undefined));
    const { router } = renderWithApp(<SettingsPage />, {
      path: '/settings',
      route: '/settings',
      extraRoutes: [{ path: '/signin', element: <h1>Sign in</h1> }],
    });
    await user.click(await screen.findByRole('button', { name: 'Delete account' }));
    const dialog = await screen.findByRole('dialog', { name: 'Delete your account?' });
    expect(server.calls.some((c) => c.method === 'DELETE')).toBe(false);
    expect(within(dialog).getByRole('button', { name: 'Delete permanently' })).toBeDisabled();
    await user.type(within(dialog).getByLabelText(/Your password/), 'correct-horse-battery');
    await user.click(within(dialog).getByRole('button', { name: 'Delete permanently' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/signin'));
    const deletion = server.calls.find((c) => c.method === 'DELETE' && c.path === '/api/users/me');
    expect(deletion?.body).toEqual({ password: 'correct-horse-battery' });
    expect(getTokens()).toBeNull();
  });

  it('shows the API error when the account cannot be deleted', async () => {
    const user = userEvent.setup();
    serve((call) => (call.method === 'DELETE' ? { status: 503, body: { detail: 'Database unavailable' } } : undefined));
    renderWithApp(<SettingsPage />, { path: '/settings', route: '/settings' });
    await user.click(await screen.findByRole('button', { name: 'Delete account' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Your password/), 'correct-horse-battery');
    await user.click(within(dialog).getByRole('button', { name: 'Delete permanently' }));
    expect(await screen.findByText('Database unavailable')).toBeInTheDocument();
    expect(getTokens()).not.toBeNull();
  });

  it('changes the password with the current one and keeps this session', async () => {
    const user = userEvent.setup();
    const server = serve((call) =>
      call.path === '/api/auth/password'
        ? (call.body as { current_password: string }).current_password === 'old-passphrase-1'
          ? { status: 204 }
          : { status: 403, body: { detail: 'Incorrect password' } }
        : undefined,
    );
    renderWithApp(<SettingsPage />, { path: '/settings', route: '/settings' });
    const section = await screen.findByRole('region', { name: 'Password and sessions' });
    await user.type(within(section).getByLabelText(/Current password/), 'wrong-passphrase');
    await user.type(within(section).getByLabelText(/New password/), 'new-passphrase-22');
    await user.click(within(section).getByRole('button', { name: 'Change password' }));
    expect(await within(section).findByText('Incorrect password')).toBeInTheDocument();
    await user.clear(within(section).getByLabelText(/Current password/));
    await user.type(within(section).getByLabelText(/Current password/), 'old-passphrase-1');
    await user.click(within(section).getByRole('button', { name: 'Change password' }));
    await waitFor(() => expect(within(section).getByLabelText(/New password/)).toHaveValue(''));
    const changes = server.calls.filter((c) => c.path === '/api/auth/password');
    expect(changes.at(-1)?.body).toEqual({ current_password: 'old-passphrase-1', new_password: 'new-passphrase-22' });
    expect(getTokens()).not.toBeNull();
  });

  it('signs out everywhere and returns to sign-in', async () => {
    const user = userEvent.setup();
    const server = serve((call) => (call.path === '/api/auth/logout-all' ? { status: 204 } : undefined));
    const { router } = renderWithApp(<SettingsPage />, {
      path: '/settings',
      route: '/settings',
      extraRoutes: [{ path: '/signin', element: <h1>Sign in</h1> }],
    });
    await user.click(await screen.findByRole('button', { name: 'Sign out everywhere' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/signin'));
    expect(server.calls.some((c) => c.method === 'POST' && c.path === '/api/auth/logout-all')).toBe(true);
    expect(getTokens()).toBeNull();
  });
});
