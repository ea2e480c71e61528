import { memo, useMemo } from 'react';
import type { KeyboardEvent } from 'react';
import { symbol, symbolCross } from 'd3';
import { useTranslation } from 'react-i18next';
import type { NodeView } from '../worker/api';
import { DETAIL_CHARS_CLIENT, DETAIL_CHARS_SERVER, DETAIL_LINES_CLIENT, DETAIL_LINES_SERVER, NODE_RADIUS, roleColors } from './layout';
import type { Placed } from './layout';
import { dynamicT } from '../i18n';

const crossPath = symbol(symbolCross, 2600)() ?? '';
const smallCrossPath = symbol(symbolCross, 120)() ?? '';

/** Status icon (shape, not only colour): a pulse dot for up, ✕ for crashed, ‖ for paused. */
export function StatusIcon({ status, size = 1 }: { status: NodeView['status']; size?: number }) {
  if (status === 'crashed') return <path d={smallCrossPath} transform={`rotate(45) scale(${size})`} className="icon-crashed" />;
  if (status === 'paused')
    return (
      <g transform={`scale(${size})`} className="icon-paused">
        <rect x={-6} y={-7} width={4} height={14} rx={1} />
        <rect x={2} y={-7} width={4} height={14} rx={1} />
      </g>
    );
  return <circle r={6 * size} className="icon-up" />;
}

type Detail = NodeView['description']['detail'];
/** How a detail entry is spelled: its key and value in the reader's language (identity when not given). */
export type DetailWords = (key: string, value: string | number | boolean | null) => string;
const plainWords: DetailWords = (k, v) => `${k} ${v === null ? '–' : String(v)}`;

/** The detail entries as words, e.g. "epoch 1" (or "에포크 1"). */
export function detailParts(detail: Detail, words: DetailWords = plainWords): string[] {
  return detail ? Object.entries(detail).map(([k, v]) => words(k, v)) : [];
}

/** Width of a text in "Latin characters" (a Hangul syllable counts as about two). */
function chars(text: string): number {
  return textWidth(text, 1) / 0.56;
}

/** Packs `key value` entries into at most `maxLines` lines of at most `maxChars` (Latin-width) characters. */
export function detailLines(detail: Detail, maxChars: number, maxLines = 3, words: DetailWords = plainWords): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of detailParts(detail, words)) {
    const next = line ? `${line} · ${part}` : part;
    if (line && chars(next) > maxChars) {
      lines.push(line);
      line = part;
    } else line = next;
    if (lines.length >= maxLines) break;
  }
  if (line && lines.length < maxLines) lines.push(line);
  return lines.map((l) => {
    if (chars(l) <= maxChars + 4) return l;
    let cut = l;
    while (cut && chars(cut) > maxChars + 3) cut = cut.slice(0, -1);
    return `${cut}…`;
  });
}

/** Approximate rendered width of a text (Latin capitals ~0.68em, other Latin ~0.56em, Hangul/CJK ~1em). */
export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x1100) em += 1;
    else if (ch >= 'A' && ch <= 'Z') em += 0.68;
    else if (ch === ' ') em += 0.3;
    else em += 0.56;
  }
  return em * fontSize;
}

function badgeWidth(text: string, fontSize: number): number {
  return Math.max(48, textWidth(text, fontSize) + 24);
}

/**
 * Detail keys and yes/no in the reader's language (`detail.*` in the i18n files; a key without a translation is
 * shown as it is). Values (zxids, ids, states) are protocol data and stay as they are.
 */
function useDetailWords(): DetailWords {
  const { t, i18n } = useTranslation();
  return useMemo<DetailWords>(() => {
    const tt = dynamicT(t);
    const cache = new Map<string, string>();
    const key = (k: string) => {
      let w = cache.get(k);
      if (w === undefined) {
        w = i18n.exists(`detail.${k}`) ? tt(`detail.${k}`) : k;
        cache.set(k, w);
      }
      return w;
    };
    const yes = tt('detail.yes');
    const no = tt('detail.no');
    return (k, v) => `${key(k)} ${v === null ? '–' : v === true ? yes : v === false ? no : String(v)}`;
  }, [t, i18n]);
}

