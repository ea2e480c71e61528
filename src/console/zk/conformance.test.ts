/**
 * Replays the zkCli transcripts recorded from a real ZooKeeper 3.8.0 ensemble (../shared/conformance/zk)
 * through the data layer and the zkCli text layer directly: one tree, a session created by a
 * createSession txn at zxid 0x100000001 (epoch 1), zxids allocated in order, closeSession for close/quit,
 * a new session for connect. Output is normalized exactly as compare.sh does it.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLocalZk, runZkCliScript } from './localzk';
import type { CliLine } from './format';

const dir = fileURLToPath(new URL('../../../../shared/conformance/zk/', import.meta.url));

/** compare.sh's norm(): strip ANSI, drop blank / WATCHER:: / type:None lines, mask times and sessions. */
function normalize(text: string): { lines: string[]; events: string[] } {
  const kept = text
    .split('\n')
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '')) // eslint-disable-line no-control-regex
    .filter((l) => !/^[ \t\n\v\f\r]*$/.test(l) && l !== 'WATCHER::' && !/^WatchedEvent state:(SyncConnected|Closed) type:None/.test(l))
    .map((l) => l.replace(/^(ctime|mtime) = .*/, '$1 = <time>').replace(/^ephemeralOwner = 0x0*[1-9a-f][0-9a-f]*$/, 'ephemeralOwner = <session>'));
  return {
    lines: kept.filter((l) => !l.startsWith('WatchedEvent ')),
    events: kept.filter((l) => l.startsWith('WatchedEvent ')).sort(),
  };
}

const merged = (lines: readonly CliLine[]): string => lines.map((l) => l.text).join('\n') + '\n';

const cases = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.zk')).sort() : [];

describe('zkCli transcripts from ZooKeeper 3.8.0', () => {
  it('finds the recorded cases', () => {
    expect(cases).toEqual(expect.arrayContaining(['01-basic.zk', '05-sessions.zk']));
  });

  for (const file of cases) {
    const expectedFile = dir + file.replace(/\.zk$/, '.expected');
    it(`replays ${file}`, () => {
      const script = readFileSync(dir + file, 'utf8').split('\n');
      const zk = createLocalZk({ epoch: 1, serverId: 1 });
      const out = runZkCliScript(script, zk);
      // the first session was created by the createSession txn at 0x100000001
      expect(zk.log[0]).toMatchObject({ type: 'createSession', zxid: 0x100000001 });
      const actual = normalize(merged(out));
      const expected = normalize(readFileSync(expectedFile, 'utf8'));
      expect(actual.lines).toEqual(expected.lines);
      expect(actual.events).toEqual(expected.events);
    });
  }

  it('the normalization matches compare.sh', () => {
    const n = normalize(
      [
        '',
        'WATCHER::',
        '',
        'WatchedEvent state:SyncConnected type:None path:null',
        'WatchedEvent state:SyncConnected type:NodeDataChanged path:/b',
        'ctime = Thu Jan 01 00:00:00 UTC 1970',
        'ephemeralOwner = 0x0',
        'ephemeralOwner = 0x100000a3b20000',
        'WatchedEvent state:SyncConnected type:NodeCreated path:/a',
        '\x1b[31mred\x1b[0m',
      ].join('\n'),
    );
    expect(n.lines).toEqual(['ctime = <time>', 'ephemeralOwner = 0x0', 'ephemeralOwner = <session>', 'red']);
    expect(n.events).toEqual(['WatchedEvent state:SyncConnected type:NodeCreated path:/a', 'WatchedEvent state:SyncConnected type:NodeDataChanged path:/b']);
  });
});
