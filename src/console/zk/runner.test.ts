import { describe, expect, it } from 'vitest';
import { listSubTreeDFS, statOf } from '../../sim/zookeeper/data';
import type { CliLine } from './format';
import { createLocalZk, flushScriptEvents, runScriptLine, runZkCliScript, startScript } from './localzk';
import { createZkCliShell, executeZkCliLine, resumeZkCliCommand } from './runner';

const text = (lines: readonly CliLine[]): string[] => lines.map((l) => (l.stream === 'stderr' ? 'E ' : '') + l.text);
const run = (script: string, zk = createLocalZk()): string[] => text(runZkCliScript(script.trim().split('\n'), zk));
const event = (type: string, path: string): string[] => ['', 'WATCHER::', '', `WatchedEvent state:SyncConnected type:${type} path:${path}`];

describe('zkCli commands against the data layer', () => {
  it('the standalone worked example of the reference', () => {
    const zk = createLocalZk({ epoch: 0 });
    const out = run(
      `
stat /
create /a x
create /a y
create -s /s
stat /
create /b
get /b
get /`,
      zk,
    );
    expect(zk.log.map((t) => [t.zxid, t.type])).toEqual([
      [1, 'createSession'],
      [2, 'create'],
      [3, 'error'],
      [4, 'create'],
      [5, 'create'],
    ]);
    expect(out.slice(0, 11)).toEqual([
      'cZxid = 0x0',
      'ctime = Thu Jan 01 00:00:00 UTC 1970',
      'mZxid = 0x0',
      'mtime = Thu Jan 01 00:00:00 UTC 1970',
      'pZxid = 0x0',
      'cversion = -1',
      'dataVersion = 0',
      'aclVersion = 0',
      'ephemeralOwner = 0x0',
      'dataLength = 0',
      'numChildren = 1',
    ]);
    expect(out.slice(11, 14)).toEqual(['E Created /a', 'E Node already exists: /a', 'E Created /s0000000001']);
    expect(out.slice(14, 25)).toContain('pZxid = 0x4');
    expect(out.slice(14, 25)).toContain('cversion = 1');
    expect(out.slice(14, 25)).toContain('numChildren = 3');
    expect(out.slice(25)).toEqual(['E Created /b', 'null', '']);
  });

  it('ls -R prints each level’s children before descending', () => {
    const out = run(`
create /p
create /p/b
create /p/a
create /p/a/x
create /p/b/y
ls -R /p
ls -R /nope`);
    expect(out.slice(5)).toEqual(['/p', '/p/a', '/p/b', '/p/a/x', '/p/b/y', 'E Node does not exist: /nope']);
    const zk = createLocalZk();
    run('create /p\ncreate /p/b\ncreate /p/a\ncreate /p/a/x\ncreate /p/b/y\ncreate /p/a/x/z', zk);
    expect(listSubTreeDFS(zk.tree, '/p')).toEqual(run('ls -R /p', zk));
    expect(run('ls -R /')).toEqual(['/', '/zookeeper', '/zookeeper/config', '/zookeeper/quota']);
  });

  it('deleteall deletes a small subtree in one multi (one zxid)', () => {
    const zk = createLocalZk();
    const out = run(
      `
create /d
create /d/a
create /d/a/b
create /d/c
deleteall /d
ls /
deleteall /nope
deleteall /zookeeper`,
      zk,
    );
    const multi = zk.log.find((t) => t.type === 'multi');
    expect(multi).toMatchObject({ type: 'multi', txns: [{ path: '/d/a/b' }, { path: '/d/c' }, { path: '/d/a' }, { path: '/d' }] });
    expect(out.slice(4)).toEqual(['[zookeeper]', 'E Node does not exist: /nope', 'E Failed to delete some node(s) in the subtree!']);
  });

  it('deleteall -b splits into batches', () => {
    const zk = createLocalZk();
    run('create /d\ncreate /d/a\ncreate /d/b\ndeleteall /d -b 2', zk);
    expect(zk.log.filter((t) => t.type === 'multi')).toHaveLength(2);
  });

  it('errors: special paths, ACLs, TTLs, versions', () => {
    expect(
      run(`
delete /
delete /zookeeper
set /zookeeper/config x
create -t 100 /ttl
create /e
delete -v 3 /e
set -v 7 /e x
create /x/y
getAcl /zookeeper/config`),
    ).toEqual([
      'E Arguments are not valid : /',
      'E Arguments are not valid : /zookeeper',
      'E Insufficient permission : /zookeeper/config',
      'E KeeperErrorCode = Unimplemented for /ttl',
      'E Created /e',
      'E version No is not valid : /e',
      'E version No is not valid : /e',
      'E Node does not exist: /x/y',
      "'world,'anyone",
      ': r',
    ]);
  });

  it('the small commands', () => {
    const out = run(`
sync /
getAllChildrenNumber /
create -e /e
create -e /f x
getEphemerals
getEphemerals /e
whoami
version
set -s /f y`);
    expect(out.slice(0, 2)).toEqual(['Sync is OK', '3']);
    expect(out.slice(4)).toEqual([
      '[/e, /f]',
      '[/e]',
      'Auth scheme: User',
      'ip: 127.0.0.1',
      'ZooKeeper CLI version: 3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on 2022-02-25 08:49 UTC',
      expect.stringMatching(/^cZxid = /),
      ...Array(10).fill(expect.any(String)),
    ]);
    expect(out).toContain('dataVersion = 1');
  });
});

