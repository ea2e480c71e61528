/**
 * zkCli.sh 3.8 command parsing: ZooKeeperMain.processZKCmd's dispatch plus each cli/*Command's parse()
 * and the client-side checks its exec() makes before anything is sent (option conflicts, number formats,
 * PathUtils path validation). Every message is zkCli's exact text.
 */
import { MAX_TTL, OPEN_ACL_UNSAFE, validatePath } from '../../sim/zookeeper/data';
import type { Acl, CreateMode } from '../../sim/zookeeper/data';
import { ZKCLI_COMMAND_USAGE, formatCommandNotFound, usageStr } from './format';
import type { CliLine } from './format';
import { parseJavaInt, parseJavaLong, parseOptions, tokenize } from './tokenize';
import type { OptionSpec, ParsedOptions } from './tokenize';

export type RemoveWatchType = 'Children' | 'Data' | 'Any';

export type ZkCliCommand = (
  | { kind: 'noop' }
  | { kind: 'create'; path: string; data: string | null; mode: CreateMode; ttl?: number; acl: Acl[] }
  | { kind: 'ls'; path: string; stat: boolean; watch: boolean; recursive: boolean }
  | { kind: 'get'; path: string; stat: boolean; watch: boolean }
  | { kind: 'set'; path: string; data: string; version: number; stat: boolean }
  | { kind: 'delete'; path: string; version: number }
  | { kind: 'deleteall'; path: string; batchSize: number }
  | { kind: 'stat'; path: string; watch: boolean }
  | { kind: 'sync'; path: string }
  /**
   * modeGiven false: no -m. In 3.8 the command object is reused and keeps the last -m mode, so the shell
   * (executeZkCliLine) substitutes the previous mode; `mode` here is the default PERSISTENT_RECURSIVE.
   */
  | { kind: 'addWatch'; path: string; mode: 'PERSISTENT' | 'PERSISTENT_RECURSIVE'; modeGiven: boolean }
  | { kind: 'removewatches'; path: string; type: RemoveWatchType; local: boolean }
  | { kind: 'getAllChildrenNumber'; path: string }
  /** path null: every ephemeral of the session. */
  | { kind: 'getEphemerals'; path: string | null }
  | { kind: 'getAcl'; path: string; stat: boolean }
  | { kind: 'setAcl'; path: string; acl: Acl[]; version: number; stat: boolean; recursive: boolean }
  | { kind: 'config'; watch: boolean; stat: boolean }
  /** host null: reconnect to the current host. */
  | { kind: 'connect'; host: string | null }
  | { kind: 'close' }
  | { kind: 'quit' }
  | { kind: 'version' }
  | { kind: 'whoami' }
  | { kind: 'history' }
  /** index null: `redo` without an argument does nothing. */
  | { kind: 'redo'; index: number | null }
  /** value null: print the current setting. */
  | { kind: 'printwatches'; value: 'on' | 'off' | null }
  /** Known to zkCli but not simulated: addauth, setquota, listquota, delquota, reconfig, config -c. */
  | { kind: 'unsupported'; name: string; args: string[] }
) & {
  /** Lines zkCli prints while parsing, before running the command (deprecation warnings, ls -? help). */
  pre?: CliLine[];
};

export type ZkCliParseResult =
  | { ok: true; cmd: ZkCliCommand }
  | {
      ok: false;
      stdout: string[];
      stderr: string[];
      /** The same lines in print order. */
      lines: CliLine[];
      /**
       * 'command': an unknown command, printed whatever the connection state. 'args': a usage, option or
       * client-side path error of a known command: zkCli only gets that far with a live connection (when
       * the session is closed it prints `Not connected` instead).
       */
      phase: 'command' | 'args';
    };

/** The commands that need a live connection (everything but connect/history/redo/printwatches/quit). */
export const LOCAL_COMMANDS: ReadonlySet<string> = new Set(['connect', 'history', 'redo', 'printwatches', 'quit']);

class ArgsError extends Error {
  readonly lines: CliLine[];
  constructor(lines: CliLine[]) {
    super(lines.map((l) => l.text).join('\n'));
    this.lines = lines;
  }
}

const e = (text: string): CliLine => ({ stream: 'stderr', text });
const o = (text: string): CliLine => ({ stream: 'stdout', text });

function fail(pre: CliLine[], ...msgs: string[]): never {
  throw new ArgsError([...pre, ...msgs.map(e)]);
}

