/**
 * Readies a canvas layer for a new picture: its backing store at the device's pixel ratio for `width` ×
 * `height` CSS pixels (resized only when that changed), drawing in CSS pixels, cleared. Returns the context and
 * the ratio, or null when the canvas has no 2D context.
 */
export function clearedCanvas(c: HTMLCanvasElement | null, width: number, height: number): { ctx: CanvasRenderingContext2D; dpr: number } | null {
  const ctx = c?.getContext('2d');
  if (!c || !ctx) return null;
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(width * dpr);
  const h = Math.round(height * dpr);
  if (c.width !== w || c.height !== h) {
    c.width = w;
    c.height = h;
  }
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  return { ctx, dpr };
}
