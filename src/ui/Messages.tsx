import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../worker/api';
import { useLab } from './store';
import { NODE_RADIUS, messageColor, messagePoint, progress } from './layout';
import type { Layout, Placed, Point } from './layout';
import { textWidth } from './NodeGlyph';
import { clearedCanvas } from './canvas';

/** From this many messages in flight on, dots are drawn on a canvas (no per-dot DOM, no labels). */
export const CANVAS_FROM = 80;
/** Text labels next to the dots only while the picture stays readable. */
const LABEL_LIMIT = 40;
/** Messages on the same lane closer than this fraction of the trip share one label and sit side by side. */
const BUCKETS = 10;
const SPREAD = 11;

interface Bunch {
  lane: string;
  members: MessageView[];
}

function bunch(messages: readonly MessageView[], now: number): Bunch[] {
  const map = new Map<string, Bunch>();
  for (const m of messages) {
    if (m.from === m.to) continue; // a node's message to itself never leaves it
    const key = `${m.from}>${m.to}:${Math.round(progress(m, now) * BUCKETS)}`;
    const b = map.get(key);
    if (b) b.members.push(m);
    else map.set(key, { lane: `${m.from}>${m.to}`, members: [m] });
  }
  return [...map.values()];
}

function labelOf(members: MessageView[]): string {
  const counts = new Map<string, number>();
  for (const m of members) counts.set(m.type, (counts.get(m.type) ?? 0) + 1);
  const parts = [...counts].map(([type, n]) => (n > 1 ? `${type} ×${n}` : type));
  return parts.length > 2 ? `${parts.slice(0, 2).join(' · ')} +${parts.length - 2}` : parts.join(' · ');
}

/** Unit vector across the lane from a to b (to the right of its direction). */
function across(a: Placed, b: Placed): { x: number; y: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy) || 1;
  return { x: -dy / len, y: dx / len };
}

const LABEL_FONT = 14;

