/**
 * The reasons ZooKeeper servers give in their notes ("stopped being FOLLOWING (…)", "lost follower 2 (…)") in the
 * reader's language. The simulator writes them in English, several of them as ZooKeeper 3.8 logs them; each is
 * matched here and translated with its numbers kept. A reason no pattern knows is shown as it is.
 */
import type { TFunction } from 'i18next';
import { dynamicT } from '../i18n';

type Values = Record<string, string>;
const PATTERNS: Array<[RegExp, string, (m: RegExpExecArray) => Values]> = [
  [/^leader timed out \(no packet for syncLimit ticks\)$/, 'leaderTimedOut', () => ({})],
  [/^timed out while connecting or syncing with the leader$/, 'syncTimedOut', () => ({})],
  [/^Failed connect to leader (\d+)$/, 'failedConnect', (m) => ({ sid: m[1] as string })],
  [/^connection to the leader broken \(packet (\d+) lost\)$/, 'leaderLinkBroken', (m) => ({ n: m[1] as string })],
  [/^connection broken \(packet (\d+) lost\)$/, 'linkBroken', (m) => ({ n: m[1] as string })],
  [/^Leaders epoch, (\d+) is less than accepted epoch, (\d+)$/, 'staleEpoch', (m) => ({ epoch: m[1] as string, accepted: m[2] as string })],
  [/^Not able to truncate the log (0x[0-9a-f]+)$/, 'truncFailed', (m) => ({ zxid: m[1] as string })],
  [/^UNMATCHED_TXN_COMMIT$/, 'unmatchedCommit', () => ({})],
  [/^Not sufficient followers synced, only synced with sids: \[ ?([\d,]*) ?\]$/, 'notSynced', (m) => ({ sids: m[1] as string })],
  [/^Timeout while waiting for epoch from quorum$/, 'epochTimeout', () => ({})],
  [/^Timeout while waiting for epoch to be acked by quorum$/, 'epochAckTimeout', () => ({})],
  [/^Timeout while waiting for NEWLEADER to be acked by quorum$/, 'newLeaderTimeout', () => ({})],
  [/^Follower is ahead of the leader, leader summary: (\d+) \(current epoch\), (0x[0-9a-f]+) \(last zxid\)$/, 'followerAhead', (m) => ({ epoch: m[1] as string, zxid: m[2] as string })],
  [/^Closing connection to peer due to transaction timeout\.$/, 'txnTimeout', () => ({})],
  [/^learner reconnected$/, 'learnerReconnected', () => ({})],
  [/^learner closed the connection$/, 'learnerClosed', () => ({})],
  [/^learner shutdown$/, 'learnerShutdown', () => ({})],
  [/^read timeout$/, 'readTimeout', () => ({})],
  [/^refused$/, 'refused', () => ({})],
  [/^no such connection$/, 'noSuchConnection', () => ({})],
  [/^connection reset: the peer process died$/, 'peerDied', () => ({})],
  [/^ZooKeeperServer not running$/, 'notRunning', () => ({})],
  [/^connection unknown to the server$/, 'unknownConnection', () => ({})],
  [/^session expired$/, 'sessionExpired', () => ({})],
  [/^session closed$/, 'sessionClosed', () => ({})],
  [/^client closed$/, 'clientClosed', () => ({})],
];

/** A reason in the reader's language ("leader closed the connection (…)" translates what is inside too). */
export function reasonText(reason: string, t: TFunction): string {
  const tt = dynamicT(t);
  const closed = /^leader closed the connection \((.*)\)$/.exec(reason);
  if (closed) return tt('reason.leaderClosed', { inner: closed[1] ? reasonText(closed[1], t) : '' });
  for (const [re, key, values] of PATTERNS) {
    const m = re.exec(reason);
    if (m) return tt(`reason.${key}`, values(m));
  }
  return reason;
}
