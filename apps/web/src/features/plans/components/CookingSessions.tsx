/** The week's cooking: per day, the meals at which something is cooked, their active minutes, and the later
 * meals each batch feeds (planned leftovers). */
import { List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatDay } from '../../../lib/dates';
import { slotLabel } from '../../../lib/slots';
import type { Plan } from '../api/plans';

type CookingDay = NonNullable<Plan['cooking_sessions']>[number];

const weekday = (date: string) => new Date(`${date}T12:00:00`).toLocaleDateString('en-US', { weekday: 'short' });

export function CookingSessions({ plan }: { plan: Plan }) {
  const days: CookingDay[] = plan.cooking_sessions ?? [];
  if (days.length === 0) return null;
  const sessions = days.reduce((sum, day) => sum + day.sessions, 0);
  const minutes = days.reduce((sum, day) => sum + day.active_minutes, 0);
  return (
    <section aria-labelledby="cooking-sessions">
      <Title order={2} size="h5" mb={4} id="cooking-sessions">
        Cooking sessions
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {sessions} session{sessions === 1 ? '' : 's'} this plan, {minutes} active minutes in all
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: Math.min(days.length, 4), xl: Math.min(days.length, 7) }} spacing="xs">
        {days.map((day) => (
          <Paper key={day.date} withBorder p="xs" data-testid="cooking-day">
            <Stack gap={2}>
              <Text fw={600} size="sm">
                {formatDay(day.date)}
              </Text>
              <Text size="xs" c="dimmed">
                {day.sessions === 0
                  ? 'Nothing to cook: leftovers and ready foods'
                  : `${day.sessions} session${day.sessions === 1 ? '' : 's'}, ${day.active_minutes} active min`}
              </Text>
              <List size="xs" spacing={2}>
                {day.dishes.map((dish) => (
                  <List.Item key={`${dish.meal_id}-${dish.name}`}>
                    {slotLabel(dish.slot)}: {dish.name} ({dish.active_minutes} min
                    {dish.leftovers_for.length > 0 &&
                      `, ${dish.servings} servings; also for ${dish.leftovers_for
                        .map((meal) => `${weekday(meal.date)} ${slotLabel(meal.slot).toLowerCase()}`)
                        .join(', ')}`}
                    )
                  </List.Item>
                ))}
              </List>
            </Stack>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  );
}
