/**
 * Space-time diagram: one lane per node, time to the right, messages as arrows from send to arrival (a ✕
 * when dropped; still in flight: up to where it is now), fault bands on the lanes, and the time cursor.
 * Click an arrow to jump to the middle of its flight (the topology then shows it mid-flight).
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent as ReactMouseEvent } from 'react';
import type { TFunction } from 'i18next';
import { scaleLinear, scalePoint } from 'd3';
import { useTranslation } from 'react-i18next';
import type { ArrowView } from '../worker/api';
import { useLab } from './store';
import { formatSeconds, messageColor } from './layout';
import { BAND_COLORS } from './Timeline';
import { useSize } from './useSize';
import { clearedCanvas } from './canvas';

const WINDOWS = [10, 100, 1000, 5000];
/**
 * From this many arrows in the window on, they are drawn on a canvas: a busy cluster sends thousands of
 * messages a second, and hundreds of SVG arrows entering and leaving the window each refresh cost the main
 * thread most of every frame. Clicking still jumps to the nearest arrow; a shorter window brings back one
 * focusable arrow per message for the keyboard.
 */
export const ST_CANVAS_FROM = 150;
const HIT_PX = 6;

interface Seg {
  a: ArrowView;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  done: boolean;
}

/** Where each arrow on show is drawn (pixels of the plot) at `now`. */
function segments(shown: readonly ArrowView[], now: number, x: (t: number) => number, y: (id: string) => number | undefined): Seg[] {
  const out: Seg[] = [];
  for (const a of shown) {
    const y0 = y(a.from);
    const y1 = y(a.to);
    if (y0 === undefined || y1 === undefined) continue;
    const end = a.at === null ? now : Math.min(a.at, now);
    const done = a.at !== null && a.at <= now;
    const f = done ? 1 : (end - a.sentAt) / Math.max(1e-9, (a.at ?? end) - a.sentAt);
    out.push({ a, x0: x(a.sentAt), y0, x1: x(end), y1: y0 + (y1 - y0) * Math.min(1, f), done });
  }
  return out;
}

function distanceToSegment(px: number, py: number, s: Seg): number {
  const dx = s.x1 - s.x0;
  const dy = s.y1 - s.y0;
  const len2 = dx * dx + dy * dy;
  const u = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - s.x0) * dx + (py - s.y0) * dy) / len2));
  return Math.hypot(px - (s.x0 + u * dx), py - (s.y0 + u * dy));
}

function nearest(segs: readonly Seg[], px: number, py: number): Seg | null {
  let best: Seg | null = null;
  let bestD = HIT_PX;
  for (const s of segs) {
    const d = distanceToSegment(px, py, s);
    if (d <= bestD) {
      bestD = d;
      best = s;
    }
  }
  return best;
}

function arrowLabel(a: ArrowView, t: TFunction): string {
  return `${a.from} → ${a.to}: ${a.type}, ${formatSeconds(a.sentAt)} s${a.dropped ? `, ${t('spacetime.dropped')}` : ''}`;
}
const LEFT = 70;
const TOP = 22;

/**
 * One arrow, in pixels from the window's fixed time origin (the group of arrows is shifted as time passes), so
 * an arrow that has arrived keeps its props and is not rendered again: a busy second has hundreds of arrows.
 * `now` is passed only while the message is in flight (its head follows the cursor).
 */
interface ArrowProps {
  a: ArrowView;
  /** Pixels per simulated millisecond, and the instant drawn at x = 0 of the shifted group. */
  k: number;
  origin: number;
  y0: number;
  y1: number;
  now: number | null;
  tabbable: boolean;
  t: TFunction;
  onJump(t: number): void;
  onKey(e: KeyboardEvent<SVGGElement>, id: number, jump: () => void): void;
  onFocusArrow(id: number): void;
}