interface LabelPlacement {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

/**
 * Puts a label beside its dots, on the given side of the lane; tries the other side if that one runs into
 * a node or off the canvas, and gives up (no label) if both do.
 */
interface Box {
  left: number;
  top: number;
  w: number;
  h: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.left + b.w && b.left < a.left + a.w && a.top < b.top + b.h && b.top < a.top + a.h;
}

function placeLabel(at: Point, side: Point, gap: number, text: string, layout: Layout, taken: Box[]): LabelPlacement | undefined {
  const w = textWidth(text, LABEL_FONT) * 1.08;
  const h = LABEL_FONT + 4;
  for (const sign of [1, -1]) {
    const dx = side.x * sign;
    const dy = side.y * sign;
    const horizontal = Math.abs(dx) > 0.45;
    const anchor: LabelPlacement['anchor'] = horizontal ? (dx > 0 ? 'start' : 'end') : 'middle';
    // anchor point: beyond the outermost dot, on this side
    const x = at.x + dx * gap;
    const y = at.y + dy * gap + (horizontal ? 0 : dy > 0 ? 6 : -6);
    const left = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
    const top = y - h / 2;
    if (left < 2 || left + w > layout.width - 2 || top < 2 || top + h > layout.height - 2) continue;
    const box = { left, top, w, h };
    let blocked = taken.some((o) => overlaps(o, box));
    for (const n of layout.positions.values()) {
      if (blocked) break;
      // the role badge right above the node
      const sc = n.scale;
      if (overlaps(box, { left: n.x - 60 * sc, top: n.y - (NODE_RADIUS + 37) * sc, w: 120 * sc, h: 30 * sc })) {
        blocked = true;
        break;
      }
      const r = NODE_RADIUS * n.scale + 6;
      const cx = Math.max(left, Math.min(n.x, left + w));
      const cy = Math.max(top, Math.min(n.y, top + h));
      if (Math.hypot(n.x - cx, n.y - cy) < r) {
        blocked = true;
        break;
      }
    }
    if (!blocked) {
      taken.push(box);
      return { x, y, anchor };
    }
  }
  return undefined;
}

/**
 * Messages in flight, re-rendered every frame from the latest view: each dot sits at a pure function of
 * simulated time, so pausing freezes it mid-flight and stepping moves it exactly. Messages that travel
 * together on one lane sit side by side and share a label.
 */
export function Messages({ layout, onHover }: { layout: Layout; onHover?(id: number | null, x: number, y: number): void }) {
  const { t } = useTranslation();
  const messages = useLab((s) => s.view?.messages);
  const nodes = useLab((s) => s.view?.nodes);
  const now = useLab((s) => s.view?.now ?? 0);
  if (!messages?.length) return null;
  // many messages: the canvas layer draws them (MessageCanvas); this group only reports the count
  if (messages.length > CANVAS_FROM) return <g className="messages" aria-hidden="true" data-testid="messages" data-count={messages.length} data-canvas="true" />;
  const bunches = bunch(messages, now);
  // a message to a crashed node will be dropped when it arrives (unless the node restarts first)
  const down = new Set(nodes?.filter((n) => n.status === 'crashed').map((n) => n.id));
  const labels = bunches.length <= LABEL_LIMIT;
  const taken: Box[] = [];
  return (
    <g
      className="messages"
      aria-hidden="true"
      data-testid="messages"
      data-count={messages.length}
      onPointerOver={(e) => {
        const id = (e.target as Element).closest('[data-msg]')?.getAttribute('data-msg');
        if (id && onHover) onHover(Number(id), e.nativeEvent.offsetX, e.nativeEvent.offsetY);
      }}
      onPointerOut={() => onHover?.(null, 0, 0)}
    >
      {bunches.map((b) => {
        const first = b.members[0] as MessageView;
        const a = layout.positions.get(first.from);
        const z = layout.positions.get(first.to);
        if (!a || !z) return null;
        const off = across(a, z);
        const single = new Set(b.members.map((m) => m.type)).size === 1;
        let labelAt: { x: number; y: number } | undefined;
        const outer = ((b.members.length - 1) / 2) * SPREAD;
        const dots = b.members.map((m, k) => {
          const p = messagePoint(m, now, layout.positions);
          if (!p) return null;
          const shift = (k - (b.members.length - 1) / 2) * SPREAD;
          const x = p.x + off.x * shift;
          const y = p.y + off.y * shift;
          // the label goes on the outer side of the lane (the side it bends to), past the outermost dot
          if (k === 0) labelAt = p;
          const color = messageColor(m.type);
          const doomed = m.lost || down.has(m.to);
          return (
            <g key={m.id} data-msg={m.id} className={`msg${doomed ? ' msg--lost' : ''}`} transform={`translate(${x.toFixed(1)},${y.toFixed(1)})`}>
              <title>{`${m.from} → ${m.to}: ${m.type}${doomed ? ` (${t('legend.lost')})` : ''}`}</title>
              {doomed ? (
                <circle r={8} fill="#fff" stroke={color} strokeWidth={3} strokeDasharray="4 3" />
              ) : (
                <circle r={8} fill={color} stroke="#fff" strokeWidth={2} />
              )}
              {m.dup && <circle r={13} fill="none" stroke={color} strokeWidth={2} />}
            </g>
          );
        });
        const text = labelOf(b.members);
        const placement = labelAt && labels ? placeLabel(labelAt, off, outer + 14, text, layout, taken) : undefined;
        return (
          <g key={`${b.lane}:${first.id}`}>
            {dots}
            {placement && (
              <text
                x={placement.x}
                y={placement.y}
                dy="0.35em"
                textAnchor={placement.anchor}
                fill={single ? messageColor(first.type) : '#1f2937'}
                className="msg-label"
              >
                {text}
              </text>
            )}
          </g>
        );
      })}
    </g>
  );
}

/** Radius of a dot on the canvas, and the margin a sprite keeps around it for the stroke. */
const DOT_R = 6;
const SPRITE_PAD = 3;

/**
 * One dot, drawn once per colour, style and pixel ratio and then stamped with drawImage: a busy scene has
 * hundreds of dots, and rasterizing an anti-aliased filled and stroked arc for each one every frame cost the
 * main thread several milliseconds per frame (software raster in the canvas flush), where a blit costs little.
 */
const sprites = new Map<string, ImageBitmap | HTMLCanvasElement>();

function dotSprite(color: string, hollow: boolean, dpr: number): ImageBitmap | HTMLCanvasElement {
  const key = `${color}|${hollow ? 1 : 0}|${dpr}`;
  const have = sprites.get(key);
  if (have) return have;
  const size = 2 * (DOT_R + SPRITE_PAD);
  const width = Math.ceil(size * dpr);
  const height = Math.ceil(size * dpr);
  // an ImageBitmap where there is OffscreenCanvas: drawing a canvas element snapshots it on every drawImage
  const off = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : null;
  const c = off ?? Object.assign(document.createElement('canvas'), { width, height });
  const ctx = c.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (ctx) {
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.beginPath();
    ctx.arc(size / 2, size / 2, DOT_R, 0, 2 * Math.PI);
    if (hollow) {
      // lost, or on its way to a crashed node: it will not arrive
      ctx.fillStyle = '#fff';
      ctx.fill();
      ctx.setLineDash([4, 3]);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = color;
      ctx.stroke();
    } else {
      ctx.fillStyle = color;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = '#fff';
      ctx.stroke();
    }
  }
  const sprite = off ? off.transferToImageBitmap() : (c as HTMLCanvasElement);
  sprites.set(key, sprite);
  return sprite;
}

/**
 * The message layer on a canvas, for busy scenes (more than CANVAS_FROM messages in flight): the same
 * positions (a pure function of simulated time), drawn without any DOM per message.
 */
export function MessageCanvas({ layout }: { layout: Layout }) {
  const messages = useLab((s) => s.view?.messages);
  const nodes = useLab((s) => s.view?.nodes);
  const now = useLab((s) => s.view?.now ?? 0);
  const ref = useRef<HTMLCanvasElement>(null);
  const busy = (messages?.length ?? 0) > CANVAS_FROM;
  useEffect(() => {
    const ready = clearedCanvas(ref.current, layout.width, layout.height);
    if (!ready) return;
    const { ctx, dpr } = ready;
    if (!busy || !messages) return;
    const down = new Set(nodes?.filter((n) => n.status === 'crashed').map((n) => n.id));
    const half = DOT_R + SPRITE_PAD;
    for (const m of messages) {
      if (m.from === m.to) continue;
      const p = messagePoint(m, now, layout.positions);
      if (!p) continue;
      const sprite = dotSprite(messageColor(m.type), m.lost || down.has(m.to), dpr);
      // whole device pixels: a plain copy, no filtering
      ctx.drawImage(sprite, Math.round((p.x - half) * dpr) / dpr, Math.round((p.y - half) * dpr) / dpr, sprite.width / dpr, sprite.height / dpr);
    }
  }, [messages, nodes, now, layout, busy]);
  return <canvas ref={ref} className="message-canvas" style={{ width: layout.width, height: layout.height }} aria-hidden="true" data-testid="message-canvas" />;
}
