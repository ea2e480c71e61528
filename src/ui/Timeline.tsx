/**
 * The timeline: simulated time axis, fault bands (one lane per kind, coloured like Jepsen's nemesis bands
 * AND labelled), user actions, checkpoints, the cursor at `now` and the recorded future after a seek back.
 * Click or drag to seek (the worker's `seek`); keyboard: ←/→ ±0.1 s, PageUp/PageDown ±1 s, Home/End.
 */
import { memo, useMemo, useRef } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { scaleLinear } from 'd3';
import { useTranslation } from 'react-i18next';
import type { FaultBand, FaultKind } from '../worker/api';
import { useLab } from './store';
import { formatSeconds } from './layout';
import { textWidth } from './NodeGlyph';
import { useSize } from './useSize';

export const BAND_COLORS: Record<FaultKind, string> = {
  partition: '#E9DCA0',
  kill: '#E9A4A0',
  pause: '#A0B1E9',
  clock: '#A0E9E3',
  packet: '#D1E8A0',
};
const KIND_ORDER: FaultKind[] = ['kill', 'pause', 'partition', 'packet', 'clock'];

const AXIS_H = 22;
const LANE_H = 20;
const LEFT = 92;
const RIGHT = 14;

/** A round end for the axis, so the scale stays put while time runs (it grows in steps). */
export function axisEnd(t: number): number {
  const v = Math.max(5000, t * 1.04);
  const step = 10 ** Math.floor(Math.log10(v)) / 2;
  return Math.ceil(v / step) * step;
}

/** Bands, actions, checkpoints and the axis: redrawn with the slower panel view, not every frame. */
const Lanes = memo(function Lanes({ end, width, height, kinds }: { end: number; width: number; height: number; kinds: FaultKind[] }) {
  const { t } = useTranslation();
  const bands = useLab((s) => s.panels?.bands);
  const checkpoints = useLab((s) => s.panels?.checkpoints);
  const actions = useLab((s) => s.panels?.actions);
  const openEnd = useLab((s) => Math.max(s.panels?.horizon ?? 0, s.panels?.now ?? 0));
  const x = scaleLinear().domain([0, end]).range([LEFT, Math.max(LEFT + 10, width - RIGHT)]);
  const ticks = x.ticks(Math.max(2, Math.floor(width / 110)));
  const bandLabel = (b: FaultBand) => `${t(`band.${b.kind}`)}: ${b.label}`;
  return (
    <>
      <rect x={x(0)} y={0} width={x(end) - x(0)} height={height} className="tl-bg" />
      <g className="tl-axis">
        {ticks.map((v) => (
          <g key={v} transform={`translate(${x(v)},0)`}>
            <line y1={AXIS_H - 6} y2={height} />
            <text x={3} y={AXIS_H - 8}>
              {`${(v / 1000).toFixed(v % 1000 ? 1 : 0)} s`}
            </text>
          </g>
        ))}
      </g>
      {kinds.length === 0 && (
        <text x={LEFT + 6} y={AXIS_H + LANE_H / 2} dy="0.35em" className="tl-none">
          {t('timeline.noFaults')}
        </text>
      )}
      {kinds.map((k, i) => (
        <g key={k} transform={`translate(0,${AXIS_H + i * LANE_H})`} data-testid={`band-lane-${k}`}>
          <text x={LEFT - 6} y={LANE_H / 2} dy="0.35em" textAnchor="end" className="tl-lane">
            {t(`band.${k}`)}
          </text>
          {bands
            ?.filter((b) => b.kind === k)
            .map((b, j) => {
              const x0 = x(b.start);
              const x1 = Math.max(x0 + 4, x(b.end ?? openEnd));
              const label = bandLabel(b);
              const fits = textWidth(b.label, 12) < x1 - x0 - 8;
              return (
                <g key={j} className={`tl-band tl-band--${k}`} data-testid="fault-band" data-kind={k}>
                  <title>{`${label} (${formatSeconds(b.start)} – ${b.end === null ? '…' : formatSeconds(b.end)} s)`}</title>
                  <rect x={x0} y={2} width={x1 - x0} height={LANE_H - 4} rx={3} fill={BAND_COLORS[k]} />
                  {fits && (
                    <text x={x0 + 4} y={LANE_H / 2} dy="0.35em">
                      {b.label}
                    </text>
                  )}
                </g>
              );
            })}
        </g>
      ))}
      <g className="tl-checkpoints" aria-hidden="true">
        {checkpoints?.map((c, i) => (
          <path key={i} d={`M${x(c)},${AXIS_H - 2} l-3,-5 h6 z`} />
        ))}
      </g>
      <g className="tl-actions">
        {actions?.map((a, i) => (
          <g key={i} transform={`translate(${x(a.at)},${AXIS_H - 1})`} data-testid="tl-action">
            <title>{`${t('timeline.action')}: ${a.label} (t = ${formatSeconds(a.at)} s)`}</title>
            <rect x={-4} y={-4} width={8} height={8} transform="rotate(45)" />
          </g>
        ))}
      </g>
    </>
  );
});

