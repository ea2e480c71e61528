/**
 * The command language shared by the browser console and the headless console (`npm run console`).
 * Kernel-level commands live here; domain consoles (zkCli, Kafka tools) plug in as extensions.
 * Every command either does what it says or prints a one-line error; nothing a user types can throw.
 */
import type { Action } from '../sim/actions';
import { serverIds } from '../sim/actions';
import type { Simulation } from '../sim/simulation';
import { formatDuration, parseDuration } from './duration';

export type Stream = 'out' | 'err';
export interface ConsoleLine {
  stream: Stream;
  text: string;
}
export interface ConsoleResult {
  lines: ConsoleLine[];
  quit?: boolean;
}

/** What a command (or extension) gets to work with. */
export interface ConsoleOptions {
  /**
   * Headless use: let the simulated world settle before the first command (e.g. wait until zkCli's client
   * is connected), the way an operator starts zkCli once the ensemble is up.
   */
  settle?: boolean;
  /** zkCli.sh emulation: lines that are not kernel commands go to zkCli, which answers unknown ones itself. */
  zkcli?: boolean;
}

export interface ConsoleContext {
  sim: Simulation;
  options: ConsoleOptions;
  out(text: string): void;
  err(text: string): void;
  /** Set when the console should stop reading (e.g. `quit`). */
  quit(): void;
  /** Per-console state extensions can keep (e.g. which client a zkCli session uses). */
  state: Record<string, unknown>;
}

export interface ConsoleExtension {
  name: string;
  /** Called once when a console is created (e.g. to connect a client). */
  init?(ctx: ConsoleContext): void;
  /** Returns true when it handled the line. */
  exec(ctx: ConsoleContext, line: string, words: string[]): boolean;
  /** Lines for `help`. */
  help?: string[];
  /** Command names, for completion. */
  commands?: string[];
}

const extensions: ConsoleExtension[] = [];

/** Registers a domain console (zkCli, Kafka tools). Later registrations with the same name replace earlier ones. */
export function registerConsoleExtension(ext: ConsoleExtension): void {
  const i = extensions.findIndex((e) => e.name === ext.name);
  if (i >= 0) extensions.splice(i, 1, ext);
  else extensions.push(ext);
}

export const KERNEL_HELP = [
  'Kernel commands (simulated time; node names like zk1…zk9, broker1…, client1…):',
  '  wait <duration>              advance simulated time (e.g. wait 500ms, wait 10s, wait 2m)',
  '  crash <node> | restart <node> | pause <node> | resume <node>',
  '  partition <a,b> | <c,d,e>    split the network into groups that cannot hear each other',
  '  isolate <node>               cut a server off from every other server',
  '  cut <from> <to>              one-way cut: <to> no longer hears <from>',
  '  bridge <a,b> | <c,d> via <n> two halves that both still hear <n>',
  '  ring <a,b,c,d,e>             majorities ring: everyone sees a majority, no two the same one',
  '  heal                         heal every partition and cut, reset loss / delay / duplication',
  '  loss <percent> [<from> <to>] drop messages at random',
  '  delay <ms> [jitter] [<from> <to>]  add delay (and jitter) to messages',
  '  dup <percent>                deliver messages twice at random',
  '  reorder on|off               let delay variation reorder messages (links are FIFO by default)',
  '  skew <node> <ms>             set a node clock offset',
  '  status                       nodes, roles and the network',
  '  time                         the simulated clock',
  '  trace-hash                   hex hash of the whole trace so far',
  '  echo <text>                  print text',
  '  help                         this list',
];

type Handler = (ctx: ConsoleContext, args: string[], rest: string) => void;

function act(ctx: ConsoleContext, action: Action): void {
  const r = ctx.sim.tryAct(action);
  if (r.ok) ctx.out(r.message);
  else ctx.err(`error: ${r.error}`);
}

function oneNode(usage: string, type: 'crash' | 'restart' | 'pause' | 'resume' | 'isolate'): Handler {
  return (ctx, args) => {
    const [node, extra] = args;
    if (!node || extra !== undefined) return ctx.err(`usage: ${usage}`);
    act(ctx, { type, node });
  };
}

function parseGroups(text: string): string[][] | undefined {
  const groups = text
    .split('|')
    .map((g) => g.split(/[\s,]+/).filter(Boolean))
    .filter((g) => g.length > 0);
  return groups.length >= 2 ? groups : undefined;
}

