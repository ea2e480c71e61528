/** Small helpers shared by the broker, the controller and the clients. */
import { note, send } from '../kernel/machine';
import type { TopicConfig } from './types';
import type { X } from './zk';

export function brokerNode(id: number): string {
  return `broker${id}`;
}

export function brokerIdOf(node: string): number {
  const m = /^broker(\d+)$/.exec(node);
  return m ? Number(m[1]) : -1;
}

export function tpKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

export function splitTp(tp: string): { topic: string; partition: number } {
  const i = tp.lastIndexOf('-');
  return { topic: tp.slice(0, i), partition: Number(tp.slice(i + 1)) };
}

export function sendTo(x: X, to: string, msg: { type: string; [k: string]: unknown }): void {
  x.out.push(send(to, msg));
}

export function noteK(x: X, key: string, params?: Record<string, string | number>): void {
  x.out.push(note(key, params));
}

export function topicConfig(defaults: TopicConfig, overrides: Partial<TopicConfig> | undefined): TopicConfig {
  return { ...defaults, ...(overrides ?? {}) };
}

/** Kafka's config strings → typed values. */
export function parseTopicConfig(raw: Record<string, string>): Partial<TopicConfig> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'unclean.leader.election.enable') out[k] = v === 'true';
    else if (k === 'cleanup.policy') out[k] = v === 'compact' ? 'compact' : 'delete';
    else if (k === 'min.cleanable.dirty.ratio') out[k] = Number(v);
    else if (/^-?\d+$/.test(v)) out[k] = Number(v);
  }
  return out as Partial<TopicConfig>;
}

export const TOPIC_CONFIG_KEYS = [
  'min.insync.replicas',
  'unclean.leader.election.enable',
  'segment.bytes',
  'segment.ms',
  'retention.ms',
  'retention.bytes',
  'cleanup.policy',
  'min.cleanable.dirty.ratio',
  'delete.retention.ms',
];

/** murmur2 as Kafka's Utils.murmur2 (over the UTF-16 code units' low bytes, enough for ASCII keys). */
export function murmur2(key: string): number {
  const data: number[] = [];
  for (const ch of new TextEncoder().encode(key)) data.push(ch);
  const length = data.length;
  const seed = 0x9747b28c;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (seed ^ length) | 0;
  const length4 = Math.floor(length / 4);
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = ((data[i4] as number) & 0xff) + (((data[i4 + 1] as number) & 0xff) << 8) + (((data[i4 + 2] as number) & 0xff) << 16) + (((data[i4 + 3] as number) & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const rest = length % 4;
  const base = length & ~3;
  if (rest === 3) h ^= ((data[base + 2] as number) & 0xff) << 16;
  if (rest >= 2) h ^= ((data[base + 1] as number) & 0xff) << 8;
  if (rest >= 1) {
    h ^= (data[base] as number) & 0xff;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

export function toPositive(n: number): number {
  return n & 0x7fffffff;
}

/** Java String.hashCode (for the group coordinator: abs(groupId.hashCode) % offsets partitions). */
export function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/** Utils.abs: Math.abs except for MIN_VALUE, which maps to 0. */
export function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

export const OFFSETS_TOPIC = '__consumer_offsets';

/** A 22-character base64url UUID (Uuid.randomUuid().toString()). */
export function randomUuid(rand: () => number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let s = '';
  for (let i = 0; i < 22; i++) s += alphabet[Math.floor(rand() * (i === 21 ? 16 : 64))];
  return s;
}

/** AdminUtils.assignReplicasToBrokers (rack-unaware). */
export function assignReplicas(brokers: number[], partitions: number, rf: number, startIndex: number, shiftStart: number, firstPartition = 0): Record<string, number[]> {
  const sorted = [...brokers].sort((a, b) => a - b);
  const n = sorted.length;
  const out: Record<string, number[]> = {};
  let currentPartitionId = Math.max(0, firstPartition);
  let nextReplicaShift = shiftStart;
  for (let i = 0; i < partitions; i++) {
    if (currentPartitionId > 0 && currentPartitionId % n === 0) nextReplicaShift += 1;
    const first = (currentPartitionId + startIndex) % n;
    const replicas = [sorted[first] as number];
    for (let j = 0; j < rf - 1; j++) {
      const shift = 1 + ((nextReplicaShift + j) % (n - 1));
      replicas.push(sorted[(first + shift) % n] as number);
    }
    out[String(currentPartitionId)] = replicas;
    currentPartitionId++;
  }
  return out;
}
