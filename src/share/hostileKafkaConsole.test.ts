/**
 * Hostile input to the Kafka tools: command-shaped lines with arbitrary options and values (and producer
 * value lines) always come back as console lines with a clear error, never an internal exception, never a
 * hang, and the cluster's live invariants still hold afterwards.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createConsole } from '../console/interpreter';
import '../console/register';
import { kafkaExtension } from '../console/kafka';
import { Simulation } from '../sim/simulation';

const TOOLS = kafkaExtension.commands ?? [];
const OPTIONS = [
  '--create', '--describe', '--list', '--delete', '--alter', '--topic', '--partitions', '--replication-factor', '--bootstrap-server',
  '--config', '--from-beginning', '--group', '--max-messages', '--partition', '--offset', '--members', '--state', '--offsets',
  '--reset-offsets', '--to-earliest', '--to-latest', '--execute', '--all-topics', '--add-config', '--entity-type', '--entity-name',
  '--election-type', '--all-topic-partitions', '--producer-property', '--property', '--timeout-ms', '--under-replicated-partitions',
];
const INTERNAL = /Cannot read|Cannot set|undefined is not|is not a function|is not iterable|Maximum call stack|of undefined|of null|Unexpected token|RangeError|TypeError|ReferenceError/;

const token = fc.oneof(
  fc.constantFrom(...OPTIONS),
  fc.string({ maxLength: 10 }),
  fc.constantFrom('t', 'orders', 'orders-0', '__consumer_offsets', 'broker1', 'broker9', 'g', 'localhost:9092', 'acks=all', 'acks=0', 'acks=x', 'parse.key=true', 'key.separator=:', 'retention.ms=1', 'cleanup.policy=compact', 'segment.bytes=-1', 'PREFERRED', 'UNCLEAN', 'topics', 'brokers', '1', '0', '-1', '3', '999999', 'NaN', '1e309', '<b>x</b>', '.', '🦀'),
  fc.integer({ min: -5, max: 100 }).map(String),
);
const toolLine = fc.tuple(fc.constantFrom(...TOOLS), fc.array(token, { maxLength: 7 })).map(([c, a]) => [c, ...a].join(' '));
const anyLine = fc.oneof({ weight: 4, arbitrary: toolLine }, { weight: 1, arbitrary: fc.string({ maxLength: 80 }) }, { weight: 1, arbitrary: fc.constant('.') });

describe('Kafka console under hostile input', () => {
  it('arbitrary Kafka tool lines never throw, stay bounded, and break no invariant', () => {
    const sim = new Simulation({ seed: 11, zk: { servers: 3, clients: 0 }, brokers: 3 });
    const con = createConsole(sim, { settle: true });
    con.exec('kafka-topics.sh --create --topic orders --partitions 2 --replication-factor 2');
    fc.assert(
      fc.property(fc.array(anyLine, { minLength: 1, maxLength: 6 }), (lines) => {
        for (const line of lines) {
          const before = sim.now;
          const r = con.exec(line);
          for (const l of r.lines) {
            expect(['out', 'err']).toContain(l.stream);
            if (l.stream === 'err') expect(l.text, `line ${JSON.stringify(line)}`).not.toMatch(INTERNAL);
          }
          expect(sim.now - before).toBeLessThanOrEqual(3_600_000);
        }
        // leave any interactive producer
        con.exec('.');
      }),
      { numRuns: Number(process.env['HOSTILE_RUNS'] ?? 200) },
    );
    expect(sim.world.violations).toEqual([]);
  }, 240_000);
});
