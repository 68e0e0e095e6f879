/**
 * Focus that survives a re-render: a control marked `data-focus-key` is looked up again once React has drawn the
 * new state, so after Lock, Regenerate, Log or Delete the keyboard stays on the control acted on (or its
 * successor) instead of dropping to the page body when the old node is replaced or disabled.
 */
export function focusKeyProps(key: string): { 'data-focus-key': string } {
  return { 'data-focus-key': key };
}

function lost(): boolean {
  const active = document.activeElement;
  return active === null || active === document.body || !active.isConnected || (active as HTMLButtonElement).disabled === true;
}

/**
 * Focus the first of `keys` that is on the page (the control itself, then its successors) once the focus is lost.
 * It watches for a short while, since the node acted on may go only when the new state is drawn; a focus the
 * person has moved elsewhere meanwhile is left alone.
 */
export function refocus(...keys: string[]): void {
  const attempt = (triesLeft: number) => {
    if (lost()) {
      for (const key of keys) {
        const target = document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
        if (target && !(target as HTMLButtonElement).disabled) {
          target.focus();
          return;
        }
      }
    }
    if (triesLeft > 0) requestAnimationFrame(() => attempt(triesLeft - 1));
  };
  requestAnimationFrame(() => attempt(120));
}
