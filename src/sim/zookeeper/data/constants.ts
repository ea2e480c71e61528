/**
 * Constants and small lookup tables: KeeperException codes and messages, CreateMode flags, permissions,
 * the special owners of container and TTL nodes.
 */
import type { Acl, CreateMode, ErrorCode } from './types';

/** KeeperException.Code int values. */
export const ERROR_CODES: Readonly<Record<ErrorCode, number>> = {
  OK: 0,
  SystemError: -1,
  RuntimeInconsistency: -2,
  DataInconsistency: -3,
  ConnectionLoss: -4,
  MarshallingError: -5,
  Unimplemented: -6,
  OperationTimeout: -7,
  BadArguments: -8,
  UnknownSession: -12,
  NewConfigNoQuorum: -13,
  ReconfigInProgress: -14,
  APIError: -100,
  NoNode: -101,
  NoAuth: -102,
  BadVersion: -103,
  NoChildrenForEphemerals: -108,
  NodeExists: -110,
  NotEmpty: -111,
  SessionExpired: -112,
  InvalidCallback: -113,
  InvalidACL: -114,
  AuthFailed: -115,
  SessionMoved: -118,
  NotReadOnly: -119,
  EphemeralOnLocalSession: -120,
  NoWatcher: -121,
  RequestTimeout: -122,
  ReconfigDisabled: -123,
  SessionClosedRequireSaslAuth: -124,
  QuotaExceeded: -125,
  ThrottledOp: -127,
};

export function errorCodeNumber(code: ErrorCode): number {
  return ERROR_CODES[code];
}

export function errorCodeFromNumber(n: number): ErrorCode | undefined {
  for (const [name, value] of Object.entries(ERROR_CODES)) {
    if (value === n) return name as ErrorCode;
  }
  return undefined;
}

/** The Java enum constant name (Code.toString()), e.g. NONODE. */
const ENUM_NAMES: Readonly<Record<ErrorCode, string>> = {
  OK: 'OK',
  SystemError: 'SYSTEMERROR',
  RuntimeInconsistency: 'RUNTIMEINCONSISTENCY',
  DataInconsistency: 'DATAINCONSISTENCY',
  ConnectionLoss: 'CONNECTIONLOSS',
  MarshallingError: 'MARSHALLINGERROR',
  Unimplemented: 'UNIMPLEMENTED',
  OperationTimeout: 'OPERATIONTIMEOUT',
  BadArguments: 'BADARGUMENTS',
  UnknownSession: 'UNKNOWNSESSION',
  NewConfigNoQuorum: 'NEWCONFIGNOQUORUM',
  ReconfigInProgress: 'RECONFIGINPROGRESS',
  APIError: 'APIERROR',
  NoNode: 'NONODE',
  NoAuth: 'NOAUTH',
  BadVersion: 'BADVERSION',
  NoChildrenForEphemerals: 'NOCHILDRENFOREPHEMERALS',
  NodeExists: 'NODEEXISTS',
  NotEmpty: 'NOTEMPTY',
  SessionExpired: 'SESSIONEXPIRED',
  InvalidCallback: 'INVALIDCALLBACK',
  InvalidACL: 'INVALIDACL',
  AuthFailed: 'AUTHFAILED',
  SessionMoved: 'SESSIONMOVED',
  NotReadOnly: 'NOTREADONLY',
  EphemeralOnLocalSession: 'EPHEMERALONLOCALSESSION',
  NoWatcher: 'NOWATCHER',
  RequestTimeout: 'REQUESTTIMEOUT',
  ReconfigDisabled: 'RECONFIGDISABLED',
  SessionClosedRequireSaslAuth: 'SESSIONCLOSEDREQUIRESASLAUTH',
  QuotaExceeded: 'QUOTAEXCEEDED',
  ThrottledOp: 'THROTTLEDOP',
};

/** KeeperException.getCodeMessage (3.8): the text after `KeeperErrorCode = `. */
export function keeperCodeMessage(code: ErrorCode): string {
  switch (code) {
    case 'OK':
      return 'ok';
    case 'NotEmpty':
      return 'Directory not empty';
    case 'SessionExpired':
      return 'Session expired';
    case 'InvalidCallback':
      return 'Invalid callback';
    case 'SessionMoved':
      return 'Session moved';
    case 'NotReadOnly':
      return 'Not a read-only call';
    case 'EphemeralOnLocalSession':
      return 'Ephemeral node on local session';
    case 'NoWatcher':
      return 'No such watcher';
    case 'ReconfigDisabled':
      return 'Reconfig is disabled';
    case 'SessionClosedRequireSaslAuth':
      return 'Session closed because client failed to authenticate';
    case 'QuotaExceeded':
      return 'Quota has exceeded';
    case 'ThrottledOp':
      return 'Op throttled due to high load';
    // No case in getCodeMessage: "Unknown error " + the enum constant.
    case 'UnknownSession':
    case 'RequestTimeout':
      return 'Unknown error ' + ENUM_NAMES[code];
    default:
      return code;
  }
}

