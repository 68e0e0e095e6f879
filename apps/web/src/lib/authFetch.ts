/** fetch with the bearer token, and one silent refresh-and-retry when the access token has expired. */
import { getTokens, setTokens, type TokenPair } from './tokens';

type Fetch = (input: Request) => Promise<Response>;

export interface AuthFetchOptions {
  /** The real fetch (injected so tests can drive it). */
  fetch?: Fetch;
  /** URL of the refresh endpoint, e.g. "/api/auth/refresh". */
  refreshUrl: string;
  /** Called when the session cannot be renewed: tokens are already cleared. */
  onSessionExpired?: () => void;
}

// Requests to these never carry a token and never trigger a refresh.
const PUBLIC_AUTH = /\/api\/auth\/(login|register|refresh)$/;

export function createAuthFetch(options: AuthFetchOptions): Fetch {
  const baseFetch: Fetch = options.fetch ?? ((input) => globalThis.fetch(input));
  // One refresh at a time: concurrent 401s wait on the same promise, because the API rotates refresh
  // tokens and a second refresh with the old token would fail and sign the user out.
  let refreshing: Promise<TokenPair | null> | null = null;

  async function refresh(refreshToken: string): Promise<TokenPair | null> {
    try {
      const response = await baseFetch(
        new Request(new URL(options.refreshUrl, baseHref()), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ refresh_token: refreshToken }),
        }),
      );
      if (!response.ok) return null;
      const pair = (await response.json()) as TokenPair;
      setTokens(pair);
      return pair;
    } catch {
      return null;
    }
  }

  function withToken(request: Request, token: string | undefined): Request {
    const copy = new Request(request);
    if (token) copy.headers.set('Authorization', `Bearer ${token}`);
    return copy;
  }

  return async function authFetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (PUBLIC_AUTH.test(path)) return baseFetch(request);

    const tokens = getTokens();
    // Keep an untouched copy: a Request body can be read only once, and we may need to resend it.
    const spare = request.clone();
    const response = await baseFetch(withToken(request, tokens?.access_token));
    if (response.status !== 401 || !tokens) return response;

    const current = getTokens();
    let renewed: TokenPair | null;
    if (current && current.access_token !== tokens.access_token) {
      renewed = current; // another request already refreshed while this one was in flight
    } else {
      refreshing ??= refresh(tokens.refresh_token).finally(() => {
        refreshing = null;
      });
      renewed = await refreshing;
    }
    if (!renewed) {
      setTokens(null);
      options.onSessionExpired?.();
      return response;
    }
    const retried = await baseFetch(withToken(spare, renewed.access_token));
    if (retried.status === 401) {
      setTokens(null);
      options.onSessionExpired?.();
    }
    return retried;
  };
}

function baseHref(): string {
  return typeof window !== 'undefined' ? window.location.href : 'http://localhost/';
}
