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
    expect(reset.some((l) => /^g1\s+t\s+0\s+0\s*$/.test(l))).toBe(true);
    for (const l of [...desc, ...reset]) console.log(l);
  });

  it('kafka-console-consumer.sh --group joins the group, reads its assignment, commits and leaves', () => {
    const sim = new Simulation({ seed: 5, zk: { servers: 3, clients: 0 }, brokers: 3 });
    const c = createConsole(sim);
    run(c, 'wait 15s');
    run(c, 'kafka-topics.sh --create --topic t --partitions 2 --replication-factor 3');
    run(c, 'kafka-console-producer.sh --topic t --property parse.key=true --property key.separator=:');
    for (const v of ['a:1', 'b:2', 'c:3', 'd:4', 'e:5', 'f:6']) run(c, v);
    run(c, '.');
    const t0 = sim.now;
    const out = run(c, 'kafka-console-consumer.sh --topic t --group g --from-beginning --max-messages 4 --property print.partition=true');
    expect(out[out.length - 1]).toBe('Processed a total of 4 messages');
    const trace = sim.world.trace.since(0).filter((r) => r.t >= t0);
    const sent = (what: string) => trace.filter((r) => r.kind === 'send' && r.from === 'kafka-cli' && r.what === what).length;
    // MEMBER_ID_REQUIRED, then the real JoinGroup; SyncGroup as the group's leader; the final commit; LeaveGroup
    expect(sent('JoinGroup')).toBe(2);
    expect(sent('SyncGroup')).toBe(1);
    expect(sent('OffsetCommit')).toBeGreaterThanOrEqual(1);
    expect(sent('LeaveGroup')).toBe(1);
    const what = (key: string) => trace.filter((r) => r.kind === 'note' && r.what === key).map((r) => String(r.detail));
    expect(what('kafka.group.memberJoined').some((d) => d.includes('"member":"kafka-cli-'))).toBe(true);
    expect(what('kafka.group.stable').some((d) => d.includes('"group":"g"'))).toBe(true);
    expect(what('kafka.group.memberRemoved').some((d) => d.includes('left the group'))).toBe(true);
    // the group is Empty now; the committed offsets are the next records after the 4 printed
    const desc = run(c, 'kafka-consumer-groups.sh --describe --group g');
    expect(desc.slice(0, 2)).toEqual(['ERR ', "ERR Consumer group 'g' has no active members."]);
    expect(desc[2]).toBe('');
    expect(desc[3]).toBe('GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID');
    const rows = desc.slice(4).map((l) => l.split(/\s+/));
    expect(rows.reduce((n, r) => n + Number(r[3]), 0)).toBe(4);
    expect(rows.reduce((n, r) => n + Number(r[5]), 0)).toBe(2);
    expect(rows.every((r) => r[6] === '-' && r[7] === '-' && r[8] === '-')).toBe(true);
    // a second run resumes from the commits: the remaining 2
    const again = run(c, 'kafka-console-consumer.sh --topic t --group g --max-messages 2');
    expect(again[again.length - 1]).toBe('Processed a total of 2 messages');
    expect(sim.world.violations).toEqual([]);
  });

  it('kafka-consumer-groups.sh --describe: the offsets view, --members (idle members too) and --state in the 3.9 format', () => {
    const sim = new Simulation({
      seed: 35,
      zk: { servers: 3, clients: 0 },
      brokers: 3,
      kafka: { workload: { producers: 1, messagesPerSecond: 10, consumers: 4, topics: 1, partitions: 3, replicationFactor: 3, groupId: 'workload', assignor: 'range' } },
    } as never);
    const c = createConsole(sim);
    run(c, 'wait 40s');
    const offsets = run(c, 'kafka-consumer-groups.sh --describe --group workload');
    expect(offsets[0]).toBe('');
    expect(offsets[1]).toMatch(/^GROUP {11}TOPIC {11}PARTITION {2}CURRENT-OFFSET {2}LOG-END-OFFSET {2}LAG {13}CONSUMER-ID {22}HOST {12}CLIENT-ID$/);
    // one row per assigned partition; the idle member has no row in this view (as in ConsumerGroupCommand)
    const rows = offsets.slice(2);
    expect(rows.length).toBe(3);
    expect(rows.every((l) => /^workload {8}topic1 {10}\d {10}\d+ +\d+ +\d+ +consumer\d-\S{22} \/consumer\d {6}consumer\d$/.test(l))).toBe(true);
    const members = run(c, 'kafka-consumer-groups.sh --describe --group workload --members');
    expect(members[0]).toBe('');
    expect(members[1]).toBe(`GROUP           CONSUMER-ID                      HOST            CLIENT-ID       #PARTITIONS     `);
    expect(members.length).toBe(6);
    const counts = members.slice(2).map((l) => Number(l.trim().split(/\s+/)[4])).sort();
    expect(counts).toEqual([0, 1, 1, 1]);
    const idle = members.slice(2).find((l) => /\s0\s+$/.test(l)) as string;
    expect(idle).toMatch(/^workload {8}consumer\d-\S{22} \/consumer\d {6}consumer\d {7}0 {15}$/);
    const verbose = run(c, 'kafka-consumer-groups.sh --describe --group workload --members --verbose');
    expect(verbose[1]?.endsWith('#PARTITIONS     ASSIGNMENT')).toBe(true);
    expect(verbose.slice(2).filter((l) => l.endsWith(' -')).length).toBe(1);
    expect(verbose.slice(2).filter((l) => /\(\d\)$/.test(l)).length).toBe(3);
    const state = run(c, 'kafka-consumer-groups.sh --describe --group workload --state');
    expect(state[1]).toBe('GROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS');
    expect(state[2]).toMatch(/^workload {18}broker\d:9092 {2}\(\d\) {9}range {16}Stable {10}4$/);
    expect(run(c, 'kafka-consumer-groups.sh --describe --group nope')).toEqual(['', "Error: Consumer group 'nope' does not exist."]);
    for (const l of [...offsets, ...members, ...verbose, ...state]) console.log(l);
  });
});
