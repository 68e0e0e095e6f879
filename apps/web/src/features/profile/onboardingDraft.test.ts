import { afterEach, describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, saveDraft } from './onboardingDraft';
import { emptyForm } from './profileForm';

describe('onboarding draft', () => {
  afterEach(() => sessionStorage.clear());

  it('gives back the answers and the step after a reload', () => {
    const form = { ...emptyForm('metric'), sex: 'female' as const, heightCm: 165, weight: 62 };
    saveDraft({ form, step: 1 });
    expect(loadDraft()).toEqual({ form, step: 1 });
    clearDraft();
    expect(loadDraft()).toBeNull();
  });

  it('ignores a broken draft and never reopens the targets step', () => {
    sessionStorage.setItem('diet-planner.onboarding-draft', '{not json');
    expect(loadDraft()).toBeNull();
    saveDraft({ form: emptyForm('metric'), step: 3 });
    expect(loadDraft()?.step).toBe(2);
  });
});
