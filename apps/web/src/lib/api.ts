/** The API client: openapi-fetch typed by the generated schema, plus error handling shared by features. */
import createClient from 'openapi-fetch';
import type { paths } from '../client/schema';
import { env } from '../config/env';
import { createAuthFetch } from './authFetch';

/** An API error carrying the contract's `detail` as a readable message. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: unknown;

  constructor(status: number, body: unknown) {
    super(detailMessage(status, body));
    this.name = 'ApiError';
    this.status = status;
    this.body = body;
  }
}

interface ValidationItem {
  loc?: (string | number)[];
  msg?: string;
}

/** Turn `{"detail": "..."}` or FastAPI's list form into one sentence a person can read. */
export function detailMessage(status: number, body: unknown): string {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === 'string' && detail) return detail;
  if (Array.isArray(detail) && detail.length) {
    return (detail as ValidationItem[])
      .map((item) => {
        const field = (item.loc ?? []).filter((part) => part !== 'body' && part !== 'query').join('.');
        return field ? `${field}: ${item.msg ?? 'invalid'}` : (item.msg ?? 'invalid');
      })
      .join('; ');
  }
  if (status === 0) return 'Could not reach the server. Check your connection and try again.';
  return `Request failed (HTTP ${status})`;
}

let sessionExpiredHandler: () => void = () => undefined;
/** The auth feature registers what to do when the session cannot be renewed. */
export function setSessionExpiredHandler(handler: () => void): void {
  sessionExpiredHandler = handler;
}

export const authFetch = createAuthFetch({
  refreshUrl: `${env.apiBaseUrl}/api/auth/refresh`,
  onSessionExpired: () => sessionExpiredHandler(),
});

export const api = createClient<paths>({ baseUrl: env.apiBaseUrl, fetch: authFetch });

/** Unwrap an openapi-fetch result: the data, or an ApiError with the API's detail. */
export async function unwrap<T>(
  promise: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await promise;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw new ApiError(0, null);
  }
  if (!result.response.ok) throw new ApiError(result.response.status, result.error ?? null);
  return result.data as T;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * A request for an endpoint of API.md that the generated schema does not have yet; features switch to
 * `api.GET(...)` once `npm run gen:api` brings the endpoint in.
 */
export async function request<T>(
  method: Method,
  path: string,
  options: { body?: unknown; query?: Record<string, string | number | boolean | undefined | null> } = {},
): Promise<T> {
  const url = new URL(`${env.apiBaseUrl}${path}`, window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
  }
  const init: RequestInit = { method, headers: { Accept: 'application/json' } };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await authFetch(new Request(url, init));
  } catch {
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let body: unknown = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch {
      body = { detail: text.slice(0, 200) };
    }
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body as T;
}
