/**
 * The fields of the settings dialog: where each one lives in the run's configuration, its range and the
 * default the simulator uses (shown when the configuration leaves it out). Plain data, so a test can check it
 * against the configuration schema, and the dialog stays free of zod (the worker validates).
 */
import type { SimConfigInput } from '../worker/api';

export type FieldKind = 'int' | 'number' | 'bool' | 'choice';

export interface SettingsField {
  /** Path in the configuration, e.g. "zk.tickTime"; also the field's i18n key under settings.fields. */
  id: string;
  section: 'run' | 'zk' | 'kafka' | 'workload';
  kind: FieldKind;
  min?: number;
  max?: number;
  /** The value used when the configuration leaves the field out; undefined: derived (placeholder says how). */
  fallback?: number | boolean | string;
  choices?: ReadonlyArray<string | number>;
  /** Left empty, the simulator derives the value (e.g. minSessionTimeout = 2 × tickTime). */
  optional?: boolean;
}

export const SETTINGS_FIELDS: readonly SettingsField[] = [
  { id: 'seed', section: 'run', kind: 'int', min: 0, max: 0xffffffff, fallback: 42 },
  { id: 'zk.servers', section: 'zk', kind: 'int', min: 0, max: 9, fallback: 3 },
  { id: 'zk.observers', section: 'zk', kind: 'int', min: 0, max: 8, fallback: 0 },
  { id: 'zk.tickTime', section: 'zk', kind: 'int', min: 100, max: 60_000, fallback: 2000 },
  { id: 'zk.initLimit', section: 'zk', kind: 'int', min: 1, max: 100, fallback: 10 },
  { id: 'zk.syncLimit', section: 'zk', kind: 'int', min: 1, max: 100, fallback: 5 },
  { id: 'zk.minSessionTimeout', section: 'zk', kind: 'int', min: 100, max: 3_600_000, optional: true },
  { id: 'zk.maxSessionTimeout', section: 'zk', kind: 'int', min: 100, max: 3_600_000, optional: true },
  { id: 'zk.clients', section: 'zk', kind: 'int', min: 0, max: 20, fallback: 1 },
  { id: 'zk.clientSessionTimeout', section: 'zk', kind: 'int', min: 100, max: 3_600_000, fallback: 30_000 },
  { id: 'brokers', section: 'kafka', kind: 'int', min: 0, max: 12, fallback: 0 },
  { id: 'kafka.sessionTimeoutMs', section: 'kafka', kind: 'int', min: 2000, max: 120_000, fallback: 18_000 },
  { id: 'kafka.replicaLagTimeMaxMs', section: 'kafka', kind: 'int', min: 1000, max: 600_000, fallback: 30_000 },
  { id: 'kafka.defaultPartitions', section: 'kafka', kind: 'int', min: 1, max: 64, fallback: 1 },
  { id: 'kafka.defaultReplicationFactor', section: 'kafka', kind: 'int', min: 1, max: 12, fallback: 1 },
  { id: 'kafka.minInsyncReplicas', section: 'kafka', kind: 'int', min: 1, max: 12, fallback: 1 },
  { id: 'kafka.uncleanLeaderElection', section: 'kafka', kind: 'bool', fallback: false },
  { id: 'kafka.autoLeaderRebalance', section: 'kafka', kind: 'bool', fallback: true },
  { id: 'kafka.legacyHwTruncation', section: 'kafka', kind: 'bool', fallback: false },
  { id: 'kafka.workload.topics', section: 'workload', kind: 'int', min: 0, max: 8, fallback: 0 },
  { id: 'kafka.workload.partitions', section: 'workload', kind: 'int', min: 1, max: 64, fallback: 6 },
  { id: 'kafka.workload.replicationFactor', section: 'workload', kind: 'int', min: 1, max: 12, fallback: 3 },
  { id: 'kafka.workload.producers', section: 'workload', kind: 'int', min: 0, max: 8, fallback: 0 },
  { id: 'kafka.workload.messagesPerSecond', section: 'workload', kind: 'number', min: 0, max: 1000, fallback: 50 },
  { id: 'kafka.workload.acks', section: 'workload', kind: 'choice', choices: [-1, 1, 0], fallback: -1 },
  { id: 'kafka.workload.consumers', section: 'workload', kind: 'int', min: 0, max: 16, fallback: 0 },
  { id: 'kafka.workload.assignor', section: 'workload', kind: 'choice', choices: ['range', 'roundrobin', 'sticky', 'cooperative-sticky'], fallback: 'range' },
];

export const SECTIONS = ['run', 'zk', 'kafka', 'workload'] as const;

type Json = Record<string, unknown>;

function getPath(o: unknown, path: string): unknown {
  let v: unknown = o;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Json)[k] : undefined;
  return v;
}

/** A copy of `o` with `path` set to `value` (or removed when value is undefined), copying the objects on the way. */
function setPath(o: Json, path: string, value: unknown): Json {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const out: Json = { ...o };
  if (!rest.length) {
    if (value === undefined) delete out[head];
    else out[head] = value;
  } else out[head] = setPath(out[head] && typeof out[head] === 'object' ? (out[head] as Json) : {}, rest.join('.'), value);
  return out;
}

/** The text a field shows for a configuration ('' for a derived value left out; 'true'/'false' for switches). */
export function fieldText(config: SimConfigInput, f: SettingsField): string {
  const v = getPath(config, f.id) ?? f.fallback;
  return v === undefined ? '' : String(v);
}

/**
 * The configuration the drafts describe, or the fields whose text is not a value of theirs (by id, with the
 * range the message should give). Ranges are checked here so each field can say what is wrong with it; the
 * worker then checks the whole configuration (rules between fields) before a run starts.
 */
export function configFromDraft(base: SimConfigInput, draft: Readonly<Record<string, string>>): { config: SimConfigInput; bad: Record<string, SettingsField> } {
  let config = base as unknown as Json;
  const bad: Record<string, SettingsField> = {};
  for (const f of SETTINGS_FIELDS) {
    const raw = (draft[f.id] ?? fieldText(base, f)).trim();
    let value: unknown;
    if (f.kind === 'bool') value = raw === 'true';
    else if (f.kind === 'choice') {
      value = f.choices?.find((c) => String(c) === raw);
      if (value === undefined) {
        bad[f.id] = f;
        continue;
      }
    } else if (raw === '' && f.optional) value = undefined;
    else {
      const n = Number(raw);
      const ok = raw !== '' && Number.isFinite(n) && (f.kind === 'number' || Number.isInteger(n)) && n >= (f.min ?? -Infinity) && n <= (f.max ?? Infinity);
      if (!ok) {
        bad[f.id] = f;
        continue;
      }
      value = n;
    }
    config = setPath(config, f.id, value);
  }
  return { config: config as unknown as SimConfigInput, bad };
}
