import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createAuthFetch } from './authFetch';
import { getTokens, setTokens } from './tokens';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A fake API: accepts only the current access token and rotates refresh tokens like the real one. */
function fakeApi(initial = { access: 'a1', refresh: 'r1' }) {
  let validAccess = initial.access;
  let validRefresh = initial.refresh;
  let counter = 1;
  const calls: { path: string; auth: string | null; body: string | null }[] = [];
  const fetch = vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    const body = request.body ? await request.text() : null;
    calls.push({ path, auth: request.headers.get('Authorization'), body });
    if (path === '/api/auth/refresh') {
      const { refresh_token } = JSON.parse(body ?? '{}') as { refresh_token: string };
      if (refresh_token !== validRefresh) return json(401, { detail: 'Invalid refresh token' });
      counter += 1;
      validAccess = `a${counter}`;
      validRefresh = `r${counter}`;
      return json(200, { access_token: validAccess, refresh_token: validRefresh, token_type: 'bearer', expires_in: 60 });
    }
    if (request.headers.get('Authorization') !== `Bearer ${validAccess}`) return json(401, { detail: 'expired' });
    return json(200, { ok: true, echo: body });
  });
  return {
    fetch,
    calls,
    expireAccess: () => {
      validAccess = 'something-else';
    },
    revokeRefresh: () => {
      validRefresh = 'revoked';
    },
  };
}

describe('createAuthFetch', () => {
  beforeEach(() => setTokens({ access_token: 'a1', refresh_token: 'r1' }));

  it('sends the bearer token', async () => {
    const server = fakeApi();
    const authFetch = createAuthFetch({ fetch: server.fetch, refreshUrl: 'http://x/api/auth/refresh' });
    const response = await authFetch(new Request('http://x/api/users/me'));
    expect(response.status).toBe(200);
    expect(server.calls[0].auth).toBe('Bearer a1');
  });

  it('refreshes once on 401, stores the rotated pair and retries with the same body', async () => {
    const server = fakeApi();
    server.expireAccess();
    const authFetch = createAuthFetch({ fetch: server.fetch, refreshUrl: 'http://x/api/auth/refresh' });
    const response = await authFetch(
      new Request('http://x/api/weights', { method: 'POST', body: JSON.stringify({ weight_kg: 70 }) }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { echo: string }).echo).toBe('{"weight_kg":70}');
    expect(server.calls.map((call) => call.path)).toEqual(['/api/weights', '/api/auth/refresh', '/api/weights']);
    expect(getTokens()).toMatchObject({ access_token: 'a2', refresh_token: 'r2' });
  });

  it('shares one refresh between concurrent 401s (refresh tokens rotate)', async () => {
    const server = fakeApi();
    server.expireAccess();
    const authFetch = createAuthFetch({ fetch: server.fetch, refreshUrl: 'http://x/api/auth/refresh' });
    const responses = await Promise.all([
      authFetch(new Request('http://x/api/profile')),
      authFetch(new Request('http://x/api/targets')),
      authFetch(new Request('http://x/api/plans')),
    ]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.calls.filter((call) => call.path === '/api/auth/refresh')).toHaveLength(1);
  });

  it('signs out when the refresh token is refused', async () => {
    const server = fakeApi();
    server.expireAccess();
    server.revokeRefresh();
    const onSessionExpired = vi.fn();
    const authFetch = createAuthFetch({ fetch: server.fetch, refreshUrl: 'http://x/api/auth/refresh', onSessionExpired });
    const response = await authFetch(new Request('http://x/api/users/me'));
    expect(response.status).toBe(401);
    expect(onSessionExpired).toHaveBeenCalledTimes(1);
    expect(getTokens()).toBeNull();
  });

  it('never attaches tokens to login or tries to refresh it', async () => {
    const server = fakeApi();
    const authFetch = createAuthFetch({ fetch: server.fetch, refreshUrl: 'http://x/api/auth/refresh' });
    await authFetch(new Request('http://x/api/auth/login', { method: 'POST', body: '{}' }));
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0].auth).toBeNull();
  });

  it('does not refresh when signed out', async () => {
    setTokens(null);
    const server = fakeApi();
    const authFetch = createAuthFetch({ fetch: server.fetch, refreshUrl: 'http://x/api/auth/refresh' });
    const response = await authFetch(new Request('http://x/api/users/me'));
    expect(response.status).toBe(401);
    expect(server.calls).toHaveLength(1);
  });
});
