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

/** DELETE /api/users/me, then forget the session: every record of the user is gone. */
export function useDeleteAccount() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/users/me')),
    onSuccess: () => {
      setTokens(null);
      queryClient.clear();
      navigate('/signin', { replace: true });
    },
  });
}
