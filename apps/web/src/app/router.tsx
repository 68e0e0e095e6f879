/** Every route of the app. Pages are split into their own chunks and loaded when first visited. */
import { lazy, type ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from './AppLayout';
import { RedirectIfAuthenticated, RequireAuth, RequireProfile } from './guards';
import { PublicLayout } from './PublicLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';

const SignInPage = lazy(() => import('../features/auth/components/SignInPage'));
const SignUpPage = lazy(() => import('../features/auth/components/SignUpPage'));
const OnboardingPage = lazy(() => import('../features/profile/components/OnboardingPage'));
const DashboardPage = lazy(() => import('./routes/dashboard'));
const PlansPage = lazy(() => import('../features/plans/components/PlansPage'));
const RecipeDetailPage = lazy(() => import('../features/recipes/components/RecipeDetailPage'));
const GroceryPage = lazy(() => import('../features/plans/components/GroceryPage'));

const FoodsPage = lazy(() => import('../features/foods/components/FoodsPage'));
// The foods module may render the detail itself (reading :id) or export a separate FoodDetailPage.
const FoodDetailPage = lazy(() =>
  import('../features/foods/components/FoodsPage').then((module) => ({
    default: (module as { FoodDetailPage?: ComponentType }).FoodDetailPage ?? module.default,
  })),
);
const RecipesPage = lazy(() => import('../features/recipes/components/RecipesPage'));
const DiaryPage = lazy(() => import('../features/diary/components/DiaryPage'));
const WeightPage = lazy(() => import('../features/weight/components/WeightPage'));
const SettingsPage = lazy(() => import('./routes/settings'));

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      {
        element: <RedirectIfAuthenticated />,
        children: [
          {
            element: <PublicLayout />,
            children: [
              { path: 'signin', element: <SignInPage /> },
              { path: 'signup', element: <SignUpPage /> },
            ],
          },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <PublicLayout />,
            children: [{ path: 'onboarding', element: <OnboardingPage /> }],
          },
          {
            element: <AppLayout />,
            children: [
              {
                element: <RequireProfile />,
                children: [
                  { index: true, element: <DashboardPage /> },
                  { path: 'plans', element: <PlansPage /> },
                  { path: 'plans/:planId', element: <PlansPage /> },
                  { path: 'plans/recipes/:recipeId', element: <RecipeDetailPage /> },
                  { path: 'grocery', element: <GroceryPage /> },
                  { path: 'foods', element: <FoodsPage /> },
                  { path: 'foods/:id', element: <FoodDetailPage /> },
                  { path: 'recipes', element: <RecipesPage /> },
                  { path: 'recipes/*', element: <RecipesPage /> },
                  { path: 'diary', element: <DiaryPage /> },
                  { path: 'weight', element: <WeightPage /> },
                  { path: 'settings', element: <SettingsPage /> },
                ],
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];

export function createAppRouter() {
  return createBrowserRouter(routes);
}
