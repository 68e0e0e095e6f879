/** Every route of the app. Pages are split into their own chunks and loaded when first visited. */
import { lazy, type ComponentType } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from './AppLayout';
import { RedirectIfAuthenticated, RequireAuth, RequireProfile } from './guards';
import { PublicLayout } from './PublicLayout';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';

const SignInPage = lazy(() => import('../pages/auth/SignInPage'));
const SignUpPage = lazy(() => import('../pages/auth/SignUpPage'));
const OnboardingPage = lazy(() => import('../pages/onboarding'));
const DashboardPage = lazy(() => import('../pages/dashboard'));
const PlansPage = lazy(() => import('../pages/plans'));
const RecipeDetailPage = lazy(() => import('../pages/plans/RecipeDetailPage'));
const GroceryPage = lazy(() => import('../pages/grocery'));

const FoodsPage = lazy(() => import('../pages/foods'));
// The foods module may render the detail itself (reading :id) or export a separate FoodDetailPage.
const FoodDetailPage = lazy(() =>
  import('../pages/foods').then((module) => ({
    default: (module as { FoodDetailPage?: ComponentType }).FoodDetailPage ?? module.default,
  })),
);
const RecipesPage = lazy(() => import('../pages/recipes'));
const DiaryPage = lazy(() => import('../pages/diary'));
const WeightPage = lazy(() => import('../pages/weight'));
const SettingsPage = lazy(() => import('../pages/settings'));

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
