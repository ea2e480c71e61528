/**
 * Runs zkCli commands as a pure, JSON-serializable step machine: a command asks for client API calls one
 * at a time (`request`), the caller answers each with the server's reply (`resumeZkCliCommand`), and the
 * command finishes with the exact lines zkCli.sh 3.8 prints. Multi-step commands (ls -R, deleteall,
 * setAcl -R) walk the tree the way ZKUtil does.
 *
 * `executeZkCliLine` adds ZooKeeperMain's outer loop: history, redo, printwatches, connect, quit and the
 * `Not connected` check.
 */
import { ERROR_CODES, keeperExceptionMessage, permString } from '../../sim/zookeeper/data';
import type { Acl, CreateMode, ErrorCode, OpResult, ReadRequest, Stat, WatchMode, WriteRequest } from '../../sim/zookeeper/data';
import { parseZkCliCommand } from './commands';
import { tokenize } from './tokenize';
import type { RemoveWatchType, ZkCliCommand } from './commands';
import { ZKCLI_VERSION, formatChildren, formatJavaList, statLines, zkErrorMessage } from './format';
import type { CliLine, CliWatchedEvent } from './format';

/** A call on the ZooKeeper client API, as the console must perform it for zkCli. */
export type ZkClientOp =
  | { op: 'create'; path: string; data: string | null; mode: CreateMode; ttl?: number; acl: Acl[] }
  | { op: 'delete'; path: string; version: number }
  | { op: 'setData'; path: string; data: string | null; version: number }
  | { op: 'setACL'; path: string; acl: Acl[]; version: number }
  | { op: 'multi'; ops: WriteRequest[] }
  | ReadRequest
  | { op: 'sync'; path: string }
  | { op: 'addWatch'; path: string; mode: 'PERSISTENT' | 'PERSISTENT_RECURSIVE' }
  /** removeAllWatches(path, type, local). */
  | { op: 'removeWatches'; path: string; type: RemoveWatchType; local: boolean }
  | { op: 'whoAmI' }
  /** zk.close(): a closeSession request; the shell is not alive afterwards. */
  | { op: 'close' }
  /** connectToZK(host): close the current session if it is alive, then start a new one (asynchronously). */
  | { op: 'connect'; host: string }
  /** zk.close() then exit. */
  | { op: 'quit' };

/** The server's answer to a ZkClientOp (a data-layer ReadResult / ApplyResult fits). */
export interface ZkClientReply {
  rc: ErrorCode;
  /** create: the created path. */
  path?: string;
  data?: string | null;
  stat?: Stat;
  children?: string[];
  count?: number;
  /** getEphemerals. */
  paths?: string[];
  acl?: Acl[];
  /** multi. */
  results?: OpResult[];
  /** removeWatches: the modes removed from the server's data / child tables. */
  removed?: { data?: WatchMode; child?: WatchMode };
  /** whoAmI. */
  clientInfo?: Array<{ scheme: string; user: string }>;
}

/** The JSON state of a command waiting for a reply. */
export type ZkCliRun =
  | { kind: 'single'; cmd: ZkCliCommand }
  | {
      kind: 'walk';
      /** ls -R prints each visited path; setAcl -R sets its ACL. */
      purpose: 'ls' | 'setAcl';
      root: string;
      watch: boolean;
      acl: Acl[];
      version: number;
      /** Nodes whose children are still to be listed (top = next). */
      stack: string[];
      /** setAcl -R: visited paths whose setACL is still to be sent. */
      visits: string[];
      phase: 'root' | 'children' | 'setAcl';
      current: string;
    }
  | {
      kind: 'deleteall';
      root: string;
      batchSize: number;
      queue: string[];
      tree: string[];
      batches: string[][];
      phase: 'list' | 'delete';
      current: string;
      failed: boolean;
    };

export interface ZkCliStep {
  /** Output printed so far by this step, in order. */
  lines: CliLine[];
  /** Client-side watch events this step raised (removewatches), to print like server events. */
  events?: CliWatchedEvent[];
  /** Present while the command waits: send it, then call resumeZkCliCommand(run, reply). */
  request?: ZkClientOp;
  run?: ZkCliRun;
  done: boolean;
}

