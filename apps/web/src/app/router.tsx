/** Every route of the app. Pages are split into their own chunks and loaded when first visited. */
import { lazy } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from './AppLayout';
import { RedirectIfAuthenticated, RequireAuth, RequireProfile } from './guards';
import { PublicLayout } from './PublicLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';

// Pages of one feature load straight from it; pages that compose features have a route file in ./routes.
const SignInPage = lazy(() => import('../features/auth/components/SignInPage'));
const SignUpPage = lazy(() => import('../features/auth/components/SignUpPage'));
const OnboardingPage = lazy(() => import('../features/profile/components/OnboardingPage'));
const DashboardPage = lazy(() => import('./routes/dashboard'));
const PlansPage = lazy(() => import('./routes/plans'));
const RecipeDetailPage = lazy(() => import('../features/recipes/components/RecipeDetailPage'));
const GroceryPage = lazy(() => import('../features/plans/components/GroceryPage'));
const FoodsPage = lazy(() => import('./routes/foods'));
const FoodDetailPage = lazy(() => import('./routes/food-detail'));
const RecipesPage = lazy(() => import('../features/recipes/components/RecipesPage'));
const DiaryPage = lazy(() => import('./routes/diary'));
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
