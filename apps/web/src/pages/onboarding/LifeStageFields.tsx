/** Life stage (women only) and, while pregnant, the trimester, which sets the energy added. */
import { NativeSelect } from '@mantine/core';
import type { LifeStage, ProfileForm, Trimester } from './profileForm';

export function LifeStageFields({ form, update }: { form: ProfileForm; update: (patch: Partial<ProfileForm>) => void }) {
  if (form.sex !== 'female') return null;
  return (
    <>
      <NativeSelect
        label="Life stage"
        value={form.lifeStage}
        onChange={(event) => update({ lifeStage: event.currentTarget.value as LifeStage })}
        data={[
          { value: 'none', label: 'Neither pregnant nor breastfeeding' },
          { value: 'pregnant', label: 'Pregnant' },
          { value: 'lactating', label: 'Breastfeeding' },
        ]}
      />
      {form.lifeStage === 'pregnant' && (
        <NativeSelect
          label="Trimester"
          description="Energy needs rise from the second trimester (+340 kcal) to the third (+452 kcal)."
          value={String(form.trimester)}
          onChange={(event) => {
            const value = event.currentTarget.value;
            update({ trimester: value === '' ? '' : (Number(value) as Trimester) });
          }}
          data={[
            { value: '', label: 'Not sure (counts as the second)' },
            { value: '1', label: 'First (weeks 1–13)' },
            { value: '2', label: 'Second (weeks 14–27)' },
            { value: '3', label: 'Third (weeks 28–40)' },
          ]}
        />
      )}
    </>
  );
}