const Arrow = memo(
  function Arrow({ a, k, origin, y0, y1, now, tabbable, t, onJump, onKey, onFocusArrow }: ArrowProps) {
    const end = now === null ? (a.at as number) : a.at === null ? now : Math.min(a.at, now);
    const x0 = (a.sentAt - origin) * k;
    const x1 = (end - origin) * k;
    const done = now === null;
    const f = done ? 1 : (end - a.sentAt) / Math.max(1e-9, (a.at ?? end) - a.sentAt);
    const ye = y0 + (y1 - y0) * Math.min(1, f);
    const color = messageColor(a.type);
    const jump = () => onJump(a.at === null ? a.sentAt : (a.sentAt + a.at) / 2);
    const label = arrowLabel(a, t);
    return (
      <g
        className={`st-arrow${a.dropped ? ' st-dropped' : ''}`}
        onClick={jump}
        onKeyDown={(e) => onKey(e, a.id, jump)}
        onFocus={() => onFocusArrow(a.id)}
        tabIndex={tabbable ? 0 : -1}
        role="button"
        aria-label={label}
        data-arrow={a.id}
        data-testid="st-arrow"
      >
        <title>{label}</title>
        <line x1={x0} y1={y0} x2={x1} y2={ye} stroke={color} className="st-hit" />
        <line x1={x0} y1={y0} x2={x1} y2={ye} stroke={color} />
        {done && !a.dropped && <circle cx={x1} cy={ye} r={2.5} fill={color} />}
        {done && a.dropped && (
          <text x={x1} y={ye} dy="0.35em" textAnchor="middle" className="st-x">
            ✕
          </text>
        )}
      </g>
    );
  },
  (p, q) =>
    p.a.id === q.a.id &&
    p.a.at === q.a.at &&
    p.a.dropped === q.a.dropped &&
    p.a.sentAt === q.a.sentAt &&
    p.a.type === q.a.type &&
    p.k === q.k &&
    p.origin === q.origin &&
    p.y0 === q.y0 &&
    p.y1 === q.y1 &&
    p.now === q.now &&
    p.tabbable === q.tabbable &&
    p.t === q.t &&
    p.onJump === q.onJump &&
    p.onKey === q.onKey &&
    p.onFocusArrow === q.onFocusArrow,
);

