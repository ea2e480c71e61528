/**
 * Exporting a view as a picture for slides: the SVG is cloned with every computed style written out as SVG
 * presentation attributes (so the file looks the same without the app's stylesheet, and no inline `style`
 * attribute is needed under the Content-Security-Policy), the canvas layer of messages is laid on top as an
 * image, and the PNG is the same SVG drawn at twice the size.
 */

/** Style properties that are also SVG presentation attributes. */
const PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-opacity',
  'stroke-dasharray',
  'stroke-linecap',
  'stroke-linejoin',
  'opacity',
  'font-family',
  'font-size',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
  'paint-order',
] as const;

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface ExportedSvg {
  text: string;
  width: number;
  height: number;
}

/** A standalone SVG document of `svg` as it looks now (with `overlay` canvases drawn over it). */
export function serializeSvg(svg: SVGSVGElement, options: { title: string; background?: string; overlays?: HTMLCanvasElement[] }): ExportedSvg {
  const box = svg.getBoundingClientRect();
  const width = Math.max(1, Math.round(box.width));
  const height = Math.max(1, Math.round(box.height));
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [clone, ...clone.querySelectorAll('*')];
  from.forEach((el, i) => {
    const target = to[i];
    if (!target) return;
    const cs = getComputedStyle(el);
    for (const p of PROPS) {
      const v = cs.getPropertyValue(p);
      if (v && v !== 'normal' && !(p === 'display' && v !== 'none')) target.setAttribute(p, v);
    }
    target.removeAttribute('class');
    target.removeAttribute('data-testid');
    target.removeAttribute('tabindex');
  });
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = options.title;
  const bg = document.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', options.background ?? '#ffffff');
  clone.insertBefore(bg, clone.firstChild);
  clone.insertBefore(title, clone.firstChild);
  for (const canvas of options.overlays ?? []) {
    if (!canvas.width || !canvas.height) continue;
    const cb = canvas.getBoundingClientRect();
    const img = document.createElementNS(SVG_NS, 'image');
    img.setAttribute('href', canvas.toDataURL('image/png'));
    img.setAttribute('x', String(Math.round(cb.left - box.left)));
    img.setAttribute('y', String(Math.round(cb.top - box.top)));
    img.setAttribute('width', String(Math.round(cb.width)));
    img.setAttribute('height', String(Math.round(cb.height)));
    clone.appendChild(img);
  }
  return { text: new XMLSerializer().serializeToString(clone), width, height };
}

/** The SVG drawn into a PNG at `scale` times its size. */
export async function svgToPng(svg: ExportedSvg, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the picture could not be drawn'));
      img.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(svg.width * scale);
    canvas.height = Math.round(svg.height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas in this browser');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The cluster picture (topology + messages in flight). */
export function clusterSvgElement(): { svg: SVGSVGElement; overlays: HTMLCanvasElement[] } | null {
  const svg = document.querySelector<SVGSVGElement>('[data-testid="cluster-svg"]');
  if (!svg) return null;
  const overlays = [...document.querySelectorAll<HTMLCanvasElement>('[data-testid="message-canvas"]')];
  return { svg, overlays };
}

/** Canvases drawn over the open dock panel's picture (the space-time arrows of a busy window). */
export function dockOverlays(): HTMLCanvasElement[] {
  return [...document.querySelectorAll<HTMLCanvasElement>('#dock-panel canvas')];
}

/** The largest SVG in the open dock panel (znode tree, space-time diagram), if any. */
export function dockSvgElement(): SVGSVGElement | null {
  const svgs = [...document.querySelectorAll<SVGSVGElement>('#dock-panel svg')];
  let best: SVGSVGElement | null = null;
  let area = 0;
  for (const s of svgs) {
    const r = s.getBoundingClientRect();
    if (r.width * r.height > area && r.width > 80 && r.height > 60) {
      area = r.width * r.height;
      best = s;
    }
  }
  return best;
}
