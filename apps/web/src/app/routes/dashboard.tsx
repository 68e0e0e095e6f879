/** Today at a glance: intake against targets, today's planned meals, weight trend and the plan's adequacy. */
import { SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { LogPlannedMealButton } from '../../features/diary/components/LogPlannedMealButton';
import { TodayIntake } from '../../features/diary/components/TodayIntake';
import { TodayMealsSection, WeekAdequacySection } from '../../features/plans/components/TodayPlan';
import { WeightSection } from '../../features/weight/components/WeightSection';
import { useAuth } from '../../lib/auth';
import { formatDay, today } from '../../lib/dates';
import { usePageTitle } from '../../lib/usePageTitle';

export default function DashboardPage() {
  usePageTitle('Dashboard');
  const { user } = useAuth();
  const day = today();
  return (
    <Stack gap="md">
      <Stack gap={0}>
        <Title order={1} size="h2">
          {user?.name ? `Hello, ${user.name}` : 'Today'}
        </Title>
        <Text c="dimmed">{formatDay(day)}</Text>
      </Stack>
      <TodayIntake date={day} />
      <TodayMealsSection
        date={day}
        mealActions={(meal, date) => <LogPlannedMealButton meal={meal} date={date} kind="ate-this" />}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <WeightSection />
        <WeekAdequacySection date={day} />
      </SimpleGrid>
    </Stack>
  );
}
