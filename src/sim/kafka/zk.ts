/**
 * The broker's ZooKeeper client (KafkaZkClient over ZooKeeperClient): the simulated ZooKeeper client library
 * runs inside the broker machine on a context of its own. Its replies and watch events, which the library
 * emits as `kernel.output` on `zk:<broker>`, are intercepted here and handed to the broker's logic through
 * continuations (tags with plain-data arguments), so the broker context stays JSON.
 */
import type { Json, KernelRequest, NodeEnv } from '../kernel/types';
import { handleClientEvent } from '../zookeeper/client/client.machine';
import type { BrokerContext } from './types';

export interface X {
  b: BrokerContext;
  out: KernelRequest[];
  env: NodeEnv;
}

export interface ZkReplyValue {
  reqId?: number;
  rc: string;
  data?: string | null;
  stat?: { czxid: number; version: number; ephemeralOwner: string; [k: string]: unknown };
  children?: string[];
  path?: string;
  results?: Array<{ type: string; rc: string; path?: string; stat?: { version: number; czxid: number } }>;
  notConnected?: boolean;
  event?: { state: string; type: string; path: string | null };
}

/** Message types the ZooKeeper servers send to a client, and the client library's timers. */
export const ZK_CLIENT_EVENTS = new Set(['CONNECT_RESP', 'REPLY', 'EVENT', 'CPONG', 'CNX_CLOSE', 'FLW_REPLY', 'CONNECT_TIMEOUT', 'READ_TIMEOUT', 'CLIENT_PING', 'RECONNECT']);

export function isZkClientEvent(b: BrokerContext, ev: { type: string; from?: unknown }): boolean {
  if (ZK_CLIENT_EVENTS.has(ev.type) || ev.type.startsWith('FLW_TIMEOUT_')) return true;
  return ev.type === 'SOCKET_CLOSED' && typeof ev.from === 'string' && b.cfg.zkServers.includes(ev.from);
}

type Dispatch = (x: X, tag: string, reply: ZkReplyValue, data: unknown) => void;
type EventHandler = (x: X, ev: NonNullable<ZkReplyValue['event']>) => void;

let dispatchReply: Dispatch = () => {};
let dispatchEvent: EventHandler = () => {};

/** The broker module installs its continuation table here (kept out of the context: functions are not data). */
export function installZkHandlers(reply: Dispatch, event: EventHandler): void {
  dispatchReply = reply;
  dispatchEvent = event;
}

/** Runs one event through the embedded client library, passing its kernel requests on and its outputs to the broker. */
export function zkRun(x: X, ev: { type: string; [k: string]: unknown }): void {
  const zout: KernelRequest[] = [];
  handleClientEvent({ c: x.b.zk, out: zout, env: x.env }, ev);
  const outputs: ZkReplyValue[] = [];
  const channel = 'zk:' + x.b.id;
  for (const r of zout) {
    if (r.type === 'kernel.output' && r.channel === channel) outputs.push(r.value as unknown as ZkReplyValue);
    else x.out.push(r);
  }
  for (const v of outputs) onZkOutput(x, v);
}

function onZkOutput(x: X, v: ZkReplyValue): void {
  if (v.event) {
    dispatchEvent(x, v.event);
    return;
  }
  if (typeof v.reqId !== 'number') return;
  const key = String(v.reqId);
  const w = x.b.zkWait[key];
  if (!w) return;
  delete x.b.zkWait[key];
  if (v.rc === 'ConnectionLoss' && !v.notConnected && w.req) {
    // KafkaZkClient.retryRequestsUntilConnected: a request that failed with CONNECTIONLOSS is sent again once the
    // client is connected (the library queues it until then); Kafka's logic never sees CONNECTIONLOSS. A write
    // whose reply was lost may thus come back as NodeExists / BadVersion: the callers check what is in ZooKeeper.
    const reqId = x.b.zkReq++;
    x.b.zkWait[String(reqId)] = w;
    zkRun(x, { type: 'zk.call', reqId, request: w.req as Record<string, Json> });
    return;
  }
  if (w.batch !== undefined) {
    const bk = String(w.batch);
    const batch = x.b.zkBatches[bk];
    if (!batch) return;
    batch.replies[w.idx ?? 0] = v as unknown as Json;
    batch.left--;
    if (batch.left <= 0) {
      delete x.b.zkBatches[bk];
      dispatchReply(x, batch.tag, { rc: 'OK', results: batch.replies as never }, batch.data);
    }
    return;
  }
  dispatchReply(x, w.tag, v, w.data);
}

/** One ZooKeeper call; `tag` (with `data`) says what to do with the reply. */
export function zkCall(x: X, request: Record<string, Json>, tag: string, data?: unknown): void {
  const reqId = x.b.zkReq++;
  x.b.zkWait[String(reqId)] = data === undefined ? { tag, req: request } : { tag, data, req: request };
  zkRun(x, { type: 'zk.call', reqId, request });
}

/**
 * Several calls sent in order on the session (ZooKeeper answers them in order); `tag` gets all replies at once
 * as `reply.results` (each a ZkReplyValue), in request order.
 */
export function zkBatch(x: X, requests: Array<Record<string, Json>>, tag: string, data?: unknown): void {
  if (requests.length === 0) {
    dispatchReply(x, tag, { rc: 'OK', results: [] }, data);
    return;
  }
  const id = x.b.nextBatch++;
  x.b.zkBatches[String(id)] = { tag, data: data as Json, left: requests.length, replies: [] };
  requests.forEach((request, idx) => {
    const reqId = x.b.zkReq++;
    x.b.zkWait[String(reqId)] = { tag: '', batch: id, idx, req: request };
    zkRun(x, { type: 'zk.call', reqId, request });
  });
}

export function batchReplies(reply: ZkReplyValue): ZkReplyValue[] {
  return (reply.results ?? []) as unknown as ZkReplyValue[];
}

// ---- request builders ------------------------------------------------------------------------------

export const zkOps = {
  create: (path: string, data: string | null, mode = 'PERSISTENT'): Record<string, Json> => ({ op: 'create', path, data, mode }),
  getData: (path: string, watch = false): Record<string, Json> => ({ op: 'getData', path, watch }),
  exists: (path: string, watch = false): Record<string, Json> => ({ op: 'exists', path, watch }),
  children: (path: string, watch = false): Record<string, Json> => ({ op: 'getChildren', path, watch }),
  setData: (path: string, data: string, version: number): Record<string, Json> => ({ op: 'setData', path, data, version }),
  delete: (path: string, version = -1): Record<string, Json> => ({ op: 'delete', path, version }),
  multi: (ops: Array<Record<string, Json>>): Record<string, Json> => ({ op: 'multi', ops }),
  check: (path: string, version: number): Record<string, Json> => ({ op: 'check', path, version }),
};
