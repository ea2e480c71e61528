import { describe, expect, it } from 'vitest';
import { formatSequence, formatZxid, makeZxid, parentPath, serverIdOfSession, sessionIdOf, utf8Length, validatePath, zxidCounter, zxidEpoch } from './ids';

describe('zxids', () => {
  it('formats like 0x + Long.toHexString', () => {
    expect(formatZxid(0)).toBe('0x0');
    expect(formatZxid(makeZxid(1, 1))).toBe('0x100000001');
    expect(formatZxid(makeZxid(2, 0x2a))).toBe('0x20000002a');
    expect(zxidEpoch(makeZxid(7, 5))).toBe(7);
    expect(zxidCounter(makeZxid(7, 5))).toBe(5);
  });
});

describe('sessionIdOf (SessionTrackerImpl.initializeNextSessionId)', () => {
  it('puts the server id in the top byte and the clock in the next 40 bits', () => {
    // ((nowMs << 24) >>> 8) | (sid << 56), computed by hand with BigInt
    const now = 0x18bcfe568;
    const expected = (((BigInt(now) << 24n) & ((1n << 64n) - 1n)) >> 8n) | (1n << 56n);
    expect(sessionIdOf(1, now, 0)).toBe('0x' + expected.toString(16));
    expect(sessionIdOf(1, now, 0)).toBe('0x1018bcfe5680000');
    expect(sessionIdOf(1, now, 2)).toBe('0x1018bcfe5680002');
    expect(sessionIdOf(3, now, 0)).toBe('0x3018bcfe5680000');
    expect(serverIdOfSession(sessionIdOf(3, now, 7))).toBe(3);
  });

  it('drops the clock bits above 40 and keeps 64-bit semantics for large server ids', () => {
    const now = 2 ** 45 + 5; // bit 45 falls off the top of (now << 24)
    expect(sessionIdOf(1, now, 0)).toBe(sessionIdOf(1, 5, 0));
    expect(sessionIdOf(0xff, 0, 0)).toBe('0xff00000000000000');
    // the container owner value is skipped
    expect(sessionIdOf(0x80, 0, 0)).toBe('0x8000000000000001');
  });

  it('the docs example has the standalone shape 0x1000…', () => {
    expect(sessionIdOf(1, 0x7ab7c55, 6)).toBe('0x10007ab7c550006');
  });
});

describe('validatePath (PathUtils)', () => {
  it('gives the exact messages', () => {
    expect(validatePath('/')).toBeNull();
    expect(validatePath('/a/b')).toBeNull();
    expect(validatePath('')).toBe('Path length must be > 0');
    expect(validatePath('a')).toBe('Path must start with / character');
    expect(validatePath('/a/')).toBe('Path must not end with / character');
    expect(validatePath('/a//b')).toBe('Invalid path string "/a//b" caused by empty node name specified @3');
    expect(validatePath('/a/./b')).toBe('Invalid path string "/a/./b" caused by relative paths not allowed @3');
    expect(validatePath('/a/..')).toBe('Invalid path string "/a/.." caused by relative paths not allowed @4');
    expect(validatePath('/a\u0001')).toBe('Invalid path string "/a\u0001" caused by invalid character @2');
    expect(validatePath('/a\u0000')).toBe('Invalid path string "/a\u0000" caused by null character not allowed @2');
    expect(validatePath('/a.b/..c')).toBeNull();
  });

  it('lets a sequential path end with /', () => {
    expect(validatePath('/q/', true)).toBeNull();
    expect(validatePath('/q//', true)).toBe('Invalid path string "/q//1" caused by empty node name specified @3');
  });
});

describe('helpers', () => {
  it('formats sequence numbers with %010d', () => {
    expect(formatSequence(0)).toBe('0000000000');
    expect(formatSequence(42)).toBe('0000000042');
    expect(formatSequence(2147483647)).toBe('2147483647');
    expect(formatSequence(-2147483648)).toBe('-2147483648');
  });

  it('counts UTF-8 bytes', () => {
    expect(utf8Length(null)).toBe(0);
    expect(utf8Length('')).toBe(0);
    expect(utf8Length('x=1')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });

  it('computes parents', () => {
    expect(parentPath('/a')).toBe('/');
    expect(parentPath('/a/b')).toBe('/a');
    expect(parentPath('/')).toBeNull();
  });
});
