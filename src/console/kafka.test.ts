import { describe, expect, it } from 'vitest';
import { Simulation } from '../sim/simulation';
import { createConsole } from './interpreter';
import './register';

function run(c: ReturnType<typeof createConsole>, line: string): string[] {
  return c.exec(line).lines.map((l) => (l.stream === 'err' ? `ERR ${l.text}` : l.text));
}

describe('Kafka tools in the console', () => {
  it('creates, describes, produces, consumes, and shows the znodes with zkCli', () => {
    const sim = new Simulation({ seed: 3, zk: { servers: 3, clients: 1 }, brokers: 3 });
    const c = createConsole(sim);
    run(c, 'wait 15s');
    expect(run(c, 'kafka-topics.sh --bootstrap-server localhost:9092 --create --topic orders --partitions 3 --replication-factor 3 --config min.insync.replicas=2')).toEqual(['Created topic orders.']);
    run(c, 'wait 2s');
    const d = run(c, 'kafka-topics.sh --describe --topic orders');
    expect(d[0]).toMatch(/^Topic: orders\tTopicId: \S{22}\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: min.insync.replicas=2$/);
    expect(d.slice(1).every((l) => /^\tTopic: orders\tPartition: \d\tLeader: \d\tReplicas: \d,\d,\d\tIsr: \d,\d,\d$/.test(l))).toBe(true);
    expect(run(c, 'kafka-topics.sh --list')).toEqual(['orders']);
    expect(run(c, 'kafka-topics.sh --create --topic orders')).toEqual(["ERR Error while executing topic command : Topic 'orders' already exists."]);
    expect(run(c, 'kafka-console-producer.sh --topic orders --property parse.key=true --property key.separator=:')).toEqual(['>']);
    run(c, 'a:one');
    run(c, 'b:two');
    run(c, 'a:three');
    run(c, '.');
    const out = run(c, 'kafka-console-consumer.sh --topic orders --from-beginning --max-messages 3 --property print.key=true');
    expect(out[out.length - 1]).toBe('Processed a total of 3 messages');
    expect(out.slice(0, 3).sort()).toEqual(['a\tone', 'a\tthree', 'b\ttwo']);
    const ls = run(c, 'ls /brokers/ids');
    expect(ls.join('\n')).toContain('[1, 2, 3]');
    const st = run(c, 'get /brokers/topics/orders/partitions/0/state');
    expect(st[0]).toMatch(/^\{"controller_epoch":1,"leader":\d,"version":1,"leader_epoch":0,"isr":\[\d,\d,\d\]\}$/);
    expect(run(c, 'get /controller_epoch')[0]).toBe('1');
    expect(run(c, 'kafka-configs.sh --alter --entity-type topics --entity-name orders --add-config retention.ms=60000')).toEqual(['Completed updating config for topic orders.']);
    const le = run(c, 'kafka-leader-election.sh --election-type PREFERRED --topic orders --partition 0');
    expect(le[0]).toMatch(/Valid replica already elected for partitions orders-0|Successfully completed/);
    const dirs = run(c, 'kafka-log-dirs.sh --describe --broker-list 1');
    expect(dirs[0]).toBe('Querying brokers for log directories information');
    expect(dirs[1]).toBe('Received log directory information from brokers 1');
    expect(JSON.parse(dirs[2] as string).brokers[0].logDirs[0].partitions.length).toBe(3);
    const seg = run(c, 'segments broker1 orders-0');
    expect(seg[1]).toMatch(/^ {2}00000000000000000000\.log/);
    // a broker crash: with RF 3 and min ISR 2 producing still works
    run(c, 'crash broker3');
    run(c, 'wait 25s');
    const d2 = run(c, 'kafka-topics.sh --describe --topic orders');
    expect(d2.slice(1).every((l) => !/Isr: .*3/.test(l))).toBe(true);
    run(c, 'kafka-console-producer.sh --topic orders --producer-property acks=all');
    expect(run(c, 'four')).toEqual(['>']);
    run(c, '.');
    expect(sim.world.violations).toEqual([]);
    for (const l of [...d, ...dirs.slice(0, 2), ...seg.slice(0, 4), ...d2]) console.log(l);
  });

  it('consumer groups: --list, --describe with lag, --reset-offsets', () => {
    const sim = new Simulation({ seed: 4, zk: { servers: 3, clients: 0 }, brokers: 3 });
    const c = createConsole(sim);
    run(c, 'wait 15s');
    run(c, 'kafka-topics.sh --create --topic t --partitions 2 --replication-factor 2');
    run(c, 'kafka-console-producer.sh --topic t');
    for (const v of ['1', '2', '3', '4']) run(c, v);
    run(c, '.');
    const out = run(c, 'kafka-console-consumer.sh --topic t --from-beginning --group g1 --max-messages 2');
    expect(out[out.length - 1]).toBe('Processed a total of 2 messages');
    expect(run(c, 'kafka-consumer-groups.sh --list')).toEqual(['g1']);
    const desc = run(c, 'kafka-consumer-groups.sh --describe --group g1');
    expect(desc.some((l) => /^GROUP\s+TOPIC\s+PARTITION\s+CURRENT-OFFSET\s+LOG-END-OFFSET\s+LAG/.test(l))).toBe(true);
    const lag = desc.filter((l) => l.startsWith('g1')).map((l) => Number(l.split(/\s+/)[5]));
    expect(lag.reduce((a, b) => a + b, 0)).toBe(2);
    const reset = run(c, 'kafka-consumer-groups.sh --reset-offsets --group g1 --topic t --to-earliest --execute');
    expect(reset.some((l) => /^g1\s+t\s+0\s+0$/.test(l))).toBe(true);
    for (const l of [...desc, ...reset]) console.log(l);
  });
});
