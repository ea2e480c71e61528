import { useEffect } from 'react';
import { SMART, SPEEDS, useLab } from './store';
import type { DockTab } from './store';
import i18n, { setLanguage } from '../i18n';

const TEXT_INPUT = 'input, textarea, select, [contenteditable="true"]';
const ACTIVATES_ON_SPACE = 'button, a[href], summary, [role="button"], [role="menuitem"], [role="checkbox"], [role="treeitem"], [role="tab"], label';
const TABS: DockTab[] = ['quorum', 'tree', 'spacetime', 'kafka'];

/**
 * Global keys (all listed in the `?` dialog): Space plays/pauses, → steps one event, ← / Shift+← go back
 * 0.1 s / 1 s, [ and ] change the speed, 0 picks the smart speed, 1–3 pick a panel, h heals the network,
 * p toggles presenter mode, s opens the settings, l switches the language, Home goes to t = 0, ? shows the
 * keys. Ignored while typing, and Space is left alone on elements Space already activates.
 */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target instanceof Element ? e.target : null;
      if (target?.closest(TEXT_INPUT)) return;
      if (target?.closest('dialog')) return;
      const st = useLab.getState();
      const now = st.view?.now ?? 0;
      const key = e.key;
      if (key === ' ' || e.code === 'Space') {
        if (target?.closest(ACTIVATES_ON_SPACE)) return;
        e.preventDefault();
        st.togglePlay();
        return;
      }
      if (target?.closest('[role="menu"]') && (key === 'ArrowRight' || key === 'ArrowLeft')) return;
      if (target?.closest('[role="slider"], [role="tablist"]') && (key === 'ArrowRight' || key === 'ArrowLeft' || key === 'Home')) return;
      let handled = true;
      switch (key) {
        case 'ArrowRight':
          void st.step();
          break;
        case 'ArrowLeft':
          st.scrubTo(Math.max(0, now - (e.shiftKey ? 1000 : 100)));
          break;
        case 'Home':
          st.scrubTo(0);
          break;
        case '[':
        case ']': {
          const fixed = SPEEDS.filter((s) => s.value !== SMART).map((s) => s.value);
          const cur = st.speed === SMART ? fixed.indexOf(0.05) : fixed.indexOf(st.speed);
          const next = Math.max(0, Math.min(fixed.length - 1, cur + (key === ']' ? 1 : -1)));
          st.setSpeed(fixed[next] as number);
          break;
        }
        case '0':
          st.setSpeed(SMART);
          break;
        case '1':
        case '2':
        case '3':
        case '4':
          st.setDock(TABS[Number(key) - 1] as DockTab);
          break;
        case 'h':
          void st.act({ type: 'heal' }, 'heal');
          break;
        case 'p':
          st.setPresenter(!st.presenter);
          break;
        case 's':
          st.setSettings(true);
          break;
        case 'l':
          setLanguage(i18n.language === 'ko' ? 'en' : 'ko');
          break;
        case '?':
          st.setHelp(true);
          break;
        case 'Escape':
          if (st.menuNode) st.openMenu(null);
          else if (st.selection.length) st.setSelection([]);
          else handled = false;
          break;
        default:
          handled = false;
      }
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