const so = (text: string): CliLine => ({ stream: 'stdout', text });
const se = (text: string): CliLine => ({ stream: 'stderr', text });

/** Text for commands zkCli knows but the simulator does not model. */
export const UNSUPPORTED_MESSAGE = (name: string): string => `${name}: this command is not available in the simulator`;

function ask(run: ZkCliRun, request: ZkClientOp, lines: CliLine[] = []): ZkCliStep {
  return { lines, request, run, done: false };
}

function finish(lines: CliLine[], events?: CliWatchedEvent[]): ZkCliStep {
  return events && events.length > 0 ? { lines, events, done: true } : { lines, done: true };
}

function join(path: string, child: string): string {
  return path === '/' ? '/' + child : path + '/' + child;
}

/** Starts a parsed command. The command's `pre` lines (warnings) come first. */
export function startZkCliCommand(cmd: ZkCliCommand): ZkCliStep {
  const step = start(cmd);
  return cmd.pre && cmd.pre.length > 0 ? { ...step, lines: [...cmd.pre, ...step.lines] } : step;
}

function start(cmd: ZkCliCommand): ZkCliStep {
  const single = (request: ZkClientOp): ZkCliStep => ask({ kind: 'single', cmd }, request);
  switch (cmd.kind) {
    case 'noop':
    case 'history':
    case 'redo':
    case 'printwatches':
      return finish([]);
    case 'create': {
      const req: ZkClientOp = { op: 'create', path: cmd.path, data: cmd.data, mode: cmd.mode, acl: cmd.acl };
      if (cmd.ttl !== undefined) req.ttl = cmd.ttl;
      return single(req);
    }
    case 'ls':
      if (cmd.recursive) {
        return ask(
          { kind: 'walk', purpose: 'ls', root: cmd.path, watch: cmd.watch, acl: [], version: -1, stack: [], visits: [], phase: 'root', current: cmd.path },
          { op: 'getData', path: cmd.path, watch: cmd.watch },
        );
      }
      return single({ op: 'getChildren', path: cmd.path, watch: cmd.watch });
    case 'get':
      return single({ op: 'getData', path: cmd.path, watch: cmd.watch });
    case 'set':
      return single({ op: 'setData', path: cmd.path, data: cmd.data, version: cmd.version });
    case 'delete':
      return single({ op: 'delete', path: cmd.path, version: cmd.version });
    case 'deleteall':
      return ask(
        { kind: 'deleteall', root: cmd.path, batchSize: cmd.batchSize, queue: [], tree: [cmd.path], batches: [], phase: 'list', current: cmd.path, failed: false },
        { op: 'getChildren', path: cmd.path, watch: false },
      );
    case 'stat':
      return single({ op: 'exists', path: cmd.path, watch: cmd.watch });
    case 'sync':
      return single({ op: 'sync', path: cmd.path });
    case 'addWatch':
      return single({ op: 'addWatch', path: cmd.path, mode: cmd.mode });
    case 'removewatches':
      return single({ op: 'removeWatches', path: cmd.path, type: cmd.type, local: cmd.local });
    case 'getAllChildrenNumber':
      return single({ op: 'getAllChildrenNumber', path: cmd.path });
    case 'getEphemerals':
      return single({ op: 'getEphemerals', path: cmd.path ?? '/' });
    case 'getAcl':
      return single({ op: 'getACL', path: cmd.path });
    case 'setAcl':
      if (cmd.recursive) {
        return ask(
          { kind: 'walk', purpose: 'setAcl', root: cmd.path, watch: false, acl: cmd.acl, version: cmd.version, stack: [], visits: [], phase: 'root', current: cmd.path },
          { op: 'getData', path: cmd.path, watch: false },
        );
      }
      return single({ op: 'setACL', path: cmd.path, acl: cmd.acl, version: cmd.version });
    case 'config':
      return single({ op: 'getData', path: '/zookeeper/config', watch: cmd.watch });
    case 'connect':
      return single({ op: 'connect', host: cmd.host ?? 'localhost:2181' });
    case 'close':
      return single({ op: 'close' });
    case 'quit':
      return single({ op: 'quit' });
    case 'version':
      return finish([so(ZKCLI_VERSION)]);
    case 'whoami':
      return single({ op: 'whoAmI' });
    case 'unsupported':
      return finish([se(UNSUPPORTED_MESSAGE(cmd.name))]);
  }
}

