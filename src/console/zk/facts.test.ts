/**
 * The "ten facts a naive implementation most likely gets wrong" (reference/zookeeper.md, end), for the
 * parts that live in the data and zkCli layers: 1, 2, 3, 6, 7, 8 and the session-id half of 9.
 * Facts 4 and 5 (FLE order, epochs), the session timing of 9, and 10 (dropping clients without a quorum)
 * belong to the server/client machines and are tested there.
 */
import { describe, expect, it } from 'vitest';
import { createDataTree, prepRequest, serverIdOfSession, sessionIdOf, statOf } from '../../sim/zookeeper/data';
import type { CliLine } from './format';
import { createLocalZk, runZkCliScript } from './localzk';

const run = (script: string, zk = createLocalZk()): CliLine[] => runZkCliScript(script.trim().split('\n'), zk);
const texts = (lines: CliLine[], stream?: 'stdout' | 'stderr'): string[] => lines.filter((l) => !stream || l.stream === stream).map((l) => l.text);

describe('ten facts', () => {
  it('1. failed writes consume a zxid; createSession/closeSession are txns (standalone 0x1, 0x2; ensemble 0x100000001, 0x100000002)', () => {
    const standalone = createLocalZk({ epoch: 0 });
    run('create /a x\ncreate /a y\ndelete /nope\nset -v 9 /a z\nquit', standalone);
    expect(standalone.log.map((t) => `${t.zxid}:${t.type}`)).toEqual(['1:createSession', '2:create', '3:error', '4:error', '5:error', '6:closeSession']);
    const ensemble = createLocalZk({ epoch: 1 });
    run('create /a x', ensemble);
    expect(ensemble.log.map((t) => t.zxid)).toEqual([0x100000001, 0x100000002]);
    expect(ensemble.tree.lastProcessedZxid).toBe(0x100000002);
  });

  it('2. reported cversion = 2*(child creates) - numChildren; fresh / is -1 and /zookeeper -2', () => {
    const zk = createLocalZk();
    expect(statOf(zk.tree, '/')?.cversion).toBe(-1);
    expect(statOf(zk.tree, '/zookeeper')?.cversion).toBe(-2);
    run('create /p\ncreate /p/a\ncreate /p/b\ndelete /p/a\ncreate /p/a\ndelete /p/b', zk);
    expect(statOf(zk.tree, '/p')).toMatchObject({ cversion: 2 * 3 - 1, numChildren: 1 });
  });

  it('3. the sequence suffix is the parent’s stored create counter (%010d), not the reported cversion', () => {
    const out = run(`
create /q
create -s /q/n
create /q/x
delete /q/x
create /q/x
create /q/x
create -s /q/n
stat /q`);
    expect(texts(out, 'stderr')).toEqual(['Created /q', 'Created /q/n0000000000', 'Created /q/x', 'Created /q/x', 'Node already exists: /q/x', 'Created /q/n0000000003']);
    expect(texts(out, 'stdout')).toContain('cversion = 5'); // 2*4 - 3, while the next suffix is 4
  });

  it('6. zkCli prints Created and errors on stderr, data on stdout, null for null data, sorted ls', () => {
    const out = run(`
create /b
create /a x
get /b
get /a
ls /
delete /a/x
create /a/x/y
create /e
delete /e/none`);
    expect(out).toEqual([
      { stream: 'stderr', text: 'Created /b' },
      { stream: 'stderr', text: 'Created /a' },
      { stream: 'stdout', text: 'null' },
      { stream: 'stdout', text: 'x' },
      { stream: 'stdout', text: '[a, b, zookeeper]' },
      { stream: 'stderr', text: 'Node does not exist: /a/x' },
      { stream: 'stderr', text: 'Node does not exist: /a/x/y' },
      { stream: 'stderr', text: 'Created /e' },
      { stream: 'stderr', text: 'Node does not exist: /e/none' },
    ]);
    expect(texts(run('create -e /e\ncreate /e/x\ncreate /f\ncreate /f/g\ndelete /f\nset -v 3 /f x\ndelete /zookeeper'), 'stderr')).toEqual([
      'Created /e',
      'Ephemerals cannot have children: /e/x',
      'Created /f',
      'Created /f/g',
      'Node not empty: /f',
      'version No is not valid : /f',
      'Arguments are not valid : /zookeeper',
    ]);
  });

  it('7. check order: create NoNode → NodeExists → NoChildrenForEphemerals; delete special → NoNode → BadVersion → NotEmpty', () => {
    const out = run(`
create /x/y
create -e /e
create /e
create /e/c
create /p
create /p/c
delete -v 5 /p
delete /p
delete /zookeeper/config
delete /zookeeper/quota`);
    expect(texts(out, 'stderr')).toEqual([
      'Node does not exist: /x/y',
      'Created /e',
      'Node already exists: /e',
      'Ephemerals cannot have children: /e/c',
      'Created /p',
      'Created /p/c',
      'version No is not valid : /p', // BadVersion before NotEmpty
      'Node not empty: /p',
      'Arguments are not valid : /zookeeper/config',
      'Arguments are not valid : /zookeeper/quota',
    ]);
  });

  it('8. watch asymmetry, NodeDeleted to child watchers, same-data setData fires, one event per connection', () => {
    const out = run(`
get -w /missing
ls -w /missing
stat -w /missing
create /missing x
get -w /missing
ls -w /missing
set /missing x
get -w /missing
ls -w /missing
delete /missing`);
    expect(texts(out).filter((l) => l.startsWith('WatchedEvent'))).toEqual([
      'WatchedEvent state:SyncConnected type:NodeCreated path:/missing',
      'WatchedEvent state:SyncConnected type:NodeDataChanged path:/missing',
      'WatchedEvent state:SyncConnected type:NodeDeleted path:/missing',
    ]);
  });

  it('9. (session ids) the top byte of a session id is the creating server’s myid; 1 in standalone', () => {
    expect(serverIdOfSession(sessionIdOf(1, 123456, 0))).toBe(1);
    expect(serverIdOfSession(sessionIdOf(3, 123456, 5))).toBe(3);
    const tree = createDataTree();
    const t = prepRequest(tree, [], { op: 'createSession', sessionId: sessionIdOf(2, 1, 0), timeoutMs: 30000 }, { sessionId: '0x0', zxid: 1, time: 0 });
    expect(t.sessionId.startsWith('0x2')).toBe(true);
  });
});
