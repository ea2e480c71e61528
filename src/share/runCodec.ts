/**
 * The run file / share-link format: a whole run (configuration incl. seed + the timed action list) as
 * versioned JSON, validated with zod, migrated from older versions, and packed into a URL parameter with
 * lz-string. Every decoder returns `{ ok: false, error }` with a sentence a student can act on; nothing
 * here throws on any input, and nothing runs the simulation (except the v0 → v1 migration, bounded).
 *
 *   { "format": "zk-kafka-lab-run", "version": 1, "config": SimConfig, "actions": TimedAction[] }
 *
 * Version history:
 * - 0 (pre-release drafts): `{ format, version: 0, config, actions: [{ at, action }] }` — no event counts.
 *   Migrated by replaying the actions on a fresh run, which gives each its exact instant (`processed`).
 * - 1: adds `processed` to every action (the number of events handled before it), so a replay applies it
 *   at exactly the same point between events that share a simulated instant.
 */
import LZString from 'lz-string';
import { z } from 'zod';
import { ActionSchema } from '../sim/actions';
import type { TimedAction } from '../sim/actions';
import { SimConfigSchema } from '../sim/config';
import type { SimConfig } from '../sim/config';
import { Simulation } from '../sim/simulation';
import type { RunRecord } from '../sim/simulation';
import { buildNodeSpecs } from '../sim/topology';
import '../sim/zookeeper/register';

export const RUN_FORMAT = 'zk-kafka-lab-run';
export const RUN_VERSION = 1;
/** Largest run file accepted (characters of JSON). */
export const MAX_RUN_CHARS = 2_000_000;
/** Largest URL parameter accepted (characters). */
export const MAX_URL_PARAM_CHARS = 200_000;
export const MAX_ACTIONS = 50_000;
/** Latest simulated instant an action may have (a day): a replay must end in bounded time. */
export const MAX_ACTION_AT_MS = 24 * 3_600_000;
/** A v0 file is migrated by replaying it; only short runs are migrated. */
const MAX_MIGRATE_AT_MS = 3_600_000;

export type ImportResult = { ok: true; record: RunRecord } | { ok: false; error: string };

const TimedActionSchema = z.object({
  at: z.number().finite().min(0).max(MAX_ACTION_AT_MS),
  processed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  action: ActionSchema,
});

const RunFileV1Schema = z.object({
  format: z.literal(RUN_FORMAT),
  version: z.literal(1),
  config: SimConfigSchema,
  actions: z.array(TimedActionSchema).max(MAX_ACTIONS),
});

const RunFileV0Schema = z.object({
  format: z.literal(RUN_FORMAT),
  version: z.literal(0),
  config: SimConfigSchema,
  actions: z.array(z.object({ at: z.number().finite().min(0).max(MAX_MIGRATE_AT_MS), action: ActionSchema })).max(MAX_ACTIONS),
});

export type RunFileV1 = z.infer<typeof RunFileV1Schema>;

/** The JSON object of a run (current version). */
export function runToJson(record: RunRecord): RunFileV1 {
  return { format: RUN_FORMAT, version: RUN_VERSION, config: record.config, actions: record.actions.map((a) => ({ at: a.at, processed: a.processed, action: a.action })) };
}

/** The run of a simulation as a file's text. */
export function exportRun(sim: Simulation): string {
  return JSON.stringify(runToJson(sim.record()));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(top level)';
  return `${path}: ${issue.message}`;
}

