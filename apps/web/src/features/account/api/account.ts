/** Account actions of the settings page: the export downloads and deleting the account. */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { env } from '../../../config/env';
import { api, ApiError, authFetch, unwrap } from '../../../lib/api';
import { setTokens } from '../../../lib/tokens';

/** Save a text as a file through a temporary link (the export needs the bearer token, so no plain href). */
export function downloadText(text: string, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL goes.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function useExportJson() {
  return useMutation({
    mutationFn: async () => {
      const data = await unwrap(api.GET('/api/users/me/export'));
      return JSON.stringify(data, null, 2);
    },
  });
}

export function useExportCsv() {
  return useMutation({
    mutationFn: async (path: '/api/users/me/export/meal-logs.csv' | '/api/users/me/export/weights.csv') => {
      let response: Response;
      try {
        response = await authFetch(new Request(new URL(`${env.apiBaseUrl}${path}`, window.location.origin)));
      } catch {
        throw new ApiError(0, null);
      }
      const text = await response.text();
      if (!response.ok) {
        let body: unknown = null;
        try {
          body = JSON.parse(text);
        } catch {
          body = { detail: text.slice(0, 200) };
        }
        throw new ApiError(response.status, body);
      }
      return text;
    },
  });
}

/** Forget the session on this device and go to sign-in (after deletion or "sign out everywhere"). */
function useEndSession() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return () => {
    setTokens(null);
    queryClient.clear();
    navigate('/signin', { replace: true });
  };
}

/** DELETE /api/users/me with the password again (re-authentication), then forget the session. */
export function useDeleteAccount() {
  const endSession = useEndSession();
  return useMutation({
    mutationFn: (password: string) => unwrap(api.DELETE('/api/users/me', { body: { password } })),
    onSuccess: endSession,
  });
}

/** POST /api/auth/password: the API signs out every other session; this one stays. */
export function useChangePassword() {
  return useMutation({
    mutationFn: (body: { current_password: string; new_password: string }) =>
      unwrap(api.POST('/api/auth/password', { body })),
  });
}

/** POST /api/auth/logout-all: every session ends, this one included. */
export function useLogoutEverywhere() {
  const endSession = useEndSession();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/auth/logout-all')),
    onSuccess: endSession,
  });
}
