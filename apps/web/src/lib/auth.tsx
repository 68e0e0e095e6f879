/** Who is signed in: tokens in localStorage, the user from GET /api/users/me, and sign in/up/out. */
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { components } from '../client/schema';
import { api, setSessionExpiredHandler, unwrap } from './api';
import { getTokens, onTokensChange, setTokens, type TokenPair } from './tokens';
import { queryKeys } from './queryKeys';

export type User = components['schemas']['UserRead'];

export interface AuthValue {
  user: User | undefined;
  isAuthenticated: boolean;
  /** True while the signed-in user's record is first being fetched. */
  isLoadingUser: boolean;
  login: (email: string, password: string) => Promise<void>;
  register: (email: string, password: string, name?: string) => Promise<void>;
  logout: () => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [tokens, setTokenState] = useState<TokenPair | null>(() => getTokens());

  useEffect(() => onTokensChange(setTokenState), []);
  useEffect(() => {
    // The refresh token was refused: drop everything cached for the old session.
    setSessionExpiredHandler(() => {
      queryClient.clear();
      notifications.show({ color: 'yellow', title: 'Signed out', message: 'Your session has ended. Please sign in again.' });
    });
    return () => setSessionExpiredHandler(() => undefined);
  }, [queryClient]);
  // Another tab signing in or out changes localStorage; follow it.
  useEffect(() => {
    const onStorage = () => setTokenState(getTokens());
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const isAuthenticated = tokens !== null;
  const me = useQuery({
    queryKey: queryKeys.me,
    queryFn: () => unwrap(api.GET('/api/users/me')),
    enabled: isAuthenticated,
  });

  const login = useCallback(
    async (email: string, password: string) => {
      const pair = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
      queryClient.clear();
      setTokens(pair);
    },
    [queryClient],
  );

  const register = useCallback(
    async (email: string, password: string, name?: string) => {
      await unwrap(api.POST('/api/auth/register', { body: { email, password, name: name || null } }));
      await login(email, password);
    },
    [login],
  );

  const logout = useCallback(async () => {
    const current = getTokens();
    if (current) {
      // Revoking the refresh token is best effort: the local sign-out happens whatever the server says.
      await api.POST('/api/auth/logout', { body: { refresh_token: current.refresh_token } }).catch(() => undefined);
    }
    setTokens(null);
    queryClient.clear();
    // Messages about the old session's actions mean nothing to whoever signs in next.
    notifications.clean();
  }, [queryClient]);

  const value = useMemo<AuthValue>(
    () => ({
      user: isAuthenticated ? me.data : undefined,
      isAuthenticated,
      isLoadingUser: isAuthenticated && me.isPending,
      login,
      register,
      logout,
    }),
    [isAuthenticated, me.data, me.isPending, login, register, logout],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>');
  return value;
}
