/** Sets the document title per page, so screen readers and browser history name where the user is. */
import { useEffect } from 'react';

export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Diet Planner` : 'Diet Planner';
  }, [title]);
}