function parsePercent(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 0 && n <= 100 ? n : undefined;
}

const handlers: Record<string, Handler> = {
  wait(ctx, args) {
    const ms = args.length === 1 ? parseDuration(args[0] as string) : undefined;
    if (ms === undefined) return ctx.err('usage: wait <duration>   (e.g. wait 500ms, wait 10s)');
    if (ms > 24 * 3_600_000) return ctx.err('error: wait at most 24h at a time');
    ctx.sim.runUntil(ctx.sim.now + ms);
  },
  crash: oneNode('crash <node>', 'crash'),
  restart: oneNode('restart <node>', 'restart'),
  pause: oneNode('pause <node>', 'pause'),
  resume: oneNode('resume <node>', 'resume'),
  isolate: oneNode('isolate <node>', 'isolate'),
  partition(ctx, _args, rest) {
    const groups = parseGroups(rest);
    if (!groups) return ctx.err('usage: partition <a,b> | <c,d,e>');
    act(ctx, { type: 'partition', groups });
  },
  cut(ctx, args) {
    const [from, to, extra] = args;
    if (!from || !to || extra !== undefined) return ctx.err('usage: cut <from> <to>');
    act(ctx, { type: 'cut', from, to });
  },
  bridge(ctx, _args, rest) {
    const m = /^(.*)\bvia\s+(\S+)\s*$/.exec(rest);
    const groups = m ? parseGroups(m[1] as string) : undefined;
    if (!m || !groups || groups.length !== 2) return ctx.err('usage: bridge <a,b> | <c,d> via <node>');
    act(ctx, { type: 'bridge', left: groups[0] as string[], right: groups[1] as string[], node: m[2] as string });
  },
  ring(ctx, _args, rest) {
    const nodes = rest.split(/[\s,]+/).filter(Boolean);
    if (nodes.length < 3) return ctx.err('usage: ring <a,b,c,d,e>   (at least 3 nodes)');
    act(ctx, { type: 'ring', nodes });
  },
  heal(ctx, args) {
    if (args.length) return ctx.err('usage: heal');
    act(ctx, { type: 'heal' });
  },
  loss(ctx, args) {
    const percent = parsePercent(args[0]);
    if (percent === undefined || (args.length !== 1 && args.length !== 3)) return ctx.err('usage: loss <percent> [<from> <to>]   (0–100)');
    act(ctx, args.length === 3 ? { type: 'loss', percent, from: args[1] as string, to: args[2] as string } : { type: 'loss', percent });
  },
  delay(ctx, args) {
    const ms = args[0] !== undefined ? parseDuration(args[0]) : undefined;
    let jitterMs: number | undefined;
    let link: string[] = [];
    if (args.length === 2 || args.length === 4) {
      jitterMs = parseDuration(args[1] as string);
      if (jitterMs === undefined) return ctx.err('usage: delay <ms> [jitter] [<from> <to>]');
      link = args.slice(2);
    } else if (args.length === 3) link = args.slice(1);
    else if (args.length !== 1) return ctx.err('usage: delay <ms> [jitter] [<from> <to>]');
    if (ms === undefined || ms > 600_000 || (jitterMs ?? 0) > 600_000) return ctx.err('usage: delay <ms> [jitter] [<from> <to>]   (at most 600s)');
    const base: Action = { type: 'delay', ms, ...(jitterMs !== undefined ? { jitterMs } : {}) };
    act(ctx, link.length === 2 ? { ...base, from: link[0] as string, to: link[1] as string } : base);
  },
  dup(ctx, args) {
    const percent = parsePercent(args[0]);
    if (percent === undefined || args.length !== 1) return ctx.err('usage: dup <percent>   (0–100)');
    act(ctx, { type: 'dup', percent });
  },
  reorder(ctx, args) {
    if (args.length !== 1 || (args[0] !== 'on' && args[0] !== 'off')) return ctx.err('usage: reorder on|off');
    act(ctx, { type: 'reorder', on: args[0] === 'on' });
  },
  skew(ctx, args) {
    const [node, msText, extra] = args;
    const ms = msText !== undefined && /^[+-]?\d+(\.\d+)?$/.test(msText) ? Number(msText) : undefined;
    if (!node || ms === undefined || extra !== undefined) return ctx.err('usage: skew <node> <ms>   (e.g. skew zk2 -1500)');
    act(ctx, { type: 'skew', node, ms });
  },
  status(ctx) {
    const v = ctx.sim.view();
    ctx.out(`t = ${formatDuration(v.now)}  events = ${v.processed}  seed = ${v.seed}`);
    for (const n of v.nodes) {
      const role = n.description.role ? ` ${n.description.role}` : '';
      const detail = n.description.detail
        ? ' ' + Object.entries(n.description.detail).map(([k, val]) => `${k}=${String(val)}`).join(' ')
        : '';
      const skew = n.skew ? ` skew=${n.skew}ms` : '';
      ctx.out(`${n.id.padEnd(9)} ${n.status.padEnd(7)}${role}${detail}${skew}`);
    }
    const servers = serverIds(ctx.sim.world);
    ctx.out(`servers: ${servers.join(', ')}`);
    if (v.blocked.length) ctx.out(`blocked (to does not hear from): ${v.blocked.map(([a, b]) => `${a}>${b}`).join(' ')}`);
    ctx.out(
      `network: loss ${v.link.lossPct}%  delay ${v.link.delayMs}ms  jitter ${v.link.jitterMs}ms  dup ${v.link.dupPct}%  ${v.link.fifo ? 'fifo' : 'reordering'}`,
    );
    ctx.out(
      `messages: sent ${v.totals.sent}  delivered ${v.totals.delivered}  dropped partition ${v.totals.dropped.partition} / loss ${v.totals.dropped.loss} / down ${v.totals.dropped.down}  in flight ${v.messages.length}`,
    );
    if (v.violations.length) ctx.out(`invariant violations: ${v.violations.length}`);
  },
  time(ctx) {
    ctx.out(`t = ${formatDuration(ctx.sim.now)}`);
  },
  'trace-hash'(ctx) {
    ctx.out(ctx.sim.traceHash());
  },
  echo(ctx, _args, rest) {
    ctx.out(rest);
  },
  help(ctx) {
    for (const l of KERNEL_HELP) ctx.out(l);
    for (const ext of extensions) for (const l of ext.help ?? []) ctx.out(l);
  },
};

