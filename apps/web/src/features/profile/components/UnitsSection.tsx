/** Settings: metric or imperial, saved on the profile at once. */
import { Group, Paper, Radio } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { errorMessage } from '../../../components/states';
import { usePreferences } from '../../../lib/preferences';
import type { Units } from '../../../lib/units';

export function UnitsSection() {
  const { units, setUnits } = usePreferences();
  const [saving, setSaving] = useState(false);
  return (
    <Paper withBorder p="md" component="section" aria-label="Units">
      <Radio.Group
        label="Units"
        description="How weights, portions and heights are shown; the app stores everything in metric."
        value={units}
        onChange={(value) => {
          setSaving(true);
          setUnits(value as Units)
            .then(() => notifications.show({ color: 'brand', message: value === 'imperial' ? 'Now showing imperial units' : 'Now showing metric units' }))
            .catch((error: unknown) => notifications.show({ color: 'red', title: 'Units not saved', message: errorMessage(error) }))
            .finally(() => setSaving(false));
        }}
      >
        <Group mt={6}>
          <Radio value="metric" label="Metric (kg, g, cm)" disabled={saving} />
          <Radio value="imperial" label="Imperial (lb, oz, ft and in)" disabled={saving} />
        </Group>
      </Radio.Group>
    </Paper>
  );
}
