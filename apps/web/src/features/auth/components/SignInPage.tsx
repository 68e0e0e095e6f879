import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useAuth } from '../../../lib/auth';
import { errorMessage } from '../../../components/states';
import { usePageTitle } from '../../../lib/usePageTitle';

export default function SignInPage() {
  usePageTitle('Sign in');
  const { login } = useAuth();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      // Success flips the auth state; the route guard then moves on to ?next= or the dashboard.
      await login(email.trim(), password);
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby="signin-title">
      <Stack>
        <Title order={2} id="signin-title">
          Sign in
        </Title>
        {error !== null && (
          <Alert color="red" role="alert" title="Could not sign in">
            {errorMessage(error)}
          </Alert>
        )}
        <TextInput
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <Button type="submit" loading={submitting} disabled={!email || !password}>
          Sign in
        </Button>
        <Text size="sm">
          New here?{' '}
          <Anchor component={Link} to={{ pathname: '/signup', search: location.search }}>
            Create an account
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
