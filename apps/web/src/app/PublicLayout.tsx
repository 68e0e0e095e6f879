/** The frame for pages outside the app shell: sign in, sign up and onboarding. */
import { Button, Container, Group, Paper, Title } from '@mantine/core';
import { Suspense } from 'react';
import { Outlet, useNavigate } from 'react-router';
import { LoadingState } from '../components/states';
import { useAuth } from '../lib/auth';

export function PublicLayout() {
  const { isAuthenticated, logout } = useAuth();
  const navigate = useNavigate();
  return (
    <Container size={560} py="xl" px="md" component="main" id="main">
      <Group justify="center" pos="relative" mb="lg">
        <Title order={1} size="h3" ta="center" c="brand.8">
          Diet Planner
        </Title>
        {isAuthenticated && (
          <Button
            variant="subtle"
            size="compact-sm"
            pos="absolute"
            right={0}
            onClick={() => void logout().then(() => navigate('/signin', { replace: true }))}
          >
            Sign out
          </Button>
        )}
      </Group>
      <Paper withBorder shadow="sm" p={{ base: 'md', sm: 'xl' }} radius="md">
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </Paper>
    </Container>
  );
}
