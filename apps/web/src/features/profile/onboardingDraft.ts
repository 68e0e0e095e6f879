/** The onboarding answers kept in sessionStorage while the wizard is open, so a reload does not lose them. */
import type { ProfileForm } from './profileForm';

const KEY = 'diet-planner.onboarding-draft';

export interface OnboardingDraft {
  form: ProfileForm;
  step: number;
}

export function loadDraft(): OnboardingDraft | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const draft = JSON.parse(raw) as Partial<OnboardingDraft>;
    if (!draft.form || typeof draft.form !== 'object' || typeof draft.step !== 'number') return null;
    // The last step shows the saved targets: a reload there starts at the review step instead.
    return { form: draft.form, step: Math.min(Math.max(Math.trunc(draft.step), 0), 2) };
  } catch {
    return null;
  }
}

export function saveDraft(draft: OnboardingDraft): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the wizard still works, only a reload loses the answers.
  }
}

export function clearDraft(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // As above.
  }
}
