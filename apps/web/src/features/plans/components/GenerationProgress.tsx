/** Feedback while the planner works: the solver runs for seconds, so show what it is doing and for how long. */
import { Group, Loader, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';

const STAGES = [
  'Reading your targets and diet…',
  'Choosing recipes and foods that fit…',
  'Balancing energy and macronutrients…',
  'Checking vitamins and minerals…',
  'Fine-tuning portions…',
];

/** Progress that approaches but never reaches 100 % until the plan arrives (the time is not known). */
export function estimatedProgress(elapsedSeconds: number, expectedSeconds: number): number {
  return 95 * (1 - Math.exp(-elapsedSeconds / expectedSeconds));
}

export function GenerationProgress({ days, label = 'Generating your plan' }: { days: number; label?: string }) {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = window.setInterval(() => setElapsed((Date.now() - started) / 1000), 250);
    return () => window.clearInterval(timer);
  }, []);
  const expected = 2 + days * 0.8;
  const value = estimatedProgress(elapsed, expected);
  const stage = STAGES[Math.min(STAGES.length - 1, Math.floor((value / 95) * STAGES.length))];
  return (
    <Stack gap={6} role="status" aria-live="polite" aria-label={label}>
      <Group gap="xs">
        <Loader size="xs" aria-hidden />
        <Text size="sm" fw={500}>
          {label}: {stage}
        </Text>
      </Group>
      <Progress value={value} animated aria-label={`${label} progress`} />
      <Text size="xs" c="dimmed">
        {Math.floor(elapsed)} s elapsed
      </Text>
    </Stack>
  );
}
