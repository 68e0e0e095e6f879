import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { getTokens, setTokens } from '../../../lib/tokens';
import { fakeApi, renderWithApp } from '../../../test/render';
import SignInPage from './SignInPage';

describe('SignInPage', () => {
  it("shows the API's reason when the credentials are refused", async () => {
    const user = userEvent.setup();
    fakeApi((call) => (call.path === '/api/auth/login' ? { status: 401, body: { detail: 'Invalid email or password' } } : undefined));
    renderWithApp(<SignInPage />, { path: '/signin', route: '/signin' });
    setTokens(null); // renderWithApp signs in by default; this page is for signed-out visitors
    await user.type(await screen.findByRole('textbox', { name: 'Email' }), 'a@b.co');
    await user.type(screen.getByLabelText(/Password/), 'wrong-password-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password');
    expect(getTokens()).toBeNull();
  });

  it('stores the token pair on success', async () => {
    const user = userEvent.setup();
    const server = fakeApi((call) =>
      call.path === '/api/auth/login'
        ? { body: { access_token: 'acc', refresh_token: 'ref', token_type: 'bearer', expires_in: 900 } }
        : { body: { id: 1, email: 'a@b.co', name: null, created_at: '2026-01-01T00:00:00Z' } },
    );
    renderWithApp(<SignInPage />, { path: '/signin', route: '/signin' });
    setTokens(null);
    await user.type(await screen.findByRole('textbox', { name: 'Email' }), ' a@b.co ');
    await user.type(screen.getByLabelText(/Password/), 'right-password-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('button', { name: 'Sign in' });
    await expect.poll(() => getTokens()?.access_token).toBe('acc');
    expect(server.calls.find((call) => call.path === '/api/auth/login')?.body).toEqual({ email: 'a@b.co', password: 'right-password-1' });
  });
});
