/** Parses simulated durations: `500ms`, `10s`, `2m`, `1h`, `1.5s`; a bare number is milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|min|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2] ?? 'ms';
  const factor = unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000;
  const ms = n * factor;
  return Number.isFinite(ms) ? ms : undefined;
}

/** Formats simulated ms for people: `1.234 s`, `12 ms`. */
export function formatDuration(ms: number): string {
  if (Math.abs(ms) < 1000) return `${Math.round(ms * 1000) / 1000} ms`;
  return `${(ms / 1000).toFixed(3)} s`;
}
