/**
 * Small helpers shared by the ZooKeeper server and client machines: zxid arithmetic (epoch in the high 32
 * bits, counter in the low 32 bits, like `server/util/ZxidUtils`), hex formatting, majority quorums.
 */

export const TWO_32 = 2 ** 32;

export function makeZxid(epoch: number, counter: number): number {
  return epoch * TWO_32 + counter;
}

export function epochOf(zxid: number): number {
  return Math.floor(zxid / TWO_32);
}

export function counterOf(zxid: number): number {
  return zxid - epochOf(zxid) * TWO_32;
}

/** `0x100000002`, `0x0` – like Long.toHexString with the 0x prefix. */
export function hex(n: number): string {
  if (n < 0) return '-0x' + (-n).toString(16);
  return '0x' + n.toString(16);
}

/** QuorumMaj.containsQuorum: a strict majority of the voting members. */
export function isQuorum(count: number, voters: number): boolean {
  return count > voters / 2;
}

/** Sorted copy without duplicates. */
export function uniqSorted(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}