export function SpaceTime() {
  const { t } = useTranslation();
  const [ref, size] = useSize<HTMLDivElement>(600, 240);
  const api = useLab((s) => s.api);
  const now = useLab((s) => s.panels?.now ?? 0);
  const nodes = useLab((s) => s.panels?.nodes);
  const bands = useLab((s) => s.panels?.bands);
  const scrubTo = useLab((s) => s.scrubTo);
  const [windowMs, setWindowMs] = useState(1000);
  const [arrows, setArrows] = useState<ArrowView[]>([]);
  const [focusId, setFocusId] = useState<number | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const busy = useRef(false);
  const wanted = useRef<number | null>(null);

  useEffect(() => {
    if (!api) return;
    wanted.current = now - windowMs;
    if (busy.current) return;
    const fetchNext = () => {
      const from = wanted.current;
      wanted.current = null;
      if (from === null) {
        busy.current = false;
        return;
      }
      busy.current = true;
      api
        .arrows(from)
        .then((a) => {
          setArrows(a);
          fetchNext();
        })
        .catch(() => {
          busy.current = false;
        });
    };
    fetchNext();
  }, [api, now, windowMs]);

  const ids = useMemo(() => nodes?.map((n) => n.id) ?? [], [nodes]);
  const y = useMemo(() => scalePoint<string>().domain(ids).range([TOP + 8, Math.max(TOP + 20, size.height - 12)]), [ids, size.height]);
  const x = scaleLinear()
    .domain([now - windowMs, now + windowMs * 0.06])
    .range([LEFT, Math.max(LEFT + 20, size.width - 10)]);
  const ticks = x.ticks(5);
  const shown = arrows.filter((a) => a.sentAt <= now && (a.at ?? now) >= now - windowMs);
  const dense = shown.length > ST_CANVAS_FROM;
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<string | null>(null);
  const segs = dense ? segments(shown, now, x, y) : [];
  const segsRef = useRef(segs);
  segsRef.current = segs;
  const nowX = x(now);
  useEffect(() => {
    const ready = clearedCanvas(canvasRef.current, size.width, size.height);
    if (!ready) return;
    const { ctx } = ready;
    ctx.save();
    ctx.beginPath();
    ctx.rect(LEFT, 0, Math.max(0, size.width - 10 - LEFT), size.height);
    ctx.clip();
    // one path per colour and style: a few strokes for hundreds of arrows
    const byStyle = new Map<string, Seg[]>();
    for (const sg of segsRef.current) {
      const key = `${sg.a.dropped ? 1 : 0}${messageColor(sg.a.type)}`;
      const list = byStyle.get(key);
      if (list) list.push(sg);
      else byStyle.set(key, [sg]);
    }
    ctx.lineWidth = 1.6;
    for (const [key, list] of byStyle) {
      const color = key.slice(1);
      ctx.strokeStyle = color;
      ctx.setLineDash(key[0] === '1' ? [4, 3] : []);
      ctx.beginPath();
      for (const sg of list) {
        ctx.moveTo(sg.x0, sg.y0);
        ctx.lineTo(sg.x1, sg.y1);
      }
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = color;
      ctx.beginPath();
      for (const sg of list) if (sg.done && !sg.a.dropped) ctx.rect(sg.x1 - 2, sg.y1 - 2, 4, 4);
      ctx.fill();
    }
    ctx.fillStyle = '#b91c1c';
    ctx.font = '800 12px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const sg of segsRef.current) if (sg.done && sg.a.dropped) ctx.fillText('✕', sg.x1, sg.y1);
    ctx.restore();
    // the cursor on top of the arrows
    ctx.strokeStyle = '#b91c1c';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(nowX, TOP - 4);
    ctx.lineTo(nowX, size.height);
    ctx.stroke();
  }, [dense, shown.length, now, size.width, size.height, nowX, arrows]);
  const pointAt = (e: ReactMouseEvent<HTMLCanvasElement>): Seg | null => {
    const r = e.currentTarget.getBoundingClientRect();
    return nearest(segsRef.current, e.clientX - r.left, e.clientY - r.top);
  };
  // keyboard: one tab stop for all arrows (roving focus); ← / → move between them, Enter jumps there
  const focusIndex = Math.max(0, shown.findIndex((a) => a.id === focusId));
  // the handlers the memoized arrows get are stable; they read the arrows on show through a ref
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const onArrowKey = useCallback((e: KeyboardEvent<SVGGElement>, id: number, jump: () => void) => {
    const list = shownRef.current;
    const i = Math.max(0, list.findIndex((a) => a.id === id));
    let next: number;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(list.length - 1, i + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = list.length - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      jump();
      return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
    const to = list[next]?.id;
    if (to === undefined) return;
    setFocusId(to);
    requestAnimationFrame(() => svgRef.current?.querySelector<SVGGElement>(`[data-arrow="${to}"]`)?.focus());
  }, []);
  // arrows are drawn from a time origin that stays put while the window slides (it moves on by whole windows),
  // so only the group's shift changes with time
  const k = (x.range()[1]! - x.range()[0]!) / (x.domain()[1]! - x.domain()[0]!);
  const originRef = useRef(0);
  if (now - windowMs < originRef.current || now - originRef.current > 4 * windowMs) originRef.current = Math.max(0, now - windowMs);
  const origin = originRef.current;
  const shift = x(origin);

  return (
    <div className="spacetime" data-testid="spacetime">
      <div className="st-controls">
        <span>{t('spacetime.window')}</span>
        {WINDOWS.map((w) => (
          <button key={w} type="button" className="btn btn-small" aria-pressed={w === windowMs} onClick={() => setWindowMs(w)}>
            {w >= 1000 ? `${w / 1000} s` : `${w} ms`}
          </button>
        ))}
        <span className="muted" aria-live="polite">
          {dense ? (hover ?? t('spacetime.dense', { count: shown.length })) : t('spacetime.hint')}
        </span>
      </div>
      <div className="st-canvas" ref={ref}>
        <svg ref={svgRef} width={size.width} height={size.height} role="group" aria-label={t('spacetime.label')}>
          <g className="st-axis" aria-hidden="true">
            {ticks.map((v) => (
              <g key={v} transform={`translate(${x(v)},0)`}>
                <line y1={TOP - 4} y2={size.height} />
                <text y={TOP - 8} textAnchor="middle">
                  {formatSeconds(v)}
                </text>
              </g>
            ))}
          </g>
          {bands
            ?.filter((b) => b.start <= now && (b.end ?? Infinity) >= now - windowMs)
            .map((b, i) => {
              const x0 = Math.max(LEFT, x(b.start));
              const x1 = Math.min(x(now), x(b.end ?? now));
              if (x1 <= x0) return null;
              const lane = b.node ? y(b.node) : undefined;
              return (
                <g key={i} className="st-band">
                  <title>{`${t(`band.${b.kind}`)}: ${b.label}`}</title>
                  {lane !== undefined ? (
                    <rect x={x0} y={lane - 8} width={x1 - x0} height={16} fill={BAND_COLORS[b.kind]} />
                  ) : (
                    <rect x={x0} y={TOP} width={x1 - x0} height={size.height - TOP} fill={BAND_COLORS[b.kind]} opacity={0.45} />
                  )}
                </g>
              );
            })}
          <g className="st-lanes">
            {ids.map((id) => (
              <g key={id} transform={`translate(0,${y(id)})`}>
                <line x1={LEFT} x2={size.width - 10} />
                <text x={LEFT - 8} dy="0.35em" textAnchor="end">
                  {id}
                </text>
              </g>
            ))}
          </g>
          <clipPath id="st-clip">
            <rect x={LEFT} y={0} width={Math.max(0, size.width - 10 - LEFT)} height={size.height} />
          </clipPath>
          {!dense && (
          <g className="st-arrows" clipPath="url(#st-clip)">
            <g transform={`translate(${shift},0)`}>
              {shown.map((a, i) => {
                const y0 = y(a.from);
                const y1 = y(a.to);
                if (y0 === undefined || y1 === undefined) return null;
                return (
                  <Arrow
                    key={a.id}
                    a={a}
                    k={k}
                    origin={origin}
                    y0={y0}
                    y1={y1}
                    now={a.at !== null && a.at <= now ? null : now}
                    tabbable={i === focusIndex}
                    t={t}
                    onJump={scrubTo}
                    onKey={onArrowKey}
                    onFocusArrow={setFocusId}
                  />
                );
              })}
            </g>
          </g>
          )}
          {!dense && <line className="st-now" x1={nowX} x2={nowX} y1={TOP - 4} y2={size.height} />}
        </svg>
        {dense && (
          <canvas
            ref={canvasRef}
            className="st-arrow-canvas"
            style={{ width: size.width, height: size.height }}
            role="img"
            aria-label={t('spacetime.dense', { count: shown.length })}
            onClick={(e) => {
              const sg = pointAt(e);
              if (sg) scrubTo(sg.a.at === null ? sg.a.sentAt : (sg.a.sentAt + sg.a.at) / 2);
            }}
            onPointerMove={(e) => {
              const sg = pointAt(e);
              const label = sg ? arrowLabel(sg.a, t) : null;
              if (label !== hover) setHover(label);
            }}
            onPointerLeave={() => setHover(null)}
            data-testid="st-canvas"
          />
        )}
      </div>
    </div>
  );
}
