/** Badges for a food's clashes with the person's allergies, diet or excluded foods ("May contain tree nuts"). */
import { Badge, Group } from '@mantine/core';
import type { components } from '../client/schema';

export type FoodConflict = components['schemas']['FoodConflict'];

/** One sentence for a confirm: "Contains tree nuts; Not vegetarian: may contain meat". */
export function conflictSentence(conflicts: FoodConflict[]): string {
  return conflicts.map((conflict) => conflict.label).join('; ');
}

export function ConflictBadges({ conflicts, size = 'sm' }: { conflicts: FoodConflict[] | undefined; size?: 'xs' | 'sm' }) {
  if (!conflicts || conflicts.length === 0) return null;
  return (
    <Group gap={4} wrap="wrap" data-testid="conflicts">
      {conflicts.map((conflict) => (
        <Badge
          key={`${conflict.kind}-${conflict.name}`}
          size={size}
          // Red: the data says it contains it; orange: judged from the name, read the label.
          color={conflict.certainty === 'contains' ? 'red' : 'orange'}
          variant="light"
          style={{ textTransform: 'none' }}
        >
          ⚠ {conflict.label}
        </Badge>
      ))}
    </Group>
  );
}
