/**
 * Plumbing shared by the server modules: the list of kernel requests an event handler produces, peer
 * lookups, quorum checks and small context helpers.
 */
import type { KernelRequest, NodeEnv, WireMessage } from '../../kernel/types';
import { cancelTimer, diskWrite, note, send, setTimer, violation } from '../../kernel/machine';
import type { Json } from '../../kernel/types';
import type { PeerInfo, ServerContext } from './types';
import { isQuorum } from './util';

/** What one event handler asks the kernel to do, in order. */
export type Out = KernelRequest[];

export interface Ctx {
  s: ServerContext;
  out: Out;
  env: NodeEnv;
}

export function emitSend(c: Ctx, to: string, msg: WireMessage): void {
  c.out.push(send(to, msg));
}
export function emitTimer(c: Ctx, name: string, ms: number): void {
  c.out.push(setTimer(name, ms));
}
export function emitCancel(c: Ctx, name: string): void {
  c.out.push(cancelTimer(name));
}
export function emitDisk(c: Ctx, key: string, value: Json | undefined): void {
  c.out.push(diskWrite(key, value));
}
export function emitNote(c: Ctx, key: string, params?: Record<string, string | number>): void {
  c.out.push(note(key, params));
}
export function emitViolation(c: Ctx, invariant: string, detail: string): void {
  c.out.push(violation(invariant, detail));
}

export function peerBySid(s: ServerContext, sid: number): PeerInfo | undefined {
  return s.cfg.peers.find((p) => p.myid === sid);
}

export function peerByNode(s: ServerContext, node: string): PeerInfo | undefined {
  return s.cfg.peers.find((p) => p.node === node);
}

export function voters(s: ServerContext): PeerInfo[] {
  return s.cfg.peers.filter((p) => !p.observer);
}

export function isVoter(s: ServerContext, sid: number): boolean {
  return s.cfg.peers.some((p) => p.myid === sid && !p.observer);
}

export function amObserver(s: ServerContext): boolean {
  return !isVoter(s, s.myid);
}

/** QuorumMaj.containsQuorum over the voting members for a set of sids. */
export function hasQuorum(s: ServerContext, sids: readonly number[]): boolean {
  const v = new Set(voters(s).map((p) => p.myid));
  const n = new Set(sids.filter((x) => v.has(x))).size;
  return isQuorum(n, v.size);
}

/** Last zxid in the txn log (QuorumPeer.getLastLoggedZxid). */
export function lastLoggedZxid(s: ServerContext): number {
  const last = s.log[s.log.length - 1];
  return last ? Math.max(last.zxid, s.lastProcessed) : Math.max(s.snapZxid, s.lastProcessed);
}

export function nextConnId(c: Ctx, prefix: string): string {
  c.s.seq++;
  return `${prefix}${c.s.myid}.${c.s.incarnation}.${c.s.seq}`;
}

/** Index of the first log entry with zxid > z (binary search; the log is in zxid order). */
export function logIndexAfter(s: ServerContext, z: number): number {
  let lo = 0;
  let hi = s.log.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((s.log[mid] as { zxid: number }).zxid <= z) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function logHas(s: ServerContext, z: number): boolean {
  const i = logIndexAfter(s, z) - 1;
  return i >= 0 && (s.log[i] as { zxid: number }).zxid === z;
}
