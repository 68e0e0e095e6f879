/** The web app's build-time settings: the only module that reads import.meta.env. */
export const env = {
  /** Empty means same origin: the API serves the built app, and the dev server proxies /api. */
  apiBaseUrl: (import.meta.env.VITE_API_BASE_URL as string | undefined) ?? '',
  isDev: import.meta.env.DEV,
  mode: import.meta.env.MODE,
} as const;