function parseOrFail(spec: OptionSpec, argv: readonly string[], pre: CliLine[]): ParsedOptions {
  const r = parseOptions(spec, argv);
  if (!r.ok) fail(pre, r.error);
  return r.parsed;
}

function checkPath(path: string, pre: CliLine[], sequential = false): void {
  const msg = validatePath(path, sequential);
  if (msg !== null) fail(pre, msg);
}

/** Integer.parseInt in exec() without a catch: the Java shell dies with this exception. */
function intOrCrash(s: string, pre: CliLine[]): number {
  const n = parseJavaInt(s);
  if (n === null) fail(pre, `java.lang.NumberFormatException: For input string: "${s}"`);
  return n;
}

/** cli/AclParser.parse: `scheme:id:perms[,…]`; malformed entries and unknown perms print a warning. */
export function parseAclString(aclString: string, pre: CliLine[]): Acl[] {
  const acl: Acl[] = [];
  for (const a of aclString.split(',')) {
    const first = a.indexOf(':');
    const last = a.lastIndexOf(':');
    if (first === -1 || last === -1 || first === last) {
      pre.push(e(a + ' does not have the form scheme:id:perm'));
      continue;
    }
    let perms = 0;
    for (const ch of a.slice(last + 1)) {
      if (ch === 'r') perms |= 1;
      else if (ch === 'w') perms |= 2;
      else if (ch === 'c') perms |= 4;
      else if (ch === 'd') perms |= 8;
      else if (ch === 'a') perms |= 16;
      else pre.push(e('Unknown perm type: ' + ch));
    }
    acl.push({ scheme: a.slice(0, first), id: a.slice(first + 1, last), perms });
  }
  return acl;
}

function withPre(cmd: ZkCliCommand, pre: CliLine[]): ZkCliCommand {
  return pre.length > 0 ? { ...cmd, pre } : cmd;
}