export const KERNEL_COMMANDS = Object.keys(handlers);

export interface Console {
  exec(line: string): ConsoleResult;
  /** Output that arrived while no command ran (e.g. watch events while the UI plays the simulation). */
  drain(): ConsoleLine[];
  /** Command names known to this console (kernel + extensions), for completion. */
  commands(): string[];
}

export function createConsole(sim: Simulation, options: ConsoleOptions = {}): Console {
  const state: Record<string, unknown> = {};
  let lines: ConsoleLine[] = [];
  let quitting = false;
  const ctx: ConsoleContext = {
    sim,
    options,
    out: (text) => lines.push({ stream: 'out', text }),
    err: (text) => lines.push({ stream: 'err', text }),
    quit: () => {
      quitting = true;
    },
    state,
  };
  for (const ext of extensions) {
    try {
      ext.init?.(ctx);
    } catch (e) {
      ctx.err(`error: ${ext.name} console could not start: ${(e as Error).message}`);
    }
  }
  // Lines printed outside exec (at start-up or while the simulation plays) wait in `lines` until the next
  // exec or drain picks them up, so they keep their order with command output.
  return {
    drain(): ConsoleLine[] {
      const out = lines;
      lines = [];
      return out;
    },
    exec(line: string): ConsoleResult {
      quitting = false;
      const text = line.replace(/\r$/, '');
      const trimmed = text.trim();
      const done = (): ConsoleResult => {
        const out = lines;
        lines = [];
        return quitting ? { lines: out, quit: true } : { lines: out };
      };
      if (trimmed === '' || trimmed.startsWith('#')) return done();
      if (trimmed.length > 10_000) {
        ctx.err('error: line too long (10000 characters at most)');
        return done();
      }
      const words = trimmed.split(/\s+/);
      const name = words[0] as string;
      const rest = trimmed.slice(name.length).trim();
      try {
        const handler = Object.prototype.hasOwnProperty.call(handlers, name) ? handlers[name] : undefined;
        if (handler) handler(ctx, words.slice(1), rest);
        else if (!extensions.some((ext) => ext.exec(ctx, trimmed, words))) {
          ctx.err(`error: unknown command: ${name}   (type help for the list)`);
        }
      } catch (e) {
        ctx.err(`error: ${(e as Error)?.message ?? String(e)}`);
      }
      return done();
    },
    commands(): string[] {
      return [...KERNEL_COMMANDS, ...extensions.flatMap((e) => e.commands ?? [])].sort();
    },
  };
}
