/** The signed-in shell: a header with the menu button on small screens, and the navigation. */
import { AppShell, Burger, Button, Group, NavLink, ScrollArea, Text } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { Suspense, useEffect } from 'react';
import { NavLink as RouterNavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { LoadingState } from '../components/states';
import { useAuth } from '../lib/auth';

const NAV_ITEMS = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/plans', label: 'Meal plans' },
  { to: '/grocery', label: 'Grocery list' },
  { to: '/diary', label: 'Diary' },
  { to: '/foods', label: 'Foods' },
  { to: '/recipes', label: 'Recipes' },
  { to: '/weight', label: 'Weight' },
  { to: '/settings', label: 'Settings' },
];

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { user, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const isPhone = useMediaQuery('(max-width: 48em)');
  // Mantine slides the closed menu off-screen; hide it too, so Tab and screen readers skip it.
  const navHidden = Boolean(isPhone) && !opened;

  // On phones the menu covers the page: close it once the user has picked where to go.
  useEffect(() => close(), [location.pathname, close]);

  async function signOut() {
    await logout();
    navigate('/signin', { replace: true });
  }

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header className="no-print">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Text fw={700} size="lg" component={RouterNavLink} to="/" c="inherit" td="none">
              Diet Planner
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {user && (
              <Text size="sm" c="dimmed" visibleFrom="sm" truncate maw={240}>
                {user.email}
              </Text>
            )}
            <Button variant="subtle" size="compact-sm" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar
        p="xs"
        className="no-print"
        id="app-navigation"
        aria-label="Main navigation"
        component="nav"
        style={navHidden ? { visibility: 'hidden' } : undefined}
      >
        <ScrollArea>
          {NAV_ITEMS.map((item) => (
            <NavLink key={item.to} component={RouterNavLink} to={item.to} end={item.end} label={item.label} variant="filled" />
          ))}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
