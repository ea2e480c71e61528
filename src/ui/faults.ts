/**
 * Fault records of the trace in plain words ("zk1 → zk2: loss 30 %", "zk1 no longer hears zk5 (one-way cut)").
 * The kernel records them compactly (`what` + a detail like "zk5>zk1" or a JSON patch of the link's settings);
 * this reads that back. A record it cannot read is shown as it is.
 */
import type { TFunction } from 'i18next';
import { dynamicT } from '../i18n';

interface LinkPatch {
  loss?: number;
  extraDelayMs?: number;
  jitterMs?: number;
  duplicate?: number;
  fifo?: boolean;
}

function num(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** "loss 30 % · delay +200 ms (jitter 50 ms)" for the settings a link patch changes. */
function patchText(p: LinkPatch, t: TFunction): string {
  const tt = dynamicT(t);
  const parts: string[] = [];
  if (num(p.loss)) parts.push(tt('fault.part.loss', { value: Math.round(p.loss * 1000) / 10 }));
  if (num(p.extraDelayMs)) parts.push(tt(p.jitterMs ? 'fault.part.delayJitter' : 'fault.part.delay', { ms: p.extraDelayMs, jitter: p.jitterMs ?? 0 }));
  else if (num(p.jitterMs)) parts.push(tt('fault.part.jitter', { jitter: p.jitterMs }));
  if (num(p.duplicate)) parts.push(tt('fault.part.dup', { value: Math.round(p.duplicate * 1000) / 10 }));
  if (typeof p.fifo === 'boolean') parts.push(tt(p.fifo ? 'fault.part.fifo' : 'fault.part.reorder'));
  return parts.join(' · ');
}

function parsePatch(json: string): LinkPatch | null {
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as LinkPatch) : null;
  } catch {
    return null;
  }
}

const groups = (s: string) => s.split('|').map((g) => g.split(',').join(', ')).join(' | ');

/** A fault record in the reader's language, or null when it is not one this knows. */
export function faultText(what: string, node: string | undefined, detail: string | undefined, t: TFunction): string | null {
  const tt = dynamicT(t);
  const d = detail ?? '';
  switch (what) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'isolate':
      return node ? tt(`fault.${what}`, { node }) : null;
    case 'skew':
      return node ? tt('fault.skew', { node, ms: d }) : null;
    case 'heal':
      return tt('fault.heal');
    case 'partition':
      return tt('fault.partition', { groups: groups(d) });
    case 'majorities-ring':
      return tt('fault.ring', { nodes: d.split(',').join(', ') });
    case 'bridge':
      return node ? tt('fault.bridge', { node, groups: groups(d) }) : null;
    case 'cut': {
      const m = /^([^>]+)>(.+)$/.exec(d);
      return m ? tt('fault.cut', { from: m[1], to: m[2] }) : null;
    }
    case 'link': {
      const m = /^([^>\s]+)>(\S+) (.*)$/.exec(d);
      const patch = parsePatch(m ? (m[3] as string) : d);
      if (!patch) return null;
      const text = patchText(patch, t);
      return m ? tt('fault.link', { from: m[1], to: m[2], what: text }) : tt('fault.allLinks', { what: text });
    }
    default:
      return null;
  }
}
