import { useEffect } from 'react';
import { useLab } from './store';

const TEXT_INPUT = 'input, textarea, select, [contenteditable="true"]';
const ACTIVATES_ON_SPACE = 'button, a[href], summary, [role="button"], [role="menuitem"], [role="checkbox"], label';

/**
 * Global keys: Space plays/pauses, → steps one event. Ignored while typing, and Space is left alone on
 * elements Space already activates (a focused button keeps its normal behaviour).
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest(TEXT_INPUT)) return;
      if (e.key === ' ' || e.code === 'Space') {
        if (target?.closest(ACTIVATES_ON_SPACE)) return;
        e.preventDefault();
        useLab.getState().togglePlay();
      } else if (e.key === 'ArrowRight') {
        if (target?.closest('[role="menu"]')) return;
        e.preventDefault();
        void useLab.getState().step();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
