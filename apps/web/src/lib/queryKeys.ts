/** Query keys shared between features, so a mutation in one page refreshes what another page shows. */
export const queryKeys = {
  me: ['me'] as const,
  profile: ['profile'] as const,
  targets: ['targets'] as const,
  plans: ['plans'] as const,
  plan: (id: number) => ['plans', id] as const,
  grocery: (planId: number) => ['plans', planId, 'grocery'] as const,
  recipe: (id: number) => ['recipes', id] as const,
  diary: (date: string) => ['diary', date] as const,
  weights: ['weights'] as const,
  progress: ['progress'] as const,
};