/** KeeperException.getMessage(): `KeeperErrorCode = NoNode for /x` (no ` for` part without a path). */
export function keeperExceptionMessage(code: ErrorCode, path?: string | null): string {
  const base = 'KeeperErrorCode = ' + keeperCodeMessage(code);
  return path ? `${base} for ${path}` : base;
}

// ---- create modes --------------------------------------------------------------------------------

export const CREATE_MODE_FLAGS: Readonly<Record<CreateMode, number>> = {
  PERSISTENT: 0,
  EPHEMERAL: 1,
  PERSISTENT_SEQUENTIAL: 2,
  EPHEMERAL_SEQUENTIAL: 3,
  CONTAINER: 4,
  PERSISTENT_WITH_TTL: 5,
  PERSISTENT_SEQUENTIAL_WITH_TTL: 6,
};

export function isSequential(mode: CreateMode): boolean {
  return mode === 'PERSISTENT_SEQUENTIAL' || mode === 'EPHEMERAL_SEQUENTIAL' || mode === 'PERSISTENT_SEQUENTIAL_WITH_TTL';
}

export function isEphemeral(mode: CreateMode): boolean {
  return mode === 'EPHEMERAL' || mode === 'EPHEMERAL_SEQUENTIAL';
}

export function isContainer(mode: CreateMode): boolean {
  return mode === 'CONTAINER';
}

export function isTtl(mode: CreateMode): boolean {
  return mode === 'PERSISTENT_WITH_TTL' || mode === 'PERSISTENT_SEQUENTIAL_WITH_TTL';
}

// ---- permissions and ACLs ------------------------------------------------------------------------

export const PERMS = { READ: 1, WRITE: 2, CREATE: 4, DELETE: 8, ADMIN: 16, ALL: 31 } as const;

/** ZooDefs.Ids.OPEN_ACL_UNSAFE (world:anyone:cdrwa), the zkCli default. */
export const OPEN_ACL_UNSAFE: readonly Acl[] = [{ scheme: 'world', id: 'anyone', perms: PERMS.ALL }];
/** ZooDefs.Ids.READ_ACL_UNSAFE (world:anyone:r), the ACL of /zookeeper/config. */
export const READ_ACL_UNSAFE: readonly Acl[] = [{ scheme: 'world', id: 'anyone', perms: PERMS.READ }];

/** ZKUtil.getPermString: c d r w a in that order. */
export function permString(perms: number): string {
  let s = '';
  if (perms & PERMS.CREATE) s += 'c';
  if (perms & PERMS.DELETE) s += 'd';
  if (perms & PERMS.READ) s += 'r';
  if (perms & PERMS.WRITE) s += 'w';
  if (perms & PERMS.ADMIN) s += 'a';
  return s;
}

// ---- special owners ------------------------------------------------------------------------------

export const NO_SESSION: string = '0x0';
/** EphemeralType.CONTAINER_EPHEMERAL_OWNER = Long.MIN_VALUE. */
export const CONTAINER_OWNER: string = '0x8000000000000000';
/** EphemeralType.TTL.maxValue(): 2^40 - 1 ms. */
export const MAX_TTL = 2 ** 40 - 1;

/** EphemeralType.TTL.toEphemeralOwner(ttl) = 0xff00000000000000 | ttl. */
export function ttlOwner(ttl: number): string {
  return '0xff' + ttl.toString(16).padStart(14, '0');
}

export function isTtlOwner(owner: string): boolean {
  return owner.length === 18 && owner.startsWith('0xff');
}

/** EphemeralType.TTL.getValue: the low 40 bits. */
export function ttlOfOwner(owner: string): number {
  return parseInt(owner.slice(-10), 16);
}

/** EphemeralType.get(owner) == NORMAL: a real session owns the node. */
export function isNormalEphemeralOwner(owner: string): boolean {
  return owner !== NO_SESSION && owner !== CONTAINER_OWNER && !isTtlOwner(owner);
}

// ---- the special nodes ---------------------------------------------------------------------------

export const ROOT = '/';
export const PROC_ZOOKEEPER = '/zookeeper';
export const QUOTA_ZOOKEEPER = '/zookeeper/quota';
export const CONFIG_ZOOKEEPER = '/zookeeper/config';

/** DataTree.isSpecialPath: these can never be deleted (BadArguments). */
export function isSpecialPath(path: string): boolean {
  return path === ROOT || path === PROC_ZOOKEEPER || path === QUOTA_ZOOKEEPER || path === CONFIG_ZOOKEEPER;
}
