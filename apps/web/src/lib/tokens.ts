/** Access and refresh tokens in localStorage, with listeners so the UI notices a sign-out. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  token_type?: string;
  expires_in?: number;
}

const KEY = 'diet-planner.tokens';
type Listener = (tokens: TokenPair | null) => void;
const listeners = new Set<Listener>();

export function getTokens(): TokenPair | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<TokenPair>;
    if (typeof parsed.access_token !== 'string' || typeof parsed.refresh_token !== 'string') return null;
    return parsed as TokenPair;
  } catch {
    return null;
  }
}

export function setTokens(tokens: TokenPair | null): void {
  if (tokens) localStorage.setItem(KEY, JSON.stringify(tokens));
  else {
    localStorage.removeItem(KEY);
    // The onboarding draft (features/profile/onboardingDraft.ts) belongs to whoever signed out.
    try {
      sessionStorage.removeItem('diet-planner.onboarding-draft');
    } catch {
      // No storage: nothing was kept.
    }
  }
  listeners.forEach((listener) => listener(tokens));
}

export function onTokensChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
