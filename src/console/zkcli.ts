/**
 * zkCli.sh in the console: each zkCli line runs through the zkCli step machine (src/console/zk/runner.ts);
 * every client API call it needs is handed to the simulated ZooKeeper client library (a node of the world,
 * `client1` by default) as a recorded user action, and the console runs simulated time until the reply
 * arrives — so a command blocks in simulated time exactly as the real client does.
 *
 * Also `srvr <N>`: the four-letter word `srvr` sent to server N's client port.
 */
import type { Json } from '../sim/kernel/types';
import { zkClientInfo, zkServerInfo } from '../sim/zookeeper/ensemble';
import type { ConsoleContext, ConsoleExtension } from './interpreter';
import { registerConsoleExtension } from './interpreter';
import {
  ZKCLI_COMMAND_USAGE,
  createZkCliShell,
  executeZkCliLine,
  formatWatchedEvent,
  resumeZkCliCommand,
} from './zk';
import type { CliLine, ZkCliShell, ZkCliStep, ZkClientOp, ZkClientReply } from './zk';

const ZKCLI_COMMAND_NAMES = Object.keys(ZKCLI_COMMAND_USAGE);

/** The longest a zkCli call may block, in simulated ms, before the console gives up on it. */
const CALL_LIMIT_MS = 120_000;
/** How long the headless console lets an ensemble start before zkCli connects. */
const SETTLE_LIMIT_MS = 60_000;

interface ZkConsoleState {
  client: string;
  servers: string[];
  shell: ZkCliShell;
  nextReqId: number;
  /** Replies that arrived, by reqId. */
  replies: Record<string, ZkClientReply & { text?: string; notConnected?: boolean; error?: string }>;
}

function zkState(ctx: ConsoleContext): ZkConsoleState | undefined {
  return ctx.state['zk'] as ZkConsoleState | undefined;
}

function print(ctx: ConsoleContext, lines: readonly CliLine[]): void {
  for (const l of lines) (l.stream === 'stdout' ? ctx.out : ctx.err)(l.text);
}

/** `127.0.0.1:2182`, `localhost:2182` → zk2 (server N listens on 127.0.0.1:218N). */
export function serverForHost(host: string, servers: readonly string[]): string | undefined {
  const m = /^(?:127\.0\.0\.1|localhost|\[?::1\]?):218([1-9])$/.exec(host.trim());
  if (!m) return undefined;
  const id = `zk${m[1]}`;
  return servers.includes(id) ? id : undefined;
}

function hostOf(server: string): string {
  return `127.0.0.1:218${server.slice(2)}`;
}

/** Sends one client call as a recorded action and runs simulated time until its reply (or the limit). */
function call(ctx: ConsoleContext, st: ZkConsoleState, request: Record<string, Json>, limitMs = CALL_LIMIT_MS): ZkConsoleState['replies'][string] | undefined {
  const reqId = st.nextReqId++;
  const r = ctx.sim.tryAct({ type: 'inject', node: st.client, event: { type: 'zk.call', reqId, request } });
  if (!r.ok) {
    ctx.err(`error: ${r.error}`);
    return undefined;
  }
  const deadline = ctx.sim.now + limitMs;
  const key = String(reqId);
  while (!st.replies[key] && ctx.sim.now < deadline) {
    if (!ctx.sim.step()) break;
  }
  const reply = st.replies[key];
  delete st.replies[key];
  return reply;
}

function toClientRequest(op: ZkClientOp, st: ZkConsoleState): Record<string, Json> | { error: string } {
  switch (op.op) {
    case 'connect': {
      const server = serverForHost(op.host, st.servers);
      if (!server) return { error: `no simulated ZooKeeper server listens on ${op.host} (servers: ${st.servers.map(hostOf).join(', ')})` };
      return { op: 'connect', server };
    }
    case 'quit':
      return { op: 'close' };
    default:
      return JSON.parse(JSON.stringify(op)) as Record<string, Json>;
  }
}

function runZkCli(ctx: ConsoleContext, st: ZkConsoleState, line: string): void {
  const r = executeZkCliLine(st.shell, line);
  st.shell = r.shell;
  let step: ZkCliStep = r.step;
  for (;;) {
    print(ctx, step.lines);
    if (step.events && st.shell.printWatches) {
      for (const e of step.events) print(ctx, toLines(formatWatchedEvent(e)));
    }
    if (step.done || !step.request || !step.run) break;
    const op = step.request;
    const req = toClientRequest(op, st);
    if ('error' in req && typeof req.error === 'string') {
      ctx.err(req.error);
      break;
    }
    const reply = call(ctx, st, req as Record<string, Json>);
    if (op.op === 'quit') {
      ctx.quit();
      break;
    }
    // connecting again closes the old session first: its Closed event must not mark the new one dead
    if (op.op === 'connect' && reply?.rc === 'OK') st.shell = { ...st.shell, alive: true };
    const answer: ZkClientReply = reply ?? { rc: 'ConnectionLoss' };
    if (reply?.notConnected && answer.rc === 'SessionExpired') st.shell = { ...st.shell, alive: false };
    if (reply?.error && answer.rc === 'BadArguments') {
      ctx.err(reply.error);
      break;
    }
    step = resumeZkCliCommand(step.run, answer);
  }
}

