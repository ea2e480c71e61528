/**
 * zkCli through the whole stack (console → simulated client library → ensemble → data tree), compared with
 * transcripts recorded from a real ZooKeeper 3.8.0 ensemble, normalized exactly as
 * ../shared/conformance/zk/compare.sh does.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../sim/simulation';
import { createConsole } from './interpreter';
import './register';

function runScript(lines: string[], seed = 1): string[] {
  const sim = new Simulation({ seed, zk: { servers: 3, clientsAutoConnect: false } });
  const con = createConsole(sim, { settle: true, zkcli: true });
  const out: string[] = con.drain().map((l) => l.text);
  for (const line of lines) {
    const r = con.exec(line);
    out.push(...r.lines.map((l) => l.text));
    if (r.quit) break;
  }
  return out;
}

function normalize(lines: string[]): { lines: string[]; events: string[] } {
  const kept = lines
    // eslint-disable-next-line no-control-regex -- strip ANSI colours as compare.sh does
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))
    .filter((l) => !/^\s*$|^WATCHER::$|^WatchedEvent state:(SyncConnected|Closed) type:None/.test(l))
    .map((l) => l.replace(/^(ctime|mtime) = .*/, '$1 = <time>').replace(/^ephemeralOwner = 0x0*[1-9a-f][0-9a-f]*$/, 'ephemeralOwner = <session>'));
  return { lines: kept.filter((l) => !l.startsWith('WatchedEvent ')), events: kept.filter((l) => l.startsWith('WatchedEvent ')).sort() };
}

const dir = join(process.cwd(), '..', 'shared', 'conformance', 'zk');
const cases = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.zk')) : [];

describe('zkCli conformance through the full protocol stack', () => {
  it.skipIf(cases.length === 0).each(cases)('%s matches the real ZooKeeper transcript', (file) => {
    const script = readFileSync(join(dir, file), 'utf8').split('\n');
    const expected = readFileSync(join(dir, file.replace(/\.zk$/, '.expected')), 'utf8').split('\n');
    expect(normalize(runScript(script))).toEqual(normalize(expected));
  });

  it('watches, removewatches and whoami print what zkCli prints', () => {
    const out = normalize(
      runScript(['create /w "a"', 'get -w /w', 'ls -w /w', 'set /w "b"', 'get -w /w', 'removewatches /w', 'removewatches /w', 'whoami', 'quit']),
    );
    expect(out.lines).toEqual(['Created /w', 'a', '[]', 'b', 'KeeperErrorCode = No such watcher for /w', 'Auth scheme: User', 'ip: 127.0.0.1']);
    expect(out.events).toEqual([
      'WatchedEvent state:SyncConnected type:ChildWatchRemoved path:/w',
      'WatchedEvent state:SyncConnected type:DataWatchRemoved path:/w',
      'WatchedEvent state:SyncConnected type:NodeDataChanged path:/w',
    ]);
  });

  it('srvr answers like the real four-letter word, and a stopped server refuses', () => {
    const sim = new Simulation({ seed: 1, zk: { servers: 3, clientsAutoConnect: false } });
    const con = createConsole(sim, { settle: true });
    con.drain();
    const leader = con.exec('srvr 3').lines.map((l) => l.text);
    expect(leader).toContain('Mode: leader');
    expect(leader).toContain('Node count: 5');
    expect(leader[0]).toMatch(/^Zookeeper version: 3\.8\./);
    con.exec('crash zk2');
    expect(con.exec('srvr 2').lines.map((l) => l.text)).toEqual(['nc: connect to 127.0.0.1 port 2182 (tcp) failed: Connection refused']);
    con.exec('crash zk3');
    con.exec('wait 2s');
    expect(con.exec('srvr 1').lines.map((l) => l.text)).toEqual(['This ZooKeeper instance is not currently serving requests']);
  });
});
