import { useEffect, useLayoutEffect, useRef } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action, NodeView } from '../worker/api';
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
      {ITEMS.filter((it) => isServer || it.action !== 'isolate').map((it) => (
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
      <button type="button" role="menuitem" className="mi-close" onClick={() => close(true)}>
        <span className="mi-label">{t('menu.close')}</span>
      </button>
    </div>
  );
}
