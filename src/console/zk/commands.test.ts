import { describe, expect, it } from 'vitest';
import { parseZkCliCommand } from './commands';
import type { ZkCliCommand, ZkCliParseResult } from './commands';
import { parseOptions, tokenize } from './tokenize';

function ok(line: string): ZkCliCommand {
  const r = parseZkCliCommand(line);
  if (!r.ok) throw new Error('expected ok: ' + r.stderr.join(' | '));
  return r.cmd;
}

function fails(line: string): Extract<ZkCliParseResult, { ok: false }> {
  const r = parseZkCliCommand(line);
  if (r.ok) throw new Error('expected an error for ' + line);
  return r;
}

describe('tokenize (ARGS_PATTERN)', () => {
  it('splits on whitespace and strips matching quotes', () => {
    expect(tokenize('create /app "v1"')).toEqual(['create', '/app', 'v1']);
    expect(tokenize("set /a 'hello world'  ")).toEqual(['set', '/a', 'hello world']);
    expect(tokenize('create /live ""')).toEqual(['create', '/live', '']);
    expect(tokenize('  ls   /')).toEqual(['ls', '/']);
    expect(tokenize('set /a x"y')).toEqual(['set', '/a', 'x"y']);
    expect(tokenize('set /a "a b"c')).toEqual(['set', '/a', 'a b', 'c']);
  });

  it('skips an unterminated quote and keeps whitespace-only lines as one blank token', () => {
    expect(tokenize('create /a "hello world')).toEqual(['create', '/a', 'hello', 'world']);
    expect(tokenize('   ')).toEqual([' ']);
  });
});

describe('commons-cli DefaultParser emulation', () => {
  it('handles flags, values, bundles and negative numbers', () => {
    expect(parseOptions({ s: false, v: true }, ['set', '-s', '-v', '3', '/a', 'x'])).toEqual({ ok: true, parsed: { options: { s: '', v: '3' }, args: ['set', '/a', 'x'] } });
    expect(parseOptions({ s: false, e: false }, ['create', '-se', '/a'])).toMatchObject({ ok: true, parsed: { options: { s: '', e: '' } } });
    expect(parseOptions({ v: true }, ['delete', '-v5', '/a'])).toMatchObject({ ok: true, parsed: { options: { v: '5' } } });
    expect(parseOptions({ v: true }, ['set', '-v', '-1', '/a', 'x'])).toMatchObject({ ok: true, parsed: { options: { v: '-1' } } });
    expect(parseOptions({ s: false }, ['ls', '/a', '-s'])).toMatchObject({ ok: true, parsed: { options: { s: '' }, args: ['ls', '/a'] } });
    expect(parseOptions({ s: false }, ['create', '--', '-s'])).toMatchObject({ ok: true, parsed: { options: {}, args: ['create', '-s'] } });
  });

  it('gives the exception texts zkCli prints', () => {
    expect(parseOptions({ s: false }, ['ls', '-x', '/'])).toEqual({ ok: false, error: 'org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x' });
    expect(parseOptions({ v: true }, ['delete', '/a', '-v'])).toEqual({ ok: false, error: 'org.apache.commons.cli.MissingArgumentException: Missing argument for option: v' });
    expect(parseOptions({ v: true, s: false }, ['set', '-v', '-s', '/a', 'x'])).toEqual({ ok: false, error: 'org.apache.commons.cli.MissingArgumentException: Missing argument for option: v' });
    expect(parseOptions({}, ['create', '/a', '-5'])).toEqual({ ok: false, error: 'org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -5' });
    expect(parseOptions({ s: false }, ['ls', '--stat'])).toEqual({ ok: false, error: 'org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: --stat' });
  });
});

