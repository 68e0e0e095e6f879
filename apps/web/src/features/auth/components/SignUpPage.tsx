import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useAuth } from '../../../lib/auth';
import { errorMessage } from '../../../components/states';
import { usePageTitle } from '../../../lib/usePageTitle';

// The API's rule (core/security.py); checked here too so the user hears about it before submitting.
export const MIN_PASSWORD_LENGTH = 10;

export function signUpProblem(email: string, password: string, confirm: string): string | null {
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) return 'Enter a valid email address.';
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters for the password.`;
  if (password !== confirm) return 'The passwords do not match.';
  return null;
}

export default function SignUpPage() {
  usePageTitle('Create an account');
  const { register } = useAuth();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const problem = signUpProblem(email, password, confirm);
    if (problem) {
      setError(new Error(problem));
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      // Signed in straight away; a new account has no profile, so the guard sends it to onboarding.
      await register(email.trim(), password, name.trim() || undefined);
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby="signup-title">
      <Stack>
        <Title order={2} id="signup-title">
          Create an account
        </Title>
        {error !== null && (
          <Alert color="red" role="alert" title="Could not create the account">
            {errorMessage(error)}
          </Alert>
        )}
        <TextInput
          label="Name"
          description="Optional"
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
        />
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
          description={`At least ${MIN_PASSWORD_LENGTH} characters, not a common password`}
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
        />
        <PasswordInput
          label="Confirm password"
          autoComplete="new-password"
          required
          value={confirm}
          onChange={(event) => setConfirm(event.currentTarget.value)}
        />
        <Button type="submit" loading={submitting}>
          Create account
        </Button>
        <Text size="sm">
          Already have an account?{' '}
          <Anchor component={Link} to="/signin">
            Sign in
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
