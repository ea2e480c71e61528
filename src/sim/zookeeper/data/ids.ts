/**
 * Zxids, session ids, paths and byte lengths.
 */
import type { SessionId, Zxid } from './types';

const TWO_32 = 2 ** 32;
const MASK_64 = (1n << 64n) - 1n;

/** `0x100000002`, `0x0`: '0x' + Long.toHexString. */
export function formatZxid(z: Zxid): string {
  return '0x' + z.toString(16);
}

/** ZxidUtils.makeZxid(epoch, counter). */
export function makeZxid(epoch: number, counter: number): Zxid {
  return epoch * TWO_32 + counter;
}

export function zxidEpoch(z: Zxid): number {
  return Math.floor(z / TWO_32);
}

export function zxidCounter(z: Zxid): number {
  return z - zxidEpoch(z) * TWO_32;
}

/** Parses '0x1a' (or a decimal string) into a zxid. */
export function parseZxid(s: string): Zxid {
  return s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10);
}

/**
 * The session id a server hands out: SessionTrackerImpl.initializeNextSessionId(sid) gives the base
 * `((nowMs << 24) >>> 8) | (sid << 56)` (64-bit; bumped by one if it equals the container owner), and
 * each new session on that server takes base + counter (counter 0, 1, 2, ...).
 */
export function sessionIdOf(serverId: number, nowMs: number, counter: number): SessionId {
  let base = ((BigInt(Math.trunc(nowMs)) << 24n) & MASK_64) >> 8n;
  base |= (BigInt(Math.trunc(serverId)) << 56n) & MASK_64;
  if (base === 1n << 63n) base += 1n;
  const id = (base + BigInt(Math.trunc(counter))) & MASK_64;
  return '0x' + id.toString(16);
}

/** The myid of the server that created a session (the top byte of its id). */
export function serverIdOfSession(sessionId: SessionId): number {
  const v = BigInt(sessionId);
  return Number((v >> 56n) & 0xffn);
}

/** Normalizes a session id string to lowercase '0x…' without leading zeros. */
export function normalizeSessionId(s: string): SessionId {
  return '0x' + (BigInt(s.startsWith('0x') || s.startsWith('0X') ? s : '0x' + s) & MASK_64).toString(16);
}

/** Byte length of the string as Java's String.getBytes(UTF_8) encodes it (0 for null). */
export function utf8Length(s: string | null): number {
  if (s === null) return 0;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else {
        n += 1; // unpaired surrogate: Java writes '?'
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) n += 1;
    else n += 3;
  }
  return n;
}

/**
 * PathUtils.validatePath(path, isSequential): the exact IllegalArgumentException message, or null when
 * the path is valid. Sequential creates may end with '/' (the check runs on path + "1").
 */
export function validatePath(path: string | null | undefined, isSequential = false): string | null {
  if (path === null || path === undefined) return 'Path cannot be null';
  const p = isSequential ? path + '1' : path;
  if (p.length === 0) return 'Path length must be > 0';
  if (p.charAt(0) !== '/') return 'Path must start with / character';
  if (p.length === 1) return null;
  if (p.charAt(p.length - 1) === '/') return 'Path must not end with / character';
  let reason: string | null = null;
  let lastc = '/';
  for (let i = 1; i < p.length; lastc = p.charAt(i), i++) {
    const c = p.charAt(i);
    const code = p.charCodeAt(i);
    if (code === 0) {
      reason = 'null character not allowed @' + i;
      break;
    } else if (c === '/' && lastc === '/') {
      reason = 'empty node name specified @' + i;
      break;
    } else if (c === '.' && lastc === '.') {
      if (p.charAt(i - 2) === '/' && (i + 1 === p.length || p.charAt(i + 1) === '/')) {
        reason = 'relative paths not allowed @' + i;
        break;
      }
    } else if (c === '.') {
      if (p.charAt(i - 1) === '/' && (i + 1 === p.length || p.charAt(i + 1) === '/')) {
        reason = 'relative paths not allowed @' + i;
        break;
      }
    } else if (
      (code > 0 && code <= 0x1f) ||
      (code >= 0x7f && code <= 0x9f) ||
      (code >= 0xd800 && code <= 0xf8ff) ||
      (code >= 0xfff0 && code <= 0xffff)
    ) {
      reason = 'invalid character @' + i;
      break;
    }
  }
  return reason === null ? null : `Invalid path string "${p}" caused by ${reason}`;
}

/** Parent path: '/a/b' → '/a', '/a' → '/'. Null for '/'. */
export function parentPath(path: string): string | null {
  if (path === '/') return null;
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Last path segment: '/a/b' → 'b'. */
export function nodeName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(parent: string, name: string): string {
  return parent === '/' ? '/' + name : parent + '/' + name;
}

/** Java String.format("%010d", n) for an int. */
export function formatSequence(n: number): string {
  if (n < 0) return '-' + String(-n).padStart(9, '0');
  return String(n).padStart(10, '0');
}

/** Index of the first element of a sorted string array that is not less than s. */
function lowerBound(arr: readonly string[], s: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as string) < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Insert into a sorted string array (no duplicates). Returns false if already present. */
export function sortedInsert(arr: string[], s: string): boolean {
  const lo = lowerBound(arr, s);
  if (arr[lo] === s) return false;
  arr.splice(lo, 0, s);
  return true;
}

/** Remove from a sorted string array. Returns false if absent. */
export function sortedRemove(arr: string[], s: string): boolean {
  const lo = lowerBound(arr, s);
  if (arr[lo] !== s) return false;
  arr.splice(lo, 1);
  return true;
}

export function sortedHas(arr: readonly string[], s: string): boolean {
  return arr[lowerBound(arr, s)] === s;
}
