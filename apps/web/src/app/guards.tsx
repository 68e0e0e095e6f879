/** Route guards: signed in, and (for most pages) a profile, else onboarding. */
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorState, LoadingState } from '../components/states';
import { useAuth } from '../lib/auth';
import { useProfile } from '../lib/profile';

export function RequireAuth() {
  const { isAuthenticated } = useAuth();
  const location = useLocation();
  if (!isAuthenticated) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/signin${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return <Outlet />;
}

export function RequireProfile() {
  const profile = useProfile();
  if (profile.isPending) return <LoadingState label="Loading your profile…" />;
  // Only a first load that failed: a failed refetch keeps the page (and what the person typed) on the data it has.
  if (profile.isLoadingError) return <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />;
  if (profile.data === null) return <Navigate to="/onboarding" replace />;
  return <Outlet />;
}

/** Sign-in and sign-up pages send a signed-in user on to the app. */
export function RedirectIfAuthenticated() {
  const { isAuthenticated } = useAuth();
  const location = useLocation();
  if (isAuthenticated) {
    const next = new URLSearchParams(location.search).get('next');
    // Only same-app paths: never an absolute URL from the query string.
    const target = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
    return <Navigate to={target} replace />;
  }
  return <Outlet />;
}
