/** Render a page inside the app's providers, with a fake API answering by method and path. */
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { vi } from 'vitest';
import { AuthProvider } from '../lib/auth';
import { createQueryClient } from '../app/queryClient';
import { setTokens } from '../lib/tokens';

export interface FakeCall {
  method: string;
  path: string;
  search: string;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (call: FakeCall) => { status?: number; body?: unknown } | undefined;

/** Replace fetch with `handler`; unanswered requests get 404 so a missing route shows up in the test. */
export function fakeApi(handler: Handler) {
  const calls: FakeCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
    const call: FakeCall = { method: request.method, path: url.pathname, search: url.search, body: text ? JSON.parse(text) : null, headers: Object.fromEntries(request.headers.entries()) };
    calls.push(call);
    const answer = handler(call) ?? { status: 404, body: { detail: `no fake for ${call.method} ${call.path}` } };
    const status = answer.status ?? 200;
    return new Response(status === 204 ? null : JSON.stringify(answer.body ?? null), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export function renderWithApp(
  element: ReactElement,
  { path = '/', route = '/', extraRoutes = [] as RouteObject[], children = undefined as RouteObject[] | undefined } = {},
) {
  setTokens({ access_token: 'test-access', refresh_token: 'test-refresh' });
  const router = createMemoryRouter([{ path, element, children }, ...extraRoutes], { initialEntries: [route] });
  const queryClient = createQueryClient();
  return {
    router,
    queryClient,
    ...render(
      <MantineProvider env="test">
        <QueryClientProvider client={queryClient}>
          <AuthProvider>
            <RouterProvider router={router} />
          </AuthProvider>
        </QueryClientProvider>
      </MantineProvider>,
    ),
  };
}
