import { describe, expect, it } from 'vitest';
import type { Stat } from '../../sim/zookeeper/data';
import {
  formatAcl,
  formatBanner,
  formatChildren,
  formatGet,
  formatJavaDate,
  formatLs,
  formatPrompt,
  formatStat,
  formatSync,
  formatWatchedEvent,
  formatZkError,
  usageStr,
  watchedEventText,
  zkErrorMessage,
} from './format';

const stat: Stat = {
  czxid: 0x100000002,
  mzxid: 0x100000005,
  pzxid: 0x10000000a,
  ctime: 0,
  mtime: 1700000000000,
  version: 1,
  cversion: 4,
  aversion: 0,
  ephemeralOwner: '0x0',
  dataLength: 2,
  numChildren: 4,
};

describe('formatStat (StatPrinter)', () => {
  it('prints the exact 11-line block', () => {
    expect(formatStat(stat)).toEqual({
      stdout: [
        'cZxid = 0x100000002',
        'ctime = Thu Jan 01 00:00:00 UTC 1970',
        'mZxid = 0x100000005',
        'mtime = Tue Nov 14 22:13:20 UTC 2023',
        'pZxid = 0x10000000a',
        'cversion = 4',
        'dataVersion = 1',
        'aclVersion = 0',
        'ephemeralOwner = 0x0',
        'dataLength = 2',
        'numChildren = 4',
      ],
      stderr: [],
    });
  });

  it('formats dates like java.util.Date.toString in UTC', () => {
    expect(formatJavaDate(0)).toBe('Thu Jan 01 00:00:00 UTC 1970');
    expect(formatJavaDate(Date.UTC(2024, 1, 29, 7, 5, 9))).toBe('Thu Feb 29 07:05:09 UTC 2024');
    expect(formatJavaDate(Date.UTC(2022, 11, 4, 23, 59, 59, 999))).toBe('Sun Dec 04 23:59:59 UTC 2022');
  });
});

describe('errors (CliWrapperException)', () => {
  it('uses zkCli’s texts for the special codes', () => {
    expect(formatZkError('NoNode', '/x')).toEqual({ stdout: [], stderr: ['Node does not exist: /x'] });
    expect(zkErrorMessage('NodeExists', '/a')).toBe('Node already exists: /a');
    expect(zkErrorMessage('NotEmpty', '/a')).toBe('Node not empty: /a');
    expect(zkErrorMessage('BadVersion', '/a')).toBe('version No is not valid : /a');
    expect(zkErrorMessage('NoChildrenForEphemerals', '/e/c')).toBe('Ephemerals cannot have children: /e/c');
    expect(zkErrorMessage('BadArguments', '/zookeeper')).toBe('Arguments are not valid : /zookeeper');
    expect(zkErrorMessage('NoAuth', '/p')).toBe('Insufficient permission : /p');
    expect(zkErrorMessage('InvalidACL', '/p')).toBe('Acl is not valid : /p');
    expect(zkErrorMessage('QuotaExceeded', '/p')).toBe('Quota has exceeded : /p');
    expect(zkErrorMessage('NotReadOnly', '/p')).toBe('Not a read-only call: /p');
  });

  it('falls back to KeeperException.getMessage', () => {
    expect(zkErrorMessage('ConnectionLoss', '/')).toBe('KeeperErrorCode = ConnectionLoss for /');
    expect(zkErrorMessage('Unimplemented', '/ttl')).toBe('KeeperErrorCode = Unimplemented for /ttl');
    expect(zkErrorMessage('SessionExpired', '/a')).toBe('KeeperErrorCode = Session expired for /a');
    expect(zkErrorMessage('NoWatcher', '/a')).toBe('KeeperErrorCode = No such watcher for /a');
    expect(zkErrorMessage('SessionMoved', '/a')).toBe('KeeperErrorCode = Session moved for /a');
    expect(zkErrorMessage('UnknownSession', '/a')).toBe('KeeperErrorCode = Unknown error UNKNOWNSESSION for /a');
    expect(zkErrorMessage('ConnectionLoss', null)).toBe('KeeperErrorCode = ConnectionLoss');
  });
});

describe('other output', () => {
  it('ls sorts children as [a, b]', () => {
    expect(formatChildren([])).toBe('[]');
    expect(formatChildren(['zookeeper'])).toBe('[zookeeper]');
    expect(formatChildren(['job-0000000002', 'cfg', 'alive', 'B'])).toBe('[B, alive, cfg, job-0000000002]');
    expect(formatLs(['b', 'a'], stat).stdout).toHaveLength(12);
  });

  it('get prints null for null data and an empty line for empty data', () => {
    expect(formatGet(null).stdout).toEqual(['null']);
    expect(formatGet('').stdout).toEqual(['']);
    expect(formatGet('x=1', stat).stdout[0]).toBe('x=1');
  });

  it('getAcl prints the jute id form', () => {
    expect(formatAcl([{ scheme: 'world', id: 'anyone', perms: 31 }]).stdout).toEqual(["'world,'anyone", ': cdrwa']);
    expect(formatAcl([{ scheme: 'ip', id: '10.0.0.1', perms: 1 | 2 }]).stdout).toEqual(["'ip,'10.0.0.1", ': rw']);
  });

  it('watch events print as WATCHER:: blocks', () => {
    expect(formatWatchedEvent({ state: 'SyncConnected', type: 'NodeDataChanged', path: '/w' }).stdout).toEqual([
      '',
      'WATCHER::',
      '',
      'WatchedEvent state:SyncConnected type:NodeDataChanged path:/w',
    ]);
    expect(watchedEventText({ state: 'SyncConnected', type: 'None', path: null })).toBe('WatchedEvent state:SyncConnected type:None path:null');
    expect(watchedEventText({ state: 'Closed', type: 'None', path: null })).toBe('WatchedEvent state:Closed type:None path:null');
  });

  it('sync', () => {
    expect(formatSync('OK').stdout).toEqual(['Sync is OK']);
    expect(formatSync('ConnectionLoss').stdout).toEqual(['Sync has failed. rc=-4']);
  });

  it('usage, banner, prompt', () => {
    expect(usageStr('create')).toBe('create [-s] [-e] [-c] [-t ttl] path [data] [acl]');
    expect(usageStr('close')).toBe('close ');
    expect(formatBanner('localhost:2181').stdout).toEqual(['Connecting to localhost:2181', 'Welcome to ZooKeeper!', 'JLine support is disabled']);
    expect(formatPrompt('localhost:2181', 'CONNECTED', 0)).toBe('[zk: localhost:2181(CONNECTED) 0] ');
  });
});