export function Timeline() {
  const { t } = useTranslation();
  const [ref, size] = useSize<HTMLDivElement>(800, 60);
  const now = useLab((s) => s.view?.now ?? 0);
  const horizon = useLab((s) => s.view?.horizon ?? 0);
  const kindsKey = useLab((s) => KIND_ORDER.filter((k) => s.panels?.bands.some((b) => b.kind === k)).join(','));
  const lastAction = useLab((s) => s.panels?.actions.at(-1)?.at ?? 0);
  const scrubTo = useLab((s) => s.scrubTo);
  const dragging = useRef(false);

  const end = axisEnd(Math.max(horizon, now, lastAction));
  const x = useMemo(() => scaleLinear().domain([0, end]).range([LEFT, Math.max(LEFT + 10, size.width - RIGHT)]), [end, size.width]);
  const kinds = useMemo(() => (kindsKey ? (kindsKey.split(',') as FaultKind[]) : []), [kindsKey]);
  const lanes = Math.max(1, kinds.length);
  const height = AXIS_H + lanes * LANE_H + 8;

  const timeAt = (clientX: number, el: Element) => {
    const r = el.getBoundingClientRect();
    return Math.max(0, Math.min(end, x.invert(clientX - r.left)));
  };
  const onDown = (e: PointerEvent<SVGSVGElement>) => {
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    scrubTo(timeAt(e.clientX, e.currentTarget));
  };
  const onMove = (e: PointerEvent<SVGSVGElement>) => {
    if (dragging.current) scrubTo(timeAt(e.clientX, e.currentTarget));
  };
  const onUp = () => {
    dragging.current = false;
  };
  const onKey = (e: KeyboardEvent<SVGSVGElement>) => {
    const step = e.key === 'ArrowLeft' ? -100 : e.key === 'ArrowRight' ? 100 : e.key === 'PageDown' ? -1000 : e.key === 'PageUp' ? 1000 : 0;
    if (step) {
      e.preventDefault();
      e.stopPropagation();
      scrubTo(Math.max(0, now + step));
    } else if (e.key === 'Home') {
      e.preventDefault();
      scrubTo(0);
    } else if (e.key === 'End') {
      e.preventDefault();
      scrubTo(horizon);
    }
  };

  // a lesson step replaying its own past is not "looking at the past" in the forking sense
  const replaying = useLab((s) => s.playUntil !== null);
  const inPast = horizon - now > 0.5 && !replaying;

  return (
    <section className="timeline" aria-label={t('timeline.label')} data-testid="timeline">
      <div className="timeline-bar" ref={ref}>
        <svg
          width={size.width}
          height={height}
          role="slider"
          tabIndex={0}
          aria-label={t('timeline.scrub')}
          aria-valuemin={0}
          aria-valuemax={Math.round(end)}
          aria-valuenow={Math.round(now)}
          aria-valuetext={t('transport.clockValue', { t: formatSeconds(now) })}
          onPointerDown={onDown}
          onPointerMove={onMove}
          onPointerUp={onUp}
          onPointerCancel={onUp}
          onKeyDown={onKey}
          data-testid="timeline-svg"
          data-end={end}
          data-left={LEFT}
          data-right={RIGHT}
        >
          <Lanes end={end} width={size.width} height={height} kinds={kinds} />
          {horizon > now && <rect x={x(now)} y={0} width={x(horizon) - x(now)} height={height} className="tl-future" />}
        </svg>
        {/* the cursor moves every frame: an overlay of its own (a composited layer moved by a transform), so the
            timeline itself is not repainted for it */}
        <svg className="tl-cursor" width={14} height={height} viewBox={`-7 0 14 ${height}`} style={{ transform: `translateX(${x(now) - 7}px)` }} aria-hidden="true" focusable="false" data-testid="timeline-cursor">
          <line y1={0} y2={height} />
          <path d="M-6,0 h12 l-6,7 z" />
        </svg>
      </div>
      {inPast && (
        <p className="tl-fork" role="note" data-testid="fork-note">
          {t('timeline.inPast', { now: formatSeconds(now), horizon: formatSeconds(horizon) })}
        </p>
      )}
    </section>
  );
}
