import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action, NodeView } from '../worker/api';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from './store';
import type { Point } from './layout';
import { NODE_RADIUS } from './layout';

type MenuAction = 'crash' | 'restart' | 'pause' | 'resume' | 'isolate';

const ITEMS: ReadonlyArray<{ action: MenuAction; enabled: (s: NodeView['status']) => boolean; danger?: boolean }> = [
  { action: 'crash', enabled: (s) => s !== 'crashed', danger: true },
  { action: 'restart', enabled: (s) => s === 'crashed' },
  { action: 'pause', enabled: (s) => s === 'up' },
  { action: 'resume', enabled: (s) => s === 'paused' },
  { action: 'isolate', enabled: (s) => s !== 'crashed' },
];

const MENU_WIDTH = 300;

/** The per-node action menu, an HTML popover placed next to the node (keyboard: ↑/↓, Enter, Esc). */
export function NodeMenu({ node, at, bounds }: { node: NodeView; at: Point; bounds: { width: number; height: number } }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const act = useLab((s) => s.act);
  const openMenu = useLab((s) => s.openMenu);
  const isServer = node.role !== 'client';
  const selected = useLab((s) => s.selection.includes(node.id));
  const peers = useLab(useShallow((s) => s.view?.nodes.filter((n) => n.role !== 'client' && n.id !== node.id).map((n) => n.id) ?? []));
  const openLink = useLab((s) => s.openLink);
  const [links, setLinks] = useState(false);
  useLayoutEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button[role="menuitem"]:not([disabled])')?.focus();
  }, [links]);
  const toggleSelect = () => {
    const st = useLab.getState();
    st.setSelection(selected ? st.selection.filter((x) => x !== node.id) : [...st.selection, node.id]);
    openMenu(null);
  };

  const close = (refocus: boolean) => {
    openMenu(null);
    if (refocus) document.querySelector<SVGElement>(`[data-node-focus="${CSS.escape(node.id)}"]`)?.focus();
  };

  useLayoutEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button[role="menuitem"]:not([disabled])')?.focus();
  }, [node.id]);

  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      const target = e.target as Element | null;
      if (ref.current?.contains(target)) return;
      if (target?.closest(`[data-node]`)) return; // the node's own click toggles the menu
      openMenu(null);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [openMenu]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation(); // keep Space / → from reaching the global shortcuts
    if (e.key === 'Escape') {
      e.preventDefault();
      close(true);
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const items = [...(ref.current?.querySelectorAll<HTMLButtonElement>('button[role="menuitem"]:not([disabled])') ?? [])];
      if (!items.length) return;
      const i = items.indexOf(document.activeElement as HTMLButtonElement);
      const next =
        e.key === 'Home' ? 0 : e.key === 'End' ? items.length - 1 : e.key === 'ArrowDown' ? (i + 1) % items.length : (i - 1 + items.length) % items.length;
      items[next]?.focus();
    }
  };

  const run = (type: MenuAction) => {
    const action: Action = { type, node: node.id };
    void act(action, `${type} ${node.id}`).then(() => {
      document.querySelector<SVGElement>(`[data-node-focus="${CSS.escape(node.id)}"]`)?.focus();
    });
  };

  // place it to the right of the node, or to the left when there is no room; keep it inside the canvas
  const right = at.x + NODE_RADIUS + 16;
  const left = right + MENU_WIDTH > bounds.width - 8 ? at.x - NODE_RADIUS - 16 - MENU_WIDTH : right;
  const top = Math.min(Math.max(8, at.y - 60), Math.max(8, bounds.height - 330));

  return (
    <div
      ref={ref}
      className="node-menu"
      role="menu"
      aria-label={t('menu.label', { id: node.id })}
      style={{ left: Math.max(8, left), top, width: MENU_WIDTH }}
      onKeyDown={onKey}
      data-testid="node-menu"
    >
      <div className="node-menu-title" aria-hidden="true">
        {node.id} · {t(`status.${node.status}`)}
      </div>
      {links &&
        peers.map((p) => (
          <button key={p} type="button" role="menuitem" onClick={() => openLink({ a: node.id, b: p })} data-testid={`menu-link-${p}`}>
            <span className="mi-label">{t('menu.linkTo', { a: node.id, b: p })}</span>
          </button>
        ))}
      {!links && ITEMS.filter((it) => isServer || it.action !== 'isolate').map((it) => (
        <button
          key={it.action}
          type="button"
          role="menuitem"
          className={it.danger ? 'danger' : undefined}
          disabled={!it.enabled(node.status)}
          onClick={() => run(it.action)}
          data-testid={`menu-${it.action}`}
        >
          <span className="mi-label">{t(`menu.${it.action}`)}</span>
          <span className="mi-hint">{t(`menu.${it.action}Hint`)}</span>
        </button>
      ))}
      {isServer && !links && peers.length > 0 && (
        <button type="button" role="menuitem" onClick={() => setLinks(true)} data-testid="menu-links">
          <span className="mi-label">{t('menu.links')}</span>
          <span className="mi-hint">{t('menu.linksHint')}</span>
        </button>
      )}
      {isServer && !links && (
        <button type="button" role="menuitem" onClick={toggleSelect} data-testid="menu-select">
          <span className="mi-label">{selected ? t('menu.unselect') : t('menu.select')}</span>
          <span className="mi-hint">{t('menu.selectHint')}</span>
        </button>
      )}
      <button type="button" role="menuitem" className="mi-close" onClick={() => close(true)}>
        <span className="mi-label">{t('menu.close')}</span>
      </button>
    </div>
  );
}