/** Continues a command with the reply to its last request. */
export function resumeZkCliCommand(run: ZkCliRun, reply: ZkClientReply): ZkCliStep {
  switch (run.kind) {
    case 'single':
      return finishSingle(run.cmd, reply);
    case 'walk':
      return resumeWalk(structuredCloneRun(run), reply);
    case 'deleteall':
      return resumeDeleteAll(structuredCloneRun(run), reply);
  }
}

function structuredCloneRun<T>(run: T): T {
  return JSON.parse(JSON.stringify(run)) as T;
}

const errLine = (code: ErrorCode, path: string | null): CliLine => se(zkErrorMessage(code, path));

function finishSingle(cmd: ZkCliCommand, r: ZkClientReply): ZkCliStep {
  const stat = (show: boolean): CliLine[] => (show && r.stat ? statLines(r.stat).map(so) : []);
  switch (cmd.kind) {
    case 'create':
      if (r.rc === 'OK') return finish([se('Created ' + (r.path ?? cmd.path))]);
      if (r.rc === 'EphemeralOnLocalSession') return finish([se('Unable to create ephemeral node on a local session'), errLine(r.rc, cmd.path)]);
      if (r.rc === 'InvalidACL') return finish([se(keeperExceptionMessage('InvalidACL', cmd.path)), errLine(r.rc, cmd.path)]);
      return finish([errLine(r.rc, cmd.path)]);
    case 'ls':
      if (r.rc !== 'OK') return finish([errLine(r.rc, cmd.path)]);
      return finish([so(formatChildren(r.children ?? [])), ...stat(cmd.stat)]);
    case 'get':
    case 'config': {
      const path = cmd.kind === 'get' ? cmd.path : '/zookeeper/config';
      if (r.rc !== 'OK') return finish([errLine(r.rc, path)]);
      const data = r.data === undefined || r.data === null ? 'null' : r.data;
      // println of data with newlines prints several lines
      return finish([...data.split('\n').map(so), ...stat(cmd.stat)]);
    }
    case 'set':
      if (r.rc !== 'OK') return finish([errLine(r.rc, cmd.path)]);
      return finish(stat(cmd.stat));
    case 'delete':
    case 'addWatch':
      return finish(r.rc === 'OK' ? [] : [errLine(r.rc, cmd.path)]);
    case 'setAcl':
      if (r.rc !== 'OK') return finish([errLine(r.rc, cmd.path)]);
      return finish(stat(cmd.stat));
    case 'stat':
      if (r.rc === 'OK' && r.stat) return finish(stat(true));
      return finish([errLine(r.rc === 'OK' ? 'NoNode' : r.rc, cmd.path)]);
    case 'sync':
      return finish([so(r.rc === 'OK' ? 'Sync is OK' : 'Sync has failed. rc=' + ERROR_CODES[r.rc])]);
    case 'removewatches': {
      if (r.rc !== 'OK') return finish([se(keeperExceptionMessage(r.rc, cmd.path))]);
      const events = removedWatchEvents(cmd.path, cmd.type, r.removed ?? {});
      if (events.length === 0) return finish([se(keeperExceptionMessage('NoWatcher', cmd.path))]);
      return finish([], events);
    }
    case 'getAllChildrenNumber':
      if (r.rc !== 'OK') return finish([errLine(r.rc, cmd.path)]);
      return finish([so(String(r.count ?? 0))]);
    case 'getEphemerals':
      if (r.rc !== 'OK') return finish([errLine(r.rc, cmd.path ?? '/')]);
      return finish([so(formatJavaList(r.paths ?? []))]);
    case 'getAcl': {
      if (r.rc !== 'OK') return finish([errLine(r.rc, cmd.path)]);
      const lines: CliLine[] = [];
      for (const a of r.acl ?? []) lines.push(so(`'${a.scheme},'${a.id}`), so(`: ${permString(a.perms)}`));
      return finish([...lines, ...stat(cmd.stat)]);
    }
    case 'whoami':
      if (r.rc !== 'OK') return finish([se(keeperExceptionMessage(r.rc))]);
      return finish([so('Auth scheme: User'), ...(r.clientInfo ?? []).map((c) => so(`${c.scheme}: ${c.user}`))]);
    default:
      return finish([]);
  }
}