describe('config', () => {
  it('prints /zookeeper/config (a multi-line membership string) and its stat', () => {
    const zk = createLocalZk({ quorumConfig: 'server.1=zoo1:2888:3888:participant;0.0.0.0:2181\nversion=0' });
    const out = run('config -s\nconfig -c', zk);
    expect(out.slice(0, 2)).toEqual(['server.1=zoo1:2888:3888:participant;0.0.0.0:2181', 'version=0']);
    expect(out).toContain('dataVersion = -1');
    expect(out).toContain('aclVersion = -1');
    expect(out.at(-1)).toBe('E config: this command is not available in the simulator');
  });
});

describe('watches through zkCli', () => {
  it('get -w / ls -w / stat -w fire once, in WATCHER:: blocks', () => {
    const out = run(`
create /w a
get -w /w
set /w b
set /w c
ls -w /w
create /w/c
stat -w /missing
create /missing`);
    expect(out).toEqual([
      'E Created /w',
      'a',
      ...event('NodeDataChanged', '/w'), // set /w b; the watch is gone for set /w c
      '[]',
      ...event('NodeChildrenChanged', '/w'),
      'E Created /w/c',
      'E Node does not exist: /missing', // but the exists watch is registered
      ...event('NodeCreated', '/missing'),
      'E Created /missing',
    ]);
  });

  it('reproduces a real 3.8.0 addWatch (recursive) session', () => {
    // From a zkCli 3.8.0 transcript: addWatch defaults to PERSISTENT_RECURSIVE.
    const out = run(`
create /lockes
addWatch /lockes
set /lockes "abc"
create /lockes/sub "sub info"
set /lockes/sub "refine sub info"
create /lockes/sub/sub2 "abc"
set /lockes/sub/sub2 "refine"
delete /lockes/sub/sub2
delete /lockes/sub
delete /lockes
ls /
create /lockes "new one"`);
    expect(out).toEqual([
      'E Created /lockes',
      ...event('NodeDataChanged', '/lockes'),
      ...event('NodeCreated', '/lockes/sub'),
      'E Created /lockes/sub',
      ...event('NodeDataChanged', '/lockes/sub'),
      ...event('NodeCreated', '/lockes/sub/sub2'),
      'E Created /lockes/sub/sub2',
      ...event('NodeDataChanged', '/lockes/sub/sub2'),
      ...event('NodeDeleted', '/lockes/sub/sub2'),
      ...event('NodeDeleted', '/lockes/sub'),
      ...event('NodeDeleted', '/lockes'),
      '[zookeeper]',
      ...event('NodeCreated', '/lockes'),
      'E Created /lockes',
    ]);
  });

  it('3.8 quirk: addWatch without -m reuses the last -m mode', () => {
    const zk = createLocalZk();
    run('create /a\naddWatch -m PERSISTENT /a\ncreate /b\naddWatch /b', zk);
    expect(zk.watches.child['/b']).toBeDefined(); // PERSISTENT, not PERSISTENT_RECURSIVE
    expect(zk.watches.recursive).toBe(0);
  });

  it('printwatches off silences events; removewatches raises client-side events', () => {
    const out = run(`
create /a
printwatches off
get -w /a
set /a x
printwatches
printwatches on
get -w /a
ls -w /a
removewatches /a
removewatches /a
addWatch -m PERSISTENT /a
removewatches /a -d`);
    expect(out).toEqual([
      'E Created /a',
      'null',
      'printwatches is off',
      'x',
      '[]',
      ...event('ChildWatchRemoved', '/a'),
      ...event('DataWatchRemoved', '/a'),
      'E KeeperErrorCode = No such watcher for /a',
      'E KeeperErrorCode = No such watcher for /a',
    ]);
  });

  it('a session’s own ephemerals vanish on close and other sessions see the events', () => {
    const zk = createLocalZk();
    const watcher = startScript(zk);
    runScriptLine(watcher, 'create /live ""');
    runScriptLine(watcher, 'ls -w /live');
    const other = startScript(zk);
    runScriptLine(other, 'create -e /live/w x');
    runScriptLine(other, 'quit');
    flushScriptEvents(watcher);
    expect(text(watcher.lines).filter((l) => l.startsWith('WatchedEvent'))).toEqual(['WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/live']);
    runScriptLine(watcher, 'get -s /live');
    expect(text(watcher.lines)).toContain('cversion = 2');
    expect(statOf(zk.tree, '/live')?.numChildren).toBe(0);
  });
});