describe('parseZkCliCommand', () => {
  it('create modes and data', () => {
    expect(ok('create /a')).toMatchObject({ kind: 'create', path: '/a', data: null, mode: 'PERSISTENT' });
    expect(ok('create /a ""')).toMatchObject({ data: '' });
    expect(ok('create -s /a x')).toMatchObject({ mode: 'PERSISTENT_SEQUENTIAL', data: 'x' });
    expect(ok('create -e -s /a')).toMatchObject({ mode: 'EPHEMERAL_SEQUENTIAL' });
    expect(ok('create -c /a')).toMatchObject({ mode: 'CONTAINER' });
    expect(ok('create -t 100 /a')).toMatchObject({ mode: 'PERSISTENT_WITH_TTL', ttl: 100 });
    expect(ok('create -s -t 100 /a')).toMatchObject({ mode: 'PERSISTENT_SEQUENTIAL_WITH_TTL', ttl: 100 });
    expect(ok('create -s /q/')).toMatchObject({ path: '/q/' });
    expect(ok('create /a x world:anyone:r')).toMatchObject({ acl: [{ scheme: 'world', id: 'anyone', perms: 1 }] });
  });

  it('create conflicts and client-side checks', () => {
    expect(fails('create -c -e /a').stderr).toEqual(['-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.']);
    expect(fails('create -c -s /a').stderr).toEqual(['-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.']);
    expect(fails('create -t 10 -e /a').stderr).toEqual(['TTLs cannot be used with Ephemeral znodes']);
    expect(fails('create -t 10 -c /a').stderr).toEqual(['TTLs cannot be used with Container znodes']);
    expect(fails('create -t x /a').stderr).toEqual(['-t argument must be a long value']);
    expect(fails('create -t 0 /a').stderr).toEqual(['ttl must be positive and cannot be larger than: 1099511627775']);
    expect(fails('create').stderr).toEqual(['create [-s] [-e] [-c] [-t ttl] path [data] [acl]']);
    expect(fails('create a').stderr).toEqual(['Path must start with / character']);
    expect(fails('create /a/').stderr).toEqual(['Path must not end with / character']);
    expect(fails('create /a//b').stderr).toEqual(['Invalid path string "/a//b" caused by empty node name specified @3']);
    expect(fails('create /a x bad').stderr).toEqual(['bad does not have the form scheme:id:perm', 'KeeperErrorCode = InvalidACL', 'Acl is not valid : null']);
    expect(fails('create /a x bad').phase).toBe('args');
  });

  it('ls, get, stat and their deprecated forms', () => {
    expect(ok('ls /')).toMatchObject({ kind: 'ls', path: '/', stat: false, watch: false, recursive: false });
    expect(ok('ls -s -w -R /a')).toMatchObject({ stat: true, watch: true, recursive: true });
    const dep = ok('ls /a watch');
    expect(dep).toMatchObject({ kind: 'ls', path: '/a', watch: true });
    expect(dep.pre).toEqual([{ stream: 'stderr', text: "'ls path [watch]' has been deprecated. Please use 'ls [-w] path' instead." }]);
    expect(ok('get /a watch')).toMatchObject({ kind: 'get', watch: true, pre: [{ text: "'get path [watch]' has been deprecated. Please use 'get [-s] [-w] path' instead." }] });
    expect(ok('stat /a watch')).toMatchObject({ kind: 'stat', watch: true, pre: [{ text: "'stat path [watch]' has been deprecated. Please use 'stat [-w] path' instead." }] });
    expect(fails('ls').stderr).toEqual(['ls [-s] [-w] [-R] path']);
    expect(fails('get').stderr).toEqual(['get [-s] [-w] path']);
    expect(fails('stat').stderr).toEqual(['stat [-w] path']);
    expect(fails('ls -x /').stderr).toEqual(['org.apache.commons.cli.UnrecognizedOptionException: Unrecognized option: -x']);
  });

  it('set, delete, deleteall', () => {
    expect(ok('set -v 1 /a "x=3"')).toMatchObject({ kind: 'set', path: '/a', data: 'x=3', version: 1, stat: false });
    expect(ok('set -s /a x')).toMatchObject({ version: -1, stat: true });
    expect(fails('set /a').stderr).toEqual(['set [-s] [-v version] path data']);
    expect(ok('delete -v 5 /a')).toMatchObject({ kind: 'delete', version: 5 });
    // 3.8 warns about `delete path version` and then ignores the version
    expect(ok('delete /a 5')).toMatchObject({ kind: 'delete', path: '/a', version: -1, pre: [{ text: "'delete path [version]' has been deprecated. Please use 'delete [-v version] path' instead." }] });
    expect(ok('deleteall /a')).toMatchObject({ kind: 'deleteall', batchSize: 1000 });
    expect(ok('deleteall /a -b 10')).toMatchObject({ batchSize: 10 });
    expect(fails('deleteall /a -b x').stderr).toEqual(['-b argument must be an int value']);
    expect(fails('deleteall').stderr).toEqual(['deleteall path [-b batch size]']);
  });

  it('watch commands', () => {
    expect(ok('addWatch /a')).toMatchObject({ kind: 'addWatch', mode: 'PERSISTENT_RECURSIVE', modeGiven: false });
    expect(ok('addWatch -m persistent /a')).toMatchObject({ mode: 'PERSISTENT', modeGiven: true });
    expect(fails('addWatch -m bogus /a').stderr).toEqual([
      'addWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE',
    ]);
    expect(ok('removewatches /a')).toMatchObject({ kind: 'removewatches', type: 'Any', local: false });
    expect(ok('removewatches /a -c')).toMatchObject({ type: 'Children' });
    expect(ok('removewatches /a -d -l')).toMatchObject({ type: 'Data', local: true });
    expect(fails('removewatches').stderr).toEqual(['removewatches path [-c|-d|-a] [-l]']);
  });

  it('the rest', () => {
    expect(ok('sync /')).toEqual({ kind: 'sync', path: '/' });
    expect(ok('getAllChildrenNumber /')).toEqual({ kind: 'getAllChildrenNumber', path: '/' });
    expect(ok('getEphemerals')).toEqual({ kind: 'getEphemerals', path: null });
    expect(ok('getEphemerals /a')).toEqual({ kind: 'getEphemerals', path: '/a' });
    expect(ok('getAcl -s /a')).toEqual({ kind: 'getAcl', path: '/a', stat: true });
    expect(ok('connect 127.0.0.1:2182')).toEqual({ kind: 'connect', host: '127.0.0.1:2182' });
    expect(ok('close')).toEqual({ kind: 'close' });
    expect(ok('quit')).toEqual({ kind: 'quit' });
    expect(ok('version')).toEqual({ kind: 'version' });
    expect(fails('version x').stderr).toEqual(['version ']);
    expect(ok('whoami')).toEqual({ kind: 'whoami' });
    expect(ok('history')).toEqual({ kind: 'history' });
    expect(ok('printwatches off')).toEqual({ kind: 'printwatches', value: 'off' });
    expect(ok('printwatches')).toEqual({ kind: 'printwatches', value: null });
    expect(ok('addauth digest u:p')).toMatchObject({ kind: 'unsupported', name: 'addauth' });
    expect(ok('')).toEqual({ kind: 'noop' });
  });

  it('an unknown command prints the usage list and the doubly wrapped message', () => {
    const r = fails('help');
    expect(r.phase).toBe('command');
    expect(r.stdout).toEqual([]);
    expect(r.stderr[0]).toBe('ZooKeeper -server host:port -client-configuration properties-file cmd args');
    expect(r.stderr.slice(1, -1)).toEqual([
      '\taddWatch [-m mode] path # optional mode is one of [PERSISTENT, PERSISTENT_RECURSIVE] - default is PERSISTENT_RECURSIVE',
      '\taddauth scheme auth',
      '\tclose ',
      '\tconfig [-c] [-w] [-s]',
      '\tconnect host:port',
      '\tcreate [-s] [-e] [-c] [-t ttl] path [data] [acl]',
      '\tdelete [-v version] path',
      '\tdeleteall path [-b batch size]',
      '\tdelquota [-n|-b|-N|-B] path',
      '\tget [-s] [-w] path',
      '\tgetAcl [-s] path',
      '\tgetAllChildrenNumber path',
      '\tgetEphemerals path',
      '\thistory ',
      '\tlistquota path',
      '\tls [-s] [-w] [-R] path',
      '\tprintwatches on|off',
      '\tquit ',
      '\treconfig [-s] [-v version] [[-file path] | [-members serverID=host:port1:port2;port3[,...]*]] | [-add serverId=host:port1:port2;port3[,...]]* [-remove serverId[,...]*]',
      '\tredo cmdno',
      '\tremovewatches path [-c|-d|-a] [-l]',
      '\tset [-s] [-v version] path data',
      '\tsetAcl [-s] [-v version] [-R] path acl',
      '\tsetquota -n|-b|-N|-B val path',
      '\tstat [-w] path',
      '\tsync path',
      '\tversion ',
      '\twhoami ',
    ]);
    expect(r.stderr.at(-1)).toBe('Command not found: Command not found help');
  });
});