function toLines(f: { stdout: string[]; stderr: string[] }): CliLine[] {
  return [...f.stdout.map((text) => ({ stream: 'stdout' as const, text })), ...f.stderr.map((text) => ({ stream: 'stderr' as const, text }))];
}

function srvr(ctx: ConsoleContext, st: ZkConsoleState, args: string[]): void {
  const [n, extra] = args;
  const server = n && /^[1-9]$/.test(n) ? `zk${n}` : n && /^zk[1-9]$/.test(n) ? n : undefined;
  if (!server || extra !== undefined) return ctx.err('usage: srvr <N>   (the four-letter word srvr sent to server N, e.g. srvr 1)');
  if (!st.servers.includes(server)) return ctx.err(`error: there is no server ${server} (servers: ${st.servers.join(', ')})`);
  const port = `218${server.slice(2)}`;
  const reply = call(ctx, st, { op: '4lw', server, word: 'srvr' }, 10_000);
  if (!reply || reply.rc !== 'OK' || typeof reply.text !== 'string') {
    ctx.err(`nc: connect to 127.0.0.1 port ${port} (tcp) failed: Connection refused`);
    return;
  }
  for (const l of reply.text.replace(/\n$/, '').split('\n')) ctx.out(l);
}

/**
 * Headless start-up, as an operator does it: wait until the ensemble serves, then start zkCli's client
 * (connecting to server 1) if it is not connecting already, and wait until it is connected.
 */
function settle(ctx: ConsoleContext, st: ZkConsoleState): void {
  const world = ctx.sim.world;
  const deadline = ctx.sim.now + SETTLE_LIMIT_MS;
  const runWhile = (cond: () => boolean): void => {
    while (cond() && ctx.sim.now < deadline) if (!ctx.sim.step()) break;
  };
  const first = st.servers[0];
  const serving = (id: string): boolean => world.status(id) === 'up' && zkServerInfo(world.snapshotOf(id))?.serving === true;
  if (first) runWhile(() => !serving(first));
  const info = zkClientInfo(world.snapshotOf(st.client));
  if (info?.phase === 'IDLE' && first) {
    ctx.sim.tryAct({ type: 'inject', node: st.client, event: { type: 'zk.call', reqId: st.nextReqId++, request: { op: 'connect', server: first } } });
  }
  runWhile(() => zkClientInfo(world.snapshotOf(st.client))?.phase !== 'CONNECTED');
}

export const zkCliExtension: ConsoleExtension = {
  name: 'zkcli',
  commands: [...ZKCLI_COMMAND_NAMES, 'srvr'],
  help: [
    'zkCli.sh commands (ZooKeeper 3.8) run on client1, connected to the ensemble (server N listens on 127.0.0.1:218N):',
    '  create [-s] [-e] [-c] [-t ttl] path [data]   ls [-s] [-w] [-R] path   get [-s] [-w] path',
    '  set [-s] [-v version] path data   delete [-v version] path   deleteall path   stat [-w] path   sync path',
    '  addWatch [-m mode] path   removewatches path   getAllChildrenNumber path   getEphemerals path',
    '  connect host:port   close   quit   history   redo n   printwatches on|off   whoami   version',
    '  srvr <N>                     the four-letter word srvr of server N',
  ],
  init(ctx) {
    const world = ctx.sim.world;
    const ids = world.nodeIds();
    const client = ids.find((id) => world.spec(id).kind === 'zk-client');
    if (!client) return;
    const servers = ids.filter((id) => world.spec(id).kind === 'zk');
    const st: ZkConsoleState = {
      client,
      servers,
      shell: createZkCliShell(hostOf(servers[0] ?? 'zk1')),
      nextReqId: 1,
      replies: {},
    };
    ctx.state['zk'] = st;
    world.onOutput(`zk:${client}`, (value) => {
      if (ctx.sim.isReplaying()) return;
      const v = value as { reqId?: number; event?: { state: string; type: string; path: string | null } };
      if (v.event) {
        if (v.event.state === 'Expired' || v.event.state === 'Closed') st.shell = { ...st.shell, alive: false };
        if (!st.shell.printWatches) return;
        print(ctx, toLines(formatWatchedEvent({ state: v.event.state, type: v.event.type, path: v.event.path } as never)));
        return;
      }
      if (typeof v.reqId === 'number') st.replies[String(v.reqId)] = value as unknown as ZkConsoleState['replies'][string];
    });
    if (ctx.options.settle) settle(ctx, st);
  },
  exec(ctx, line, words) {
    const st = zkState(ctx);
    if (!st) return false;
    const name = words[0] ?? '';
    if (name === 'srvr') {
      srvr(ctx, st, words.slice(1));
      return true;
    }
    // In zkCli mode (npm run zkcli) every other line is zkCli's, unknown commands included.
    if (!ZKCLI_COMMAND_NAMES.includes(name) && !ctx.options.zkcli) return false;
    runZkCli(ctx, st, line);
    return true;
  },
};

registerConsoleExtension(zkCliExtension);
