/**
 * Space-time diagram: one lane per node, time to the right, messages as arrows from send to arrival (a ✕
 * when dropped; still in flight: up to where it is now), fault bands on the lanes, and the time cursor.
 * Click an arrow to jump to the middle of its flight (the topology then shows it mid-flight).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { scaleLinear, scalePoint } from 'd3';
import { useTranslation } from 'react-i18next';
import type { ArrowView } from '../worker/api';
import { useLab } from './store';
import { formatSeconds, messageColor } from './layout';
import { BAND_COLORS } from './Timeline';
import { useSize } from './useSize';

const WINDOWS = [10, 100, 1000, 5000];
const LEFT = 70;
const TOP = 22;

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
  // keyboard: one tab stop for all arrows (roving focus); ← / → move between them, Enter jumps there
  const focusIndex = Math.max(0, shown.findIndex((a) => a.id === focusId));
  const onArrowKey = (e: KeyboardEvent<SVGGElement>, i: number, jump: () => void) => {
    let next: number;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(shown.length - 1, i + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(0, i - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = shown.length - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      jump();
      return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
    const id = shown[next]?.id;
    if (id === undefined) return;
    setFocusId(id);
    requestAnimationFrame(() => svgRef.current?.querySelector<SVGGElement>(`[data-arrow="${id}"]`)?.focus());
  };

  return (
    <div className="spacetime" data-testid="spacetime">
      <div className="st-controls">
        <span>{t('spacetime.window')}</span>
        {WINDOWS.map((w) => (
          <button key={w} type="button" className="btn btn-small" aria-pressed={w === windowMs} onClick={() => setWindowMs(w)}>
            {w >= 1000 ? `${w / 1000} s` : `${w} ms`}
          </button>
        ))}
        <span className="muted">{t('spacetime.hint')}</span>
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
          <g className="st-arrows">
            {shown.map((a, i) => {
              const y0 = y(a.from);
              const y1 = y(a.to);
              if (y0 === undefined || y1 === undefined) return null;
              const end = a.at === null ? now : Math.min(a.at, now);
              const x0 = x(a.sentAt);
              const x1 = x(end);
              const done = a.at !== null && a.at <= now;
              const f = a.at === null ? 1 : done ? 1 : (now - a.sentAt) / Math.max(1e-9, a.at - a.sentAt);
              const ye = y0 + (y1 - y0) * Math.min(1, f);
              const color = messageColor(a.type);
              const jump = () => scrubTo(a.at === null ? a.sentAt : (a.sentAt + a.at) / 2);
              return (
                <g
                  key={a.id}
                  className={`st-arrow${a.dropped ? ' st-dropped' : ''}`}
                  onClick={jump}
                  onKeyDown={(e) => onArrowKey(e, i, jump)}
                  onFocus={() => setFocusId(a.id)}
                  tabIndex={i === focusIndex ? 0 : -1}
                  role="button"
                  aria-label={`${a.from} → ${a.to}: ${a.type}, ${formatSeconds(a.sentAt)} s${a.dropped ? `, ${t('spacetime.dropped')}` : ''}`}
                  data-arrow={a.id}
                  data-testid="st-arrow"
                >
                  <title>{`${a.from} → ${a.to}: ${a.type} (${formatSeconds(a.sentAt)} s${a.dropped ? `, ${t('spacetime.dropped')}` : ''})`}</title>
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
            })}
          </g>
          <line className="st-now" x1={x(now)} x2={x(now)} y1={TOP - 4} y2={size.height} />
        </svg>
      </div>
    </div>
  );
}