function parseCli(name: string, argv: string[]): ZkCliCommand {
  const pre: CliLine[] = [];
  const usage = usageStr(name);
  switch (name) {
    case 'create': {
      const p = parseOrFail({ e: false, s: false, c: false, t: true }, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      const has = (k: string): boolean => k in p.options;
      const hasE = has('e');
      const hasS = has('s');
      const hasC = has('c');
      const hasT = has('t');
      if (hasC && (hasE || hasS)) fail(pre, '-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.');
      let ttl = 0;
      if (hasT) {
        const t = parseJavaLong(p.options['t'] ?? '');
        if (t === null) fail(pre, '-t argument must be a long value');
        ttl = t;
      }
      if (hasT && hasE) fail(pre, 'TTLs cannot be used with Ephemeral znodes');
      if (hasT && hasC) fail(pre, 'TTLs cannot be used with Container znodes');
      let mode: CreateMode;
      if (hasE && hasS) mode = 'EPHEMERAL_SEQUENTIAL';
      else if (hasE) mode = 'EPHEMERAL';
      else if (hasS) mode = hasT ? 'PERSISTENT_SEQUENTIAL_WITH_TTL' : 'PERSISTENT_SEQUENTIAL';
      else if (hasC) mode = 'CONTAINER';
      else mode = hasT ? 'PERSISTENT_WITH_TTL' : 'PERSISTENT';
      if (hasT && (ttl > MAX_TTL || ttl <= 0)) fail(pre, 'ttl must be positive and cannot be larger than: ' + MAX_TTL);
      const path = p.args[1] as string;
      const data = p.args.length > 2 ? (p.args[2] as string) : null;
      const acl = p.args.length > 3 ? parseAclString(p.args[3] as string, pre) : OPEN_ACL_UNSAFE.map((a) => ({ ...a }));
      // ZooKeeper.create: validatePath(path, isSequential), then validateACL.
      checkPath(path, pre, mode === 'PERSISTENT_SEQUENTIAL' || mode === 'EPHEMERAL_SEQUENTIAL' || mode === 'PERSISTENT_SEQUENTIAL_WITH_TTL');
      if (acl.length === 0) fail(pre, 'KeeperErrorCode = InvalidACL', 'Acl is not valid : null');
      const cmd: ZkCliCommand = { kind: 'create', path, data, mode, acl };
      if (hasT) cmd.ttl = ttl;
      return withPre(cmd, pre);
    }
    case 'ls': {
      const spec = { '?': false, s: false, w: false, R: false };
      let p = parseOrFail(spec, argv, pre);
      if ('?' in p.options) {
        pre.push(o('usage: ls [options] path'), o(' -?   help'), o(' -R   recurse'), o(' -s   stat'), o(' -w   watch'));
      }
      if (p.args.length > 2) {
        argv[2] = '-w';
        pre.push(e("'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead."));
        p = parseOrFail(spec, argv, pre);
      }
      if (p.args.length < 2) fail(pre, usage);
      const path = p.args[1] as string;
      checkPath(path, pre);
      return withPre({ kind: 'ls', path, stat: 's' in p.options, watch: 'w' in p.options, recursive: 'R' in p.options }, pre);
    }
    case 'get': {
      const spec = { s: false, w: false };
      let p = parseOrFail(spec, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      if (p.args.length > 2) {
        argv[2] = '-w';
        pre.push(e("'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead."));
        p = parseOrFail(spec, argv, pre);
      }
      const path = p.args[1];
      if (path === undefined) fail(pre, usage);
      checkPath(path, pre);
      return withPre({ kind: 'get', path, stat: 's' in p.options, watch: 'w' in p.options }, pre);
    }
    case 'set': {
      const p = parseOrFail({ s: false, v: true }, argv, pre);
      if (p.args.length < 3) fail(pre, usage);
      const path = p.args[1] as string;
      const data = p.args[2] as string;
      const version = 'v' in p.options ? intOrCrash(p.options['v'] ?? '', pre) : -1;
      checkPath(path, pre);
      return withPre({ kind: 'set', path, data, version, stat: 's' in p.options }, pre);
    }
    case 'delete': {
      const spec = { v: true };
      let p = parseOrFail(spec, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      if (p.args.length > 2) {
        // 3.8 prints the warning and re-parses the same arguments: the positional version is ignored.
        pre.push(e("'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead."));
        p = parseOrFail(spec, argv, pre);
      }
      const path = p.args[1] as string;
      const version = 'v' in p.options ? intOrCrash(p.options['v'] ?? '', pre) : -1;
      checkPath(path, pre);
      return withPre({ kind: 'delete', path, version }, pre);
    }
    case 'deleteall': {
      const p = parseOrFail({ b: true }, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      let batchSize = 1000;
      if ('b' in p.options) {
        const b = parseJavaInt(p.options['b'] ?? '');
        if (b === null) fail(pre, '-b argument must be an int value');
        batchSize = b;
      }
      const path = p.args[1] as string;
      checkPath(path, pre);
      return withPre({ kind: 'deleteall', path, batchSize }, pre);
    }
    case 'stat': {
      const spec = { w: false };
      let p = parseOrFail(spec, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      if (p.args.length > 2) {
        argv[2] = '-w';
        pre.push(e("'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead."));
        p = parseOrFail(spec, argv, pre);
      }
      const path = p.args[1];
      if (path === undefined) fail(pre, usage);
      checkPath(path, pre);
      return withPre({ kind: 'stat', path, watch: 'w' in p.options }, pre);
    }
    case 'sync': {
      const p = parseOrFail({}, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      const path = p.args[1] as string;
      checkPath(path, pre);
      return withPre({ kind: 'sync', path }, pre);
    }
    case 'addWatch': {
      const p = parseOrFail({ m: true }, argv, pre);
      if (p.args.length !== 2) fail(pre, usage);
      let mode: 'PERSISTENT' | 'PERSISTENT_RECURSIVE' = 'PERSISTENT_RECURSIVE';
      if ('m' in p.options) {
        const m = (p.options['m'] ?? '').toUpperCase();
        if (m !== 'PERSISTENT' && m !== 'PERSISTENT_RECURSIVE') fail(pre, usage);
        mode = m;
      }
      const path = p.args[1] as string;
      // (3.8 does not catch the client's IllegalArgumentException here; we print its message.)
      checkPath(path, pre);
      return withPre({ kind: 'addWatch', path, mode, modeGiven: 'm' in p.options }, pre);
    }
    case 'removewatches': {
      const p = parseOrFail({ c: false, d: false, a: false, l: false }, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      const path = p.args[1] as string;
      let type: RemoveWatchType = 'Any';
      if ('c' in p.options) type = 'Children';
      else if ('d' in p.options) type = 'Data';
      checkPath(path, pre);
      return withPre({ kind: 'removewatches', path, type, local: 'l' in p.options }, pre);
    }
    case 'getAllChildrenNumber': {
      const p = parseOrFail({}, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      const path = p.args[1] as string;
      checkPath(path, pre);
      return withPre({ kind: 'getAllChildrenNumber', path }, pre);
    }
    case 'getEphemerals': {
      const p = parseOrFail({}, argv, pre);
      const path = p.args.length >= 2 ? (p.args[1] as string) : null;
      if (path !== null) checkPath(path, pre);
      return withPre({ kind: 'getEphemerals', path }, pre);
    }
    case 'getAcl': {
      const p = parseOrFail({ s: false }, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      const path = p.args[1] as string;
      checkPath(path, pre);
      return withPre({ kind: 'getAcl', path, stat: 's' in p.options }, pre);
    }
    case 'setAcl': {
      const p = parseOrFail({ s: false, v: true, R: false }, argv, pre);
      if (p.args.length < 3) fail(pre, usage);
      const path = p.args[1] as string;
      const acl = parseAclString(p.args[2] as string, pre);
      const version = 'v' in p.options ? intOrCrash(p.options['v'] ?? '', pre) : -1;
      checkPath(path, pre);
      return withPre({ kind: 'setAcl', path, acl, version, stat: 's' in p.options, recursive: 'R' in p.options }, pre);
    }
    case 'config': {
      const p = parseOrFail({ c: false, w: false, s: false }, argv, pre);
      if ('c' in p.options) return withPre({ kind: 'unsupported', name: 'config', args: argv.slice(1) }, pre);
      return withPre({ kind: 'config', watch: 'w' in p.options, stat: 's' in p.options }, pre);
    }
    case 'close': {
      parseOrFail({}, argv, pre);
      return withPre({ kind: 'close' }, pre);
    }
    case 'version': {
      const p = parseOrFail({}, argv, pre);
      if (p.args.length > 1) fail(pre, usage);
      return withPre({ kind: 'version' }, pre);
    }
    case 'whoami':
      return { kind: 'whoami' };
    case 'addauth': {
      const p = parseOrFail({}, argv, pre);
      if (p.args.length < 2) fail(pre, usage);
      return withPre({ kind: 'unsupported', name, args: argv.slice(1) }, pre);
    }
    default:
      return withPre({ kind: 'unsupported', name, args: argv.slice(1) }, pre);
  }
}

/**
 * Parses one zkCli input line. An empty line is a no-op (zkCli neither runs nor counts it). Quotes: `"…"`
 * and `'…'` keep spaces and lose the quotes. Errors carry zkCli's exact messages (all on stderr).
 */
export function parseZkCliCommand(line: string): ZkCliParseResult {
  if (line === '') return { ok: true, cmd: { kind: 'noop' } };
  const argv = tokenize(line);
  const name = argv[0];
  if (name === undefined) return { ok: true, cmd: { kind: 'noop' } };
  if (!Object.prototype.hasOwnProperty.call(ZKCLI_COMMAND_USAGE, name)) {
    const r = formatCommandNotFound(name);
    return { ok: false, stdout: [], stderr: r.stderr, lines: r.stderr.map(e), phase: 'command' };
  }
  switch (name) {
    case 'quit':
      return { ok: true, cmd: { kind: 'quit' } };
    case 'history':
      return { ok: true, cmd: { kind: 'history' } };
    case 'redo': {
      if (argv.length < 2) return { ok: true, cmd: { kind: 'redo', index: null } };
      const n = parseJavaInt(argv[1] as string);
      return { ok: true, cmd: { kind: 'redo', index: n } };
    }
    case 'printwatches':
      return { ok: true, cmd: { kind: 'printwatches', value: argv.length === 1 ? null : argv[1] === 'on' ? 'on' : 'off' } };
    case 'connect':
      return { ok: true, cmd: { kind: 'connect', host: argv.length >= 2 ? (argv[1] as string) : null } };
  }
  try {
    return { ok: true, cmd: parseCli(name, argv) };
  } catch (err) {
    if (!(err instanceof ArgsError)) throw err;
    return {
      ok: false,
      stdout: err.lines.filter((l) => l.stream === 'stdout').map((l) => l.text),
      stderr: err.lines.filter((l) => l.stream === 'stderr').map((l) => l.text),
      lines: err.lines,
      phase: 'args',
    };
  }
}
