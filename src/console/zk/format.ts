/**
 * zkCli.sh 3.8 output formatting: the stat block (cli/StatPrinter), error messages (ZooKeeperMain +
 * cli/CliWrapperException), ls / get / getAcl output, watch events (WatchedEvent.toString) and the usage
 * list.
 */
import { ERROR_CODES, formatZxid, keeperExceptionMessage, permString } from '../../sim/zookeeper/data';
import type { Acl, ErrorCode, Stat } from '../../sim/zookeeper/data';

export interface CliOutput {
  stdout: string[];
  stderr: string[];
}

export interface CliLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

export function out(...lines: string[]): CliOutput {
  return { stdout: lines, stderr: [] };
}

export function err(...lines: string[]): CliOutput {
  return { stdout: [], stderr: lines };
}

/** Output as ordered lines: stderr first when `errFirst`, otherwise stdout first. */
export function toLines(o: CliOutput, errFirst = false): CliLine[] {
  const so = o.stdout.map((text) => ({ stream: 'stdout' as const, text }));
  const se = o.stderr.map((text) => ({ stream: 'stderr' as const, text }));
  return errFirst ? [...se, ...so] : [...so, ...se];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number): string => String(n).padStart(2, '0');

/** java.util.Date.toString() in the UTC zone: `Thu Jan 01 00:00:00 UTC 1970`. */
export function formatJavaDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ` +
    `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

/** cli/StatPrinter.print: the 11-line stat block. */
export function statLines(stat: Stat): string[] {
  return [
    `cZxid = ${formatZxid(stat.czxid)}`,
    `ctime = ${formatJavaDate(stat.ctime)}`,
    `mZxid = ${formatZxid(stat.mzxid)}`,
    `mtime = ${formatJavaDate(stat.mtime)}`,
    `pZxid = ${formatZxid(stat.pzxid)}`,
    `cversion = ${stat.cversion}`,
    `dataVersion = ${stat.version}`,
    `aclVersion = ${stat.aversion}`,
    `ephemeralOwner = ${stat.ephemeralOwner}`,
    `dataLength = ${stat.dataLength}`,
    `numChildren = ${stat.numChildren}`,
  ];
}

export function formatStat(stat: Stat): CliOutput {
  return out(...statLines(stat));
}

/**
 * The message zkCli prints (stderr) for a KeeperException with the client's path
 * (CliWrapperException.getMessage): `Node does not exist: /x`, `version No is not valid : /a`, … and
 * `KeeperErrorCode = <message> for <path>` for the other codes.
 */
export function zkErrorMessage(code: ErrorCode, path: string | null): string {
  const p = String(path);
  switch (code) {
    case 'NoNode':
      return 'Node does not exist: ' + p;
    case 'NoChildrenForEphemerals':
      return 'Ephemerals cannot have children: ' + p;
    case 'NodeExists':
      return 'Node already exists: ' + p;
    case 'NotEmpty':
      return 'Node not empty: ' + p;
    case 'NotReadOnly':
      return 'Not a read-only call: ' + p;
    case 'InvalidACL':
      return 'Acl is not valid : ' + p;
    case 'NoAuth':
      return 'Insufficient permission : ' + p;
    case 'BadArguments':
      return 'Arguments are not valid : ' + p;
    case 'BadVersion':
      return 'version No is not valid : ' + p;
    case 'ReconfigInProgress':
      return 'Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)';
    case 'NewConfigNoQuorum':
      return (
        'No quorum of new config is connected and up-to-date with the leader of last commmitted config - try invoking ' +
        'reconfiguration after new servers are connected and synced'
      );
    case 'QuotaExceeded':
      return 'Quota has exceeded : ' + p;
    default:
      return keeperExceptionMessage(code, path);
  }
}

export function formatZkError(code: ErrorCode, path: string | null): CliOutput {
  return err(zkErrorMessage(code, path));
}

/** LsCommand.printChildren: children sorted, `[a, b]`, `[]` when empty. */
export function formatChildren(children: readonly string[]): string {
  return '[' + [...children].sort().join(', ') + ']';
}

export function formatLs(children: readonly string[], stat?: Stat): CliOutput {
  return out(formatChildren(children), ...(stat ? statLines(stat) : []));
}

/** GetCommand: the data on one line, `null` for null data, then the stat block with -s. */
export function formatGet(data: string | null, stat?: Stat): CliOutput {
  return out(...(data === null ? 'null' : data).split('\n'), ...(stat ? statLines(stat) : []));
}

/** Java List.toString: `[/a, /b]`. */
export function formatJavaList(items: readonly string[]): string {
  return '[' + items.join(', ') + ']';
}