function zodError(prefix: string, error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map(describeIssue);
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more problems)` : '';
  return `${prefix}: ${issues.join('; ')}${more}`;
}

/** Semantic checks zod cannot do: order of actions and node names the configuration really has. */
function checkRecord(config: SimConfig, actions: TimedAction[]): string | null {
  let nodes: Set<string>;
  try {
    nodes = new Set(buildNodeSpecs(config).map((s) => s.id));
  } catch (e) {
    return `this configuration cannot be built: ${(e as Error).message}`;
  }
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i] as TimedAction;
    const prev = actions[i - 1];
    if (prev && (a.at < prev.at || (a.at === prev.at && a.processed < prev.processed))) {
      return `action ${i} (at ${a.at} ms) comes before the action listed ahead of it: actions must be in time order`;
    }
    if (prev && a.processed < prev.processed) return `action ${i}: its event count goes backwards`;
    const names = namesOf(a.action);
    const unknown = names.find((n) => !nodes.has(n));
    if (unknown !== undefined) {
      return `action ${i} (${a.action.type}) names node "${unknown}", which this configuration does not have (nodes: ${[...nodes].slice(0, 12).join(', ')}${nodes.size > 12 ? ', …' : ''})`;
    }
  }
  return null;
}

function namesOf(a: TimedAction['action']): string[] {
  switch (a.type) {
    case 'partition':
      return a.groups.flat();
    case 'bridge':
      return [...a.left, ...a.right, a.node];
    case 'ring':
      return a.nodes;
    case 'cut':
      return [a.from, a.to];
    case 'loss':
    case 'delay':
      return [a.from, a.to].filter((x): x is string => x !== undefined);
    case 'heal':
    case 'dup':
    case 'reorder':
      return [];
    default:
      return [a.node];
  }
}

/** v0 → v1: replay the actions on a fresh run to learn each one's exact event count. */
function migrateV0(file: z.infer<typeof RunFileV0Schema>): ImportResult {
  const sorted = file.actions.slice().sort((a, b) => a.at - b.at);
  const err = checkRecord(file.config, sorted.map((a) => ({ ...a, processed: 0 })));
  if (err) return { ok: false, error: err };
  try {
    const sim = new Simulation(file.config);
    for (const a of sorted) {
      sim.runUntil(a.at);
      sim.tryAct(a.action);
    }
    return { ok: true, record: sim.record() };
  } catch (e) {
    return { ok: false, error: `this version 0 run could not be migrated: ${(e as Error).message}` };
  }
}

/** Parses and validates a run file's text. Never throws. */
export function importRun(text: unknown): ImportResult {
  try {
    if (typeof text !== 'string') return { ok: false, error: 'expected the text of a run file' };
    if (text.length > MAX_RUN_CHARS) return { ok: false, error: `this file is too large (${text.length} characters; at most ${MAX_RUN_CHARS})` };
    if (text.trim() === '') return { ok: false, error: 'the file is empty' };
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: `this is not JSON (${(e as Error).message})` };
    }
    return importRunObject(data);
  } catch (e) {
    return { ok: false, error: `this run could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Validates (and migrates) an already parsed run object. Never throws. */