describe('the shell loop', () => {
  it('close → Not connected; history and printwatches still print first; connect opens a new session', () => {
    const zk = createLocalZk();
    const out = run(
      `
ls /
close
ls /
history
printwatches
connect 127.0.0.1:2182
ls /`,
      zk,
    );
    expect(out).toEqual([
      '[zookeeper]',
      'Not connected',
      '0 - ls /',
      '1 - close',
      '2 - ls /',
      '3 - history',
      'Not connected',
      'printwatches is on',
      'Not connected',
      '[zookeeper]',
    ]);
    expect(zk.log.map((t) => t.type)).toEqual(['createSession', 'closeSession', 'createSession']);
  });

  it('usage errors are not printed when not connected; unknown commands are', () => {
    expect(run('close\nls\nbogus').slice(0, 2)).toEqual(['Not connected', 'E ZooKeeper -server host:port -client-configuration properties-file cmd args']);
    expect(run('ls').at(-1)).toBe('E ls [-s] [-w] [-R] path');
  });

  it('redo re-runs a history entry', () => {
    // like ZooKeeperMain, redo overwrites its own history slot with the line it re-runs
    expect(run('create /r\nls /\nredo 1\nredo 9\nredo 3\nredo 2\nhistory')).toEqual([
      'E Created /r',
      '[r, zookeeper]',
      '[r, zookeeper]',
      'E Command index out of range',
      'E No redoing redos',
      '[r, zookeeper]',
      '0 - create /r',
      '1 - ls /',
      '2 - ls /',
      '3 - redo 9',
      '4 - redo 3',
      '5 - ls /',
      '6 - history',
    ]);
  });

  it('an empty line is not counted; quit closes the session', () => {
    const zk = createLocalZk();
    expect(run('create -e /q\n\nhistory\nquit\nls /', zk)).toEqual(['E Created /q', '0 - create -e /q', '1 - history']);
    expect(statOf(zk.tree, '/q')).toBeUndefined();
  });

  it('is a JSON step machine', () => {
    let shell = createZkCliShell();
    const r = executeZkCliLine(shell, 'ls -R /');
    shell = r.shell;
    expect(shell.commandCount).toBe(1);
    expect(r.step.request).toEqual({ op: 'getData', path: '/', watch: false });
    const run1 = JSON.parse(JSON.stringify(r.step.run)) as NonNullable<typeof r.step.run>;
    const s2 = resumeZkCliCommand(run1, { rc: 'OK', data: '' });
    expect(s2.lines).toEqual([{ stream: 'stdout', text: '/' }]);
    expect(s2.request).toEqual({ op: 'getChildren', path: '/', watch: false });
    const s3 = resumeZkCliCommand(s2.run as NonNullable<typeof s2.run>, { rc: 'OK', children: [] });
    expect(s3).toEqual({ lines: [], done: true });
  });
});