interface Props {
  node: NodeView;
  at: Placed;
  expanded: boolean;
  onOpen(id: string): void;
}

export const NodeGlyph = memo(function NodeGlyph({ node, at, expanded, onOpen }: Props) {
  const { t } = useTranslation();
  const role = node.description.role;
  const status = t(`status.${node.status}`);
  const [fg, bg] = roleColors(role ?? '');
  const client = node.role === 'client';
  const words = useDetailWords();
  const lines = detailLines(
    node.description.detail,
    client ? DETAIL_CHARS_CLIENT : DETAIL_CHARS_SERVER,
    client ? DETAIL_LINES_CLIENT : DETAIL_LINES_SERVER,
    words,
  );
  const onKey = (e: KeyboardEvent<SVGCircleElement>) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      e.stopPropagation();
      onOpen(node.id);
    }
  };
  const r = NODE_RADIUS;
  // status and detail lines: below the node, or above its role badge when it sits high on the ring
  const shown = at.compact ? [] : lines;
  const L = shown.length;
  const statusY = !at.flipped ? r + 24 : L > 0 ? -r - 54 - (L - 1) * 21 - 26 : -r - 50;
  const detailY = (i: number) => (!at.flipped ? r + 50 + i * 21 : -r - 54 - (L - 1 - i) * 21);
  const detailText = detailParts(node.description.detail, words).join(', ');
  const label = t('node.aria', {
    id: node.id,
    status,
    role: role ? t('node.roleSuffix', { role }) : '',
  });
  // The focusable element is the halo circle alone (no visible text inside it, so its label can say
  // everything); the outer group takes mouse clicks anywhere on the glyph.
  return (
    <g
      className={`node node--${node.status}`}
      transform={`translate(${at.x},${at.y})${at.scale !== 1 ? ` scale(${at.scale.toFixed(3)})` : ''}`}
      data-testid={`node-${node.id}`}
      data-node={node.id}
      data-status={node.status}
      data-role={role ?? ''}
      onClick={() => onOpen(node.id)}
    >
      <circle
        className="node-halo"
        r={r + 9}
        role="button"
        tabIndex={0}
        aria-haspopup="menu"
        aria-expanded={expanded}
        aria-label={detailText ? `${label} ${detailText}` : label}
        data-node-focus={node.id}
        onKeyDown={onKey}
      />
      <g aria-hidden="true">
        <title>{detailText ? `${node.id} · ${status}${role ? ` · ${role}` : ''}\n${detailText}` : `${node.id} · ${status}`}</title>
        <circle className="node-body" r={r} />
        {node.status === 'crashed' && <path className="node-cross" d={crossPath} transform="rotate(45)" />}
        <text className="node-id" dy="0.35em" fontSize={Math.min(22, (2 * r - 14) / Math.max(1, textWidth(node.id, 1)))}>
          {node.id}
        </text>
        {role && (
          <g className="role-badge" transform={`translate(0,${-r - 22})`}>
            <rect x={-badgeWidth(role, 15) / 2} y={-14} width={badgeWidth(role, 15)} height={28} rx={14} fill={bg} stroke={fg} strokeOpacity={0.35} />
            <text dy="0.35em" fill={fg}>
              {role}
            </text>
          </g>
        )}
        <g className="status-line" transform={`translate(${-(textWidth(status, 17) + 22) / 2},${statusY})`}>
          <g transform="translate(7,0)">
            <StatusIcon status={node.status} />
          </g>
          <text x={22} dy="0.35em" data-testid={`node-status-${node.id}`}>
            {status}
          </text>
        </g>
        {shown.map((line, i) => (
          <text key={i} className="node-detail" y={detailY(i)} dy="0.35em">
            {line}
          </text>
        ))}
      </g>
    </g>
  );
});