/** The client-side events of removeAllWatches (ClientCnxn queues one per removed watch type). */
function removedWatchEvents(path: string, type: RemoveWatchType, removed: { data?: WatchMode; child?: WatchMode }): CliWatchedEvent[] {
  const events: CliWatchedEvent[] = [];
  const ev = (t: CliWatchedEvent['type']): CliWatchedEvent => ({ state: 'SyncConnected', type: t, path });
  if ((type === 'Children' || type === 'Any') && removed.child === 'STANDARD') events.push(ev('ChildWatchRemoved'));
  if ((type === 'Data' || type === 'Any') && removed.data === 'STANDARD') events.push(ev('DataWatchRemoved'));
  const persistent = [removed.data, removed.child].some((m) => m === 'PERSISTENT' || m === 'PERSISTENT_RECURSIVE');
  if (type === 'Any' && persistent) events.push(ev('PersistentWatchRemoved'));
  return events;
}

// ---- ls -R / setAcl -R (ZKUtil.visitSubTreeDFS) -------------------------------------------------

function resumeWalk(run: Extract<ZkCliRun, { kind: 'walk' }>, r: ZkClientReply): ZkCliStep {
  const lines: CliLine[] = [];
  const visit = (path: string): void => {
    if (run.purpose === 'ls') lines.push(so(path));
    else run.visits.push(path);
  };
  if (run.phase === 'root') {
    if (r.rc !== 'OK') return finish([errLine(r.rc, run.root)]);
    visit(run.root);
    run.stack.push(run.root);
  } else if (run.phase === 'children') {
    if (r.rc === 'OK') {
      const children = [...(r.children ?? [])].sort();
      for (const c of children) visit(join(run.current, c));
      for (let i = children.length - 1; i >= 0; i--) run.stack.push(join(run.current, children[i] as string));
    } else if (r.rc !== 'NoNode') {
      return finish([errLine(r.rc, run.current)]);
    }
  } else if (r.rc !== 'OK') {
    // SetAclCommand's callback: out.print(e.getMessage()) for a failing node, and the walk goes on.
    lines.push(so(keeperExceptionMessage(r.rc, run.current)));
  }
  const nextVisit = run.visits.shift();
  if (nextVisit !== undefined) {
    run.phase = 'setAcl';
    run.current = nextVisit;
    return ask(run, { op: 'setACL', path: nextVisit, acl: run.acl, version: run.version }, lines);
  }
  const next = run.stack.pop();
  if (next === undefined) return finish(lines);
  run.phase = 'children';
  run.current = next;
  return ask(run, { op: 'getChildren', path: next, watch: run.watch }, lines);
}

// ---- deleteall (ZKUtil.deleteRecursive) ----------------------------------------------------------

function resumeDeleteAll(run: Extract<ZkCliRun, { kind: 'deleteall' }>, r: ZkClientReply): ZkCliStep {
  if (run.phase === 'list') {
    if (r.rc !== 'OK') return finish([errLine(r.rc, run.current)]);
    for (const c of [...(r.children ?? [])].sort()) {
      const p = join(run.current, c);
      run.queue.push(p);
      run.tree.push(p);
    }
    const next = run.queue.shift();
    if (next !== undefined) {
      run.current = next;
      return ask(run, { op: 'getChildren', path: next, watch: false });
    }
    // Leaves first: batches of batchSize in reverse BFS order, the last batch ends with the root.
    let ops: string[] = [];
    for (let i = run.tree.length - 1; i >= 0; --i) {
      ops.push(run.tree[i] as string);
      if (ops.length === run.batchSize || i === 0) {
        run.batches.push(ops);
        ops = [];
      }
    }
    run.phase = 'delete';
  } else if (r.rc !== 'OK') {
    run.failed = true;
  }
  const batch = run.failed ? undefined : run.batches.shift();
  if (batch === undefined) return finish(run.failed ? [se('Failed to delete some node(s) in the subtree!')] : []);
  return ask(run, { op: 'multi', ops: batch.map((path) => ({ op: 'delete', path, version: -1 })) });
}