/** GetAclCommand: `'world,'anyone` then `: cdrwa` per ACL (the Id's jute toString ends with a newline). */
export function formatAcl(acl: readonly Acl[], stat?: Stat): CliOutput {
  const lines: string[] = [];
  for (const a of acl) lines.push(`'${a.scheme},'${a.id}`, `: ${permString(a.perms)}`);
  return out(...lines, ...(stat ? statLines(stat) : []));
}

export function formatCreated(path: string): CliOutput {
  return err('Created ' + path);
}

/** SyncCommand: `Sync is OK`, or `Sync has failed. rc=<code>` (stdout). */
export function formatSync(rc: ErrorCode): CliOutput {
  return out(rc === 'OK' ? 'Sync is OK' : 'Sync has failed. rc=' + ERROR_CODES[rc]);
}

export type KeeperState = 'SyncConnected' | 'Disconnected' | 'Expired' | 'Closed' | 'AuthFailed' | 'ConnectedReadOnly' | 'SaslAuthenticated';

export type CliEventType =
  | 'None'
  | 'NodeCreated'
  | 'NodeDeleted'
  | 'NodeDataChanged'
  | 'NodeChildrenChanged'
  | 'DataWatchRemoved'
  | 'ChildWatchRemoved'
  | 'PersistentWatchRemoved';

export interface CliWatchedEvent {
  state: KeeperState;
  type: CliEventType;
  /** null for connection events (printed as `path:null`). */
  path: string | null;
}

/** WatchedEvent.toString() (3.8, no zxid): `WatchedEvent state:SyncConnected type:NodeDataChanged path:/w`. */
export function watchedEventText(e: CliWatchedEvent): string {
  return `WatchedEvent state:${e.state} type:${e.type} path:${e.path === null ? 'null' : e.path}`;
}

/**
 * What MyWatcher prints for an event when printwatches is on: printMessage("WATCHER::") and
 * printMessage(event) each print "\n" + msg, i.e. a blank line before each.
 */
export function formatWatchedEvent(e: CliWatchedEvent): CliOutput {
  return out('', 'WATCHER::', '', watchedEventText(e));
}

export const ZKCLI_USAGE_HEADER = 'ZooKeeper -server host:port -client-configuration properties-file cmd args';

/** ZooKeeperMain's commandMap: command → option string (3.8.0). */
export const ZKCLI_COMMAND_USAGE: Readonly<Record<string, string>> = {
  addWatch: '[-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE',
  addauth: 'scheme auth',
  close: '',
  config: '[-c] [-w] [-s]',
  connect: 'host:port',
  create: '[-s] [-e] [-c] [-t ttl] path [data] [acl]',
  delete: '[-v version] path',
  deleteall: 'path [-b batch size]',
  delquota: '[-n|-b|-N|-B] path',
  get: '[-s] [-w] path',
  getAcl: '[-s] path',
  getAllChildrenNumber: 'path',
  getEphemerals: 'path',
  history: '',
  listquota: 'path',
  ls: '[-s] [-w] [-R] path',
  printwatches: 'on|off',
  quit: '',
  reconfig:
    '[-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | ' +
    '[-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]',
  redo: 'cmdno',
  removewatches: 'path [-c|-d|-a] [-l]',
  set: '[-s] [-v version] path data',
  setAcl: '[-s] [-v version] [-R] path acl',
  setquota: '-n|-b|-N|-B val path',
  stat: '[-w] path',
  sync: 'path',
  version: '',
  whoami: '',
};

/** CliCommand.getUsageStr(): `cmd options` (note the trailing space when there are no options). */
export function usageStr(cmd: string): string {
  return cmd + ' ' + (ZKCLI_COMMAND_USAGE[cmd] ?? '');
}

/** ZooKeeperMain.usage(): the header and every command, sorted, on stderr. */
export function usageLines(): string[] {
  const cmds = Object.keys(ZKCLI_COMMAND_USAGE).sort();
  return [ZKCLI_USAGE_HEADER, ...cmds.map((c) => '\t' + usageStr(c))];
}

/** An unknown command: the usage list, then `Command not found: Command not found <cmd>` (stderr). */
export function formatCommandNotFound(cmd: string): CliOutput {
  return err(...usageLines(), 'Command not found: Command not found ' + cmd);
}

/** `zkCli.sh` start-up lines before the first prompt (stdout). */
export function formatBanner(host: string, jline = false): CliOutput {
  return out('Connecting to ' + host, 'Welcome to ZooKeeper!', jline ? 'JLine support is enabled' : 'JLine support is disabled');
}

/** The interactive prompt (JLine only): `[zk: localhost:2181(CONNECTED) 0] `. */
export function formatPrompt(host: string, state: string, commandCount: number): string {
  return `[zk: ${host}(${state}) ${commandCount}] `;
}

/** VersionCommand output for the 3.8.0 release. */
export const ZKCLI_VERSION = 'ZooKeeper CLI version: 3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC';