export function importRunObject(data: unknown): ImportResult {
  try {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, error: 'a run file is a JSON object with "format", "version", "config" and "actions"' };
    const o = data as Record<string, unknown>;
    if (o['format'] !== RUN_FORMAT) {
      return { ok: false, error: `not a run of this lab: "format" should be "${RUN_FORMAT}"${o['format'] === undefined ? ' (it is missing)' : ''}` };
    }
    const version = o['version'];
    if (typeof version !== 'number' || !Number.isInteger(version)) return { ok: false, error: '"version" should be a whole number' };
    if (version > RUN_VERSION) return { ok: false, error: `this run was saved by a newer version of the lab (format version ${version}; this one reads up to ${RUN_VERSION})` };
    if (version === 0) {
      const p = RunFileV0Schema.safeParse(data);
      if (!p.success) return { ok: false, error: zodError('invalid version 0 run', p.error) };
      return migrateV0(p.data);
    }
    if (version !== 1) return { ok: false, error: `unknown format version ${version}` };
    const p = RunFileV1Schema.safeParse(data);
    if (!p.success) return { ok: false, error: zodError('invalid run', p.error) };
    const actions = p.data.actions as TimedAction[];
    const err = checkRecord(p.data.config, actions);
    if (err) return { ok: false, error: err };
    return { ok: true, record: { config: p.data.config, actions } };
  } catch (e) {
    return { ok: false, error: `this run could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

// ---- URL parameter -------------------------------------------------------------------------------

export function encodeRunToUrlParam(record: RunRecord): string {
  return LZString.compressToEncodedURIComponent(JSON.stringify(runToJson(record)));
}

const URI_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const URI_VALUE: Record<string, number> = {};
for (let i = 0; i < URI_SAFE.length; i++) URI_VALUE[URI_SAFE.charAt(i)] = i;

/**
 * lz-string's decompressFromEncodedURIComponent, with a cap on the output: a crafted parameter can make
 * the original build a string quadratic in the input's length (each code one character longer than the
 * last), which would freeze the page. Returns null for corrupt input, 'too large' past the cap.
 */
export function boundedDecompressFromUri(input: string, maxChars: number): string | null | 'too large' {
  const length = input.length;
  const val = (i: number): number => URI_VALUE[input.charAt(i)] ?? 0;
  const resetValue = 32;
  const dictionary: string[] = [];
  let enlargeIn = 4;
  let dictSize = 4;
  let numBits = 3;
  let entry: string;
  const result: string[] = [];
  let total = 0;
  let w: string;
  let c: string;
  const data = { val: val(0), position: resetValue, index: 1 };
  const readBits = (n: number): number => {
    let bits = 0;
    const maxpower = 2 ** n;
    let power = 1;
    while (power !== maxpower) {
      const resb = data.val & data.position;
      data.position >>= 1;
      if (data.position === 0) {
        data.position = resetValue;
        data.val = val(data.index++);
      }
      bits |= (resb > 0 ? 1 : 0) * power;
      power <<= 1;
    }
    return bits;
  };
  for (let i = 0; i < 3; i++) dictionary[i] = String(i);
  const next = readBits(2);
  if (next === 0) c = String.fromCharCode(readBits(8));
  else if (next === 1) c = String.fromCharCode(readBits(16));
  else if (next === 2) return '';
  else return null;
  dictionary[3] = c;
  w = c;
  result.push(c);
  total += c.length;
  for (;;) {
    if (data.index > length) return '';
    let code = readBits(numBits);
    if (code === 0 || code === 1) {
      dictionary[dictSize++] = String.fromCharCode(readBits(code === 0 ? 8 : 16));
      code = dictSize - 1;
      enlargeIn--;
    } else if (code === 2) return result.join('');
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    const known = code >= 3 ? dictionary[code] : undefined;
    if (known !== undefined) entry = known;
    else if (code === dictSize) entry = w + w.charAt(0);
    else return null;
    total += entry.length;
    if (total > maxChars) return 'too large';
    result.push(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}

/** Decodes a share-link parameter. Never throws. */
export function decodeRunFromUrlParam(param: unknown): ImportResult {
  try {
    if (typeof param !== 'string' || param.length === 0) return { ok: false, error: 'the link carries no run' };
    if (param.length > MAX_URL_PARAM_CHARS) return { ok: false, error: `this link is too long (${param.length} characters; at most ${MAX_URL_PARAM_CHARS})` };
    const text = param.replace(/ /g, '+');
    if (!/^[A-Za-z0-9+\-$]+$/.test(text)) return { ok: false, error: 'this link is damaged: it has characters a run link never contains (was it cut or re-encoded?)' };
    const json = boundedDecompressFromUri(text, MAX_RUN_CHARS);
    if (json === 'too large') return { ok: false, error: `this link unpacks to more than ${MAX_RUN_CHARS} characters` };
    if (json === null || json === '') return { ok: false, error: 'this link is damaged: it does not unpack (was it cut short?)' };
    const r = importRun(json);
    return r.ok ? r : { ok: false, error: `this link's run is not valid: ${r.error}` };
  } catch (e) {
    return { ok: false, error: `this link could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}
