/** /settings: units, the profile (body, goal, diet, allergies, meals, adaptive targets), excluded foods, data export, password and sessions, account deletion. */
import { Stack, Title } from '@mantine/core';
import { DataSection } from '../../features/account/components/DataSection';
import { DeleteAccountSection } from '../../features/account/components/DeleteAccountSection';
import { PasswordSection } from '../../features/account/components/PasswordSection';
import { ExcludedFoodsSection } from '../../features/profile/components/ExcludedFoodsSection';
import { ProfileSection } from '../../features/profile/components/ProfileSection';
import { TargetsSection } from '../../features/profile/components/TargetsSection';
import { UnitsSection } from '../../features/profile/components/UnitsSection';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useProfile } from '../../lib/profile';
import { usePageTitle } from '../../lib/usePageTitle';

export default function SettingsPage() {
  usePageTitle('Settings');
  const profile = useProfile();

  return (
    <Stack gap="md">
      <Title order={1}>Settings</Title>
      <UnitsSection />
      {profile.isPending && <LoadingState label="Loading your profile…" />}
      {profile.isError && <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />}
      {profile.data === null && <EmptyState title="No profile yet">Complete onboarding to create one.</EmptyState>}
      {profile.data && (
        <>
          <ProfileSection profile={profile.data} />
          <ExcludedFoodsSection profile={profile.data} />
          <TargetsSection />
        </>
      )}
      <DataSection />
      <PasswordSection />
      <DeleteAccountSection />
    </Stack>
  );
}