// ---- the shell (ZooKeeperMain.executeLine / processZKCmd) ----------------------------------------

export interface ZkCliShell {
  /** The host:port zkCli was started with or last connected to. */
  host: string;
  /**
   * zk.getState().isAlive(): true while CONNECTING/CONNECTED, false after close or session expiry. The
   * console sets it to false when the client learns its session expired.
   */
  alive: boolean;
  printWatches: boolean;
  /** Command number → line (keys are decimal strings). */
  history: Record<string, string>;
  /** Non-empty lines run so far (the number in the prompt). */
  commandCount: number;
  /** The last `addWatch -m` mode: 3.8's AddWatchCommand instance keeps it for later calls without -m. */
  addWatchMode: 'PERSISTENT' | 'PERSISTENT_RECURSIVE';
}

export function createZkCliShell(host = 'localhost:2181'): ZkCliShell {
  return { host, alive: true, printWatches: true, history: {}, commandCount: 0, addWatchMode: 'PERSISTENT_RECURSIVE' };
}

/**
 * One input line through ZooKeeperMain: records history, handles the local commands, prints
 * `Not connected` when the session is closed, and starts the command. Returns the new shell state and the
 * first step (continue it with resumeZkCliCommand until `done`). `quit` asks for { op: 'quit' }.
 */
export function executeZkCliLine(shell: ZkCliShell, line: string): { shell: ZkCliShell; step: ZkCliStep } {
  if (line === '') return { shell, step: finish([]) };
  const sh: ZkCliShell = { ...shell, history: { ...shell.history, [String(shell.commandCount)]: line } };
  const step = processLine(sh, line);
  sh.commandCount++;
  return { shell: sh, step };
}

function processLine(sh: ZkCliShell, line: string): ZkCliStep {
  const parsed = parseZkCliCommand(line);
  if (!parsed.ok && parsed.phase === 'command') return finish(parsed.lines);
  const notConnected = (): CliLine[] => (sh.alive ? [] : [so('Not connected')]);
  if (parsed.ok) {
    const cmd = parsed.cmd;
    switch (cmd.kind) {
      case 'noop':
        return finish([]);
      case 'quit':
        sh.alive = false;
        return startZkCliCommand(cmd);
      case 'history': {
        const lines: CliLine[] = [];
        for (let i = sh.commandCount - 10; i <= sh.commandCount; ++i) {
          if (i < 0) continue;
          lines.push(so(`${i} - ${sh.history[String(i)] ?? 'null'}`));
        }
        return finish([...lines, ...notConnected()]);
      }
      case 'printwatches': {
        if (cmd.value === null) return finish([so('printwatches is ' + (sh.printWatches ? 'on' : 'off')), ...notConnected()]);
        sh.printWatches = cmd.value === 'on';
        return finish(notConnected());
      }
      case 'redo': {
        if (cmd.index === null) return finish(notConnected());
        const i = cmd.index;
        if (sh.commandCount <= i || i < 0) return finish([se('Command index out of range')]);
        const again = sh.history[String(i)] ?? '';
        if (tokenize(again)[0] === 'redo') return finish([se('No redoing redos')]);
        sh.history[String(sh.commandCount)] = again;
        const inner = processLine(sh, again);
        if (!inner.done) return inner;
        return finish([...inner.lines, ...notConnected()], inner.events);
      }
      case 'connect': {
        sh.host = cmd.host ?? sh.host;
        sh.alive = true;
        return startZkCliCommand({ kind: 'connect', host: sh.host });
      }
      case 'addWatch': {
        if (!sh.alive) return finish([so('Not connected')]);
        if (cmd.modeGiven) sh.addWatchMode = cmd.mode;
        return startZkCliCommand({ ...cmd, mode: sh.addWatchMode });
      }
      default:
        if (!sh.alive) return finish([so('Not connected')]);
        if (cmd.kind === 'close') sh.alive = false;
        return startZkCliCommand(cmd);
    }
  }
  if (!sh.alive) return finish([so('Not connected')]);
  return finish(parsed.lines);
}
