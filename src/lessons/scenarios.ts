/**
 * Free-play scenarios: a configuration, a seed and timed actions, loadable with one click (see
 * `loadScenario` in ./runner). Each one says what to watch for; `checks` state the outcome the description
 * promises, and the tests run every scenario and assert them.
 */
import type { Action } from '../sim/actions';
import type { Json } from '../sim/kernel/types';
import type { Simulation } from '../sim/simulation';
import * as P from './probe';
import { t } from './helpers';
import type { L10n, Scenario } from './types';

export interface ScenarioCheck {
  /** Simulated time (ms from the start) at which the check holds. */
  at: number;
  label: L10n;
  holds: (sim: Simulation) => boolean;
  /**
   * Set when the simulator is known to contradict the reference here: the check states the reference
   * behaviour, and the test expects it to FAIL until the simulator is fixed (then remove this).
   */
  knownIssue?: string;
}

export interface CheckedScenario extends Scenario {
  checks?: ScenarioCheck[];
}

const call = (client: string, reqId: number, request: Record<string, Json>): Action => ({
  type: 'inject',
  node: client,
  event: { type: 'zk.call', reqId, request },
});
const connect = (client: string, server: string, servers: string[], reqId = 900001): Action => call(client, reqId, { op: 'connect', server, servers });
const ZK3 = ['zk1', 'zk2', 'zk3'];
const ZK5 = ['zk1', 'zk2', 'zk3', 'zk4', 'zk5'];

const leaderIs = (id: string) => (sim: Simulation) => P.leads(sim.world, id);
const someLeader = (sim: Simulation) => P.theLeader(sim.world) !== undefined;
const servingCount = (n: number) => (sim: Simulation) => P.servingServers(sim.world).length === n;

export const SCENARIOS: CheckedScenario[] = [
  {
    id: 'leader-crash',
    title: t('리더 장애', 'Leader crash'),
    description: t(
      '3대 앙상블에서 5초에 리더 zk3가 죽습니다. 팔로워들이 syncLimit × tickTime 동안 리더 소식을 듣지 못한 뒤 새 리더를 뽑습니다.',
      'In a 3-server ensemble the leader zk3 crashes at 5 s. The followers elect a new leader after syncLimit × tickTime without hearing from it.',
    ),
    expect: t(
      '새 에포크(2)에서 zk2가 리더가 되고, 클라이언트는 다른 서버로 옮겨 세션을 유지합니다.',
      'zk2 leads in a new epoch (2), and the client moves to another server and keeps its session.',
    ),
    config: { zk: { servers: 3, clients: 1 } },
    seed: 1,
    actions: [{ at: 5000, action: { type: 'crash', node: 'zk3' } }],
    durationMs: 30_000,
    highlight: [{ view: 'cluster', nodes: ['zk3'] }],
    checks: [
      { at: 4000, label: t('zk3가 리더', 'zk3 leads'), holds: leaderIs('zk3') },
      { at: 30_000, label: t('zk2가 에포크 2의 리더', 'zk2 leads epoch 2'), holds: (sim) => P.leads(sim.world, 'zk2', 2) },
      { at: 30_000, label: t('클라이언트 연결 유지', 'the client is connected'), holds: (sim) => P.clientConnected(sim.world, 'client1') },
    ],
  },
  {
    id: 'minority-partition',
    title: t('소수 쪽에 갇힌 리더', 'Leader stranded in the minority'),
    description: t(
      '5대 앙상블을 {zk4, zk5} | {zk1, zk2, zk3} 으로 나눕니다. 리더 zk5는 소수 쪽에 있습니다.',
      'A 5-server ensemble is split into {zk4, zk5} | {zk1, zk2, zk3}. The leader zk5 is on the minority side.',
    ),
    expect: t(
      '소수 쪽 리더는 쿼럼을 잃고 물러나며, 다수 쪽 3대가 새 에포크에서 리더를 뽑습니다. 소수 쪽은 알아차리기 전까지 오래된 읽기를 답할 수 있습니다. 5분 뒤 복구하면 zk4, zk5가 새 리더를 따릅니다.',
      'The minority leader loses its quorum and steps down; the three on the majority side elect a leader in a new epoch. The minority may answer stale reads until it notices. Healing at 60 s brings zk4 and zk5 back as followers.',
    ),
    config: { zk: { servers: 5, clients: 1 } },
    seed: 5,
    actions: [
      { at: 5000, action: { type: 'partition', groups: [['zk4', 'zk5'], ['zk1', 'zk2', 'zk3']] } },
      { at: 60_000, action: { type: 'heal' } },
    ],
    durationMs: 90_000,
    checks: [
      { at: 4000, label: t('zk5가 리더', 'zk5 leads'), holds: leaderIs('zk5') },
      {
        at: 40_000,
        label: t('다수 쪽(zk1~3)에서 리더', 'a leader on the majority side'),
        holds: (sim) => ['zk1', 'zk2', 'zk3'].includes(P.theLeader(sim.world) ?? '') && !P.servingServers(sim.world).includes('zk5'),
      },
      { at: 90_000, label: t('복구 뒤 5대 모두 서비스', 'all five serve after healing'), holds: (sim) => P.ensembleServing(sim.world, 5) },
    ],
  },
  {
    id: 'majorities-ring',
    title: t('과반 고리(majorities ring)', 'Majorities ring'),
    description: t(
      '5대가 원 위에서 자기와 가까운 이웃만 듣습니다. 모두가 어떤 과반을 보지만, 두 서버가 같은 과반을 보지는 않습니다(Jepsen의 고전적 장애).',
      'Five servers on a ring each hear only their nearest neighbours. Everyone sees a majority, but no two see the same one (a classic Jepsen nemesis).',
    ),
    expect: t(
      '리더가 하나를 넘지 않는지, 쓰기가 멈추거나 계속되는지, 선거가 반복되는지 지켜보세요. 불변식 위반은 없어야 합니다.',
      'Watch that there is never more than one leader, whether writes stall or continue, and whether elections repeat. No invariant may be violated.',
    ),
    config: { zk: { servers: 5, clients: 1 } },
    seed: 7,
    actions: [
      { at: 5000, action: { type: 'ring', nodes: ZK5 } },
      { at: 60_000, action: { type: 'heal' } },
    ],
    durationMs: 90_000,
    checks: [{ at: 90_000, label: t('복구 뒤 리더 하나', 'one leader after healing'), holds: someLeader }],
  },
  {
    id: 'bridge',
    title: t('다리(bridge) 분단', 'Bridge partition'),
    description: t(
      '{zk1, zk2} 와 {zk4, zk5} 는 서로 못 듣지만, 가운데 zk3는 양쪽을 모두 듣습니다.',
      '{zk1, zk2} and {zk4, zk5} cannot hear each other, but zk3 in the middle hears both.',
    ),
    expect: t(
      'zk3를 포함한 쪽은 3대로 쿼럼을 만들 수 있습니다. 누가 리더가 되고, 다른 쪽은 어떻게 되는지 보세요. 60초에 복구한 뒤, 오래 LOOKING 상태였던 서버는 합류하는 데 최대 1분쯤 걸릴 수 있습니다: 주키퍼처럼 선거 알림 간격이 최대 60초까지 늘어나기 때문입니다.',
      'A side that includes zk3 has 3 servers and can form a quorum. Watch who leads and what the other side does. After healing at 60 s, a server that sat LOOKING for long may take up to a minute to rejoin: its election notifications back off up to 60 s, as in ZooKeeper.',
    ),
    config: { zk: { servers: 5, clients: 1 } },
    seed: 11,
    actions: [
      { at: 5000, action: { type: 'bridge', left: ['zk1', 'zk2'], right: ['zk4', 'zk5'], node: 'zk3' } },
      { at: 60_000, action: { type: 'heal' } },
    ],
    durationMs: 150_000,
    checks: [
      { at: 40_000, label: t('리더가 하나 있음', 'there is one leader'), holds: someLeader },
      { at: 150_000, label: t('복구 뒤 5대 서비스', 'five serve after healing'), holds: (sim) => P.ensembleServing(sim.world, 5) },
    ],
  },
  {
    id: 'paused-lock-holder',
    title: t('락을 쥔 채 멈춘 클라이언트', 'A client paused while holding a lock'),
    description: t(
      'client1이 /lock/lock-0000000000 을 쥐고 client2는 그 다음 번호로 대기합니다. 5초에 client1이 40초 동안 멈춥니다(GC 멈춤).',
      'client1 holds /lock/lock-0000000000 and client2 waits with the next number. At 5 s client1 freezes for 40 s (a GC pause).',
    ),
    expect: t(
      '약 30초(세션 타임아웃) 뒤 client1의 세션이 만료되고 락 노드가 지워져 client2가 락을 얻습니다. client1은 깨어나 다시 연결할 때에야 Expired를 압니다.',
      'About 30 s later (the session timeout) client1\'s session expires, its lock node is deleted and client2 gets the lock. client1 learns Expired only when it wakes and reconnects.',
    ),
    config: { zk: { servers: 3, clients: 2, clientsAutoConnect: false } },
    seed: 3,
    actions: [
      { at: 1000, action: connect('client1', 'zk1', ZK3) },
      { at: 1000, action: connect('client2', 'zk2', ZK3) },
      { at: 2000, action: call('client1', 900002, { op: 'create', path: '/lock', data: null, mode: 'PERSISTENT' }) },
      { at: 2100, action: call('client1', 900003, { op: 'create', path: '/lock/lock-', data: 'client1', mode: 'EPHEMERAL_SEQUENTIAL' }) },
      { at: 2200, action: call('client2', 900002, { op: 'create', path: '/lock/lock-', data: 'client2', mode: 'EPHEMERAL_SEQUENTIAL' }) },
      { at: 2300, action: call('client2', 900003, { op: 'exists', path: '/lock/lock-0000000000', watch: true }) },
      { at: 5000, action: { type: 'pause', node: 'client1' } },
      { at: 45_000, action: { type: 'resume', node: 'client1' } },
    ],
    durationMs: 60_000,
    checks: [
      { at: 4000, label: t('client1이 락 보유', 'client1 holds the lock'), holds: (sim) => P.ephemeralOwner(sim.world, '/lock/lock-0000000000') === P.clientSession(sim.world, 'client1') },
      { at: 44_000, label: t('락 노드 삭제됨', 'the lock node was deleted'), holds: (sim) => !P.exists(sim.world, '/lock/lock-0000000000') && P.exists(sim.world, '/lock/lock-0000000001') },
      { at: 60_000, label: t('client1 세션 종료', "client1's session is over"), holds: (sim) => ['EXPIRED', 'CLOSED'].includes(P.clientPhase(sim.world, 'client1') ?? '') },
    ],
  },
  {
    id: 'stale-read',
    title: t('오래된 읽기와 sync', 'Stale read and sync'),
    description: t(
      '리더 zk3에서 zk1로 가는 링크가 5초 지연됩니다. client2가 /cfg 를 v2로 바꾸면 zk2, zk3는 바로 갖지만 zk1은 5초 늦습니다.',
      'The link from the leader zk3 to zk1 is delayed by 5 s. When client2 sets /cfg to v2, zk2 and zk3 have it at once, zk1 five seconds later.',
    ),
    expect: t(
      '콘솔(client1, zk1에 연결)에서 get /cfg 는 v1을 돌려줍니다. sync /cfg 뒤에 읽으면 v2입니다.',
      'In the console (client1, on zk1) get /cfg returns v1; after sync /cfg it returns v2.',
    ),
    config: { zk: { servers: 3, clients: 2, clientsAutoConnect: false } },
    seed: 1,
    actions: [
      { at: 1000, action: connect('client1', 'zk1', ZK3) },
      { at: 1000, action: connect('client2', 'zk2', ZK3) },
      { at: 2000, action: call('client2', 900002, { op: 'create', path: '/cfg', data: 'v1', mode: 'PERSISTENT' }) },
      { at: 3000, action: { type: 'delay', ms: 5000, from: 'zk3', to: 'zk1' } },
      { at: 3100, action: call('client2', 900003, { op: 'setData', path: '/cfg', data: 'v2', version: -1 }) },
    ],
    durationMs: 10_000,
    checks: [
      { at: 3300, label: t('zk1은 아직 v1', 'zk1 still has v1'), holds: (sim) => P.dataOn(sim.world, 'zk1', '/cfg') === 'v1' && P.dataOn(sim.world, 'zk2', '/cfg') === 'v2' },
      { at: 9000, label: t('zk1도 v2', 'zk1 has v2 too'), holds: (sim) => P.dataOn(sim.world, 'zk1', '/cfg') === 'v2' },
    ],
  },
  {
    id: 'four-lose-two',
    title: t('4대 중 2대 장애', 'Four servers, two down'),
    description: t(
      '짝수 앙상블 4대에서 5초에 zk1, 10초에 zk2가 죽습니다.',
      'In an even ensemble of 4, zk1 crashes at 5 s and zk2 at 10 s.',
    ),
    expect: t(
      '1대 장애는 견디지만, 2대가 죽으면 남은 2대는 쿼럼(3)이 아니므로 서비스가 멈춥니다 — 3대 앙상블과 같은 내구성입니다.',
      'One failure is fine; with two down the remaining 2 are not a quorum (3) and service stops — the same tolerance as 3 servers.',
    ),
    config: { zk: { servers: 4, clients: 1 } },
    seed: 2,
    actions: [
      { at: 5000, action: { type: 'crash', node: 'zk1' } },
      { at: 10_000, action: { type: 'crash', node: 'zk2' } },
    ],
    durationMs: 30_000,
    highlight: [{ view: 'quorum' }],
    checks: [
      { at: 9000, label: t('1대 장애: 서비스 중', 'one down: still serving'), holds: someLeader },
      { at: 30_000, label: t('2대 장애: 아무도 서비스 안 함', 'two down: nobody serves'), holds: servingCount(0) },
    ],
  },
  {
    id: 'one-way-cut',
    title: t('리더를 향한 한 방향 단절', 'One-way cut towards the leader'),
    description: t(
      '5초부터 리더 zk3는 zk1이 보내는 것을 듣지 못하지만, zk1은 여전히 리더의 메시지를 받습니다.',
      'From 5 s the leader zk3 no longer hears zk1, while zk1 still receives the leader\'s messages.',
    ),
    expect: t(
      '리더는 zk1의 ACK와 핑 응답을 받지 못해 syncLimit 뒤 zk1을 끊고, zk2와 함께 쿼럼을 유지합니다. zk1은 다시 따라오려 하지만 리더에게 닿지 못합니다. 한 방향 장애는 양방향보다 이상한 행동을 만듭니다.',
      'The leader gets no ACKs or ping replies from zk1 and drops it after syncLimit, keeping its quorum with zk2. zk1 tries to rejoin but cannot reach the leader. One-way faults cause stranger behaviour than two-way ones.',
    ),
    config: { zk: { servers: 3, clients: 1 } },
    seed: 1,
    actions: [
      { at: 5000, action: { type: 'cut', from: 'zk1', to: 'zk3' } },
      { at: 60_000, action: { type: 'heal' } },
    ],
    durationMs: 90_000,
    checks: [
      { at: 40_000, label: t('zk3가 zk2와 함께 계속 리더', 'zk3 still leads, with zk2'), holds: (sim) => P.leads(sim.world, 'zk3') && P.servingServers(sim.world).includes('zk2') },
      { at: 90_000, label: t('복구 뒤 3대 서비스', 'three serve after healing'), holds: (sim) => P.ensembleServing(sim.world, 3) },
    ],
  },
  {
    id: 'flaky-network',
    title: t('불안정한 네트워크: 손실과 중복', 'Flaky network: loss and duplication'),
    description: t(
      '5초부터 모든 메시지의 10%가 사라지고 5%가 두 번 배달됩니다. 클라이언트는 1초마다 카운터를 씁니다.',
      'From 5 s, 10% of all messages are lost and 5% delivered twice. A client writes a counter every second.',
    ),
    expect: t(
      'TCP 위의 Zab는 순서가 깨진 연결을 끊고 다시 붙습니다. 연결 끊김, 재선출, ConnectionLoss가 보일 수 있지만, 커밋된 기록은 모든 서버에서 같은 순서입니다(불변식 위반 없음).',
      'Zab over TCP drops a connection whose order broke and reconnects. You may see disconnects, re-elections and ConnectionLoss, but committed history is the same, in the same order, on every server (no invariant violations).',
    ),
    config: { zk: { servers: 3, clients: 2, clientsAutoConnect: false } },
    seed: 13,
    actions: [
      { at: 1000, action: connect('client2', 'zk1', ZK3) },
      { at: 2000, action: call('client2', 900002, { op: 'create', path: '/counter', data: '0', mode: 'PERSISTENT' }) },
      { at: 5000, action: { type: 'loss', percent: 10 } },
      { at: 5000, action: { type: 'dup', percent: 5 } },
      ...Array.from({ length: 20 }, (_, i) => ({ at: 6000 + i * 1000, action: call('client2', 900010 + i, { op: 'setData', path: '/counter', data: String(i + 1), version: -1 }) })),
      { at: 40_000, action: { type: 'heal' } },
    ],
    durationMs: 70_000,
    checks: [{ at: 70_000, label: t('복구 뒤 리더 하나', 'one leader after healing'), holds: someLeader }],
  },
  {
    id: 'clock-skew',
    title: t('시계 어긋남', 'Clock skew'),
    description: t(
      'zk3(리더)의 시계가 +10초, zk1의 시계가 −5초 어긋납니다. 클라이언트가 노드를 만듭니다.',
      "zk3's (the leader's) clock runs 10 s ahead, zk1's 5 s behind. A client creates nodes.",
    ),
    expect: t(
      '주키퍼의 순서는 벽시계가 아니라 zxid로 정해지므로 선출과 커밋은 영향을 받지 않습니다. ctime/mtime만 리더의 시계를 따릅니다. 타임아웃은 각 서버의 경과 시간으로 재므로 고정된 어긋남은 문제를 만들지 않습니다.',
      "ZooKeeper orders by zxid, not wall clocks, so elections and commits are unaffected; only ctime/mtime follow the leader's clock. Timeouts measure elapsed time on each server, so a constant skew changes nothing.",
    ),
    config: { zk: { servers: 3, clients: 1 } },
    seed: 1,
    actions: [
      { at: 1000, action: { type: 'skew', node: 'zk3', ms: 10_000 } },
      { at: 1000, action: { type: 'skew', node: 'zk1', ms: -5000 } },
      { at: 4000, action: call('client1', 900002, { op: 'create', path: '/stamp', data: 'a', mode: 'PERSISTENT' }) },
    ],
    durationMs: 30_000,
    checks: [
      {
        at: 30_000,
        label: t('zk3가 계속 리더', 'zk3 still leads'),
        holds: leaderIs('zk3'),
      },
      { at: 30_000, label: t('/stamp 커밋', '/stamp committed'), holds: (sim) => P.allServingHave(sim.world, '/stamp', 'a') },
    ],
  },
  {
    id: 'crashed-client-ephemeral',
    title: t('죽은 클라이언트와 일시 노드', 'A crashed client and its ephemeral node'),
    description: t(
      'client2가 /members/worker-2 (일시 노드)를 만들고 10초에 프로세스가 죽습니다.',
      'client2 creates /members/worker-2 (ephemeral) and its process crashes at 10 s.',
    ),
    expect: t(
      '연결은 즉시 끊기지만 세션은 바로 끝나지 않습니다: 타임아웃(30초) 뒤 리더가 세션을 만료시키고 일시 노드를 지웁니다.',
      'The connection closes at once but the session does not end at once: after the timeout (30 s) the leader expires it and deletes the ephemeral node.',
    ),
    config: { zk: { servers: 3, clients: 2, clientsAutoConnect: false } },
    seed: 1,
    actions: [
      { at: 1000, action: connect('client2', 'zk2', ZK3) },
      { at: 2000, action: call('client2', 900002, { op: 'create', path: '/members', data: null, mode: 'PERSISTENT' }) },
      { at: 2100, action: call('client2', 900003, { op: 'create', path: '/members/worker-2', data: 'up', mode: 'EPHEMERAL' }) },
      { at: 10_000, action: { type: 'crash', node: 'client2' } },
    ],
    durationMs: 50_000,
    checks: [
      { at: 20_000, label: t('아직 존재(세션 살아 있음)', 'still there (the session lives)'), holds: (sim) => P.exists(sim.world, '/members/worker-2') },
      { at: 50_000, label: t('만료 뒤 삭제', 'deleted after expiry'), holds: (sim) => !P.exists(sim.world, '/members/worker-2') },
    ],
  },
  {
    id: 'observers',
    title: t('옵저버: 투표하지 않는 서버', 'Observers: servers that do not vote'),
    description: t(
      '투표 서버 3대 + 옵저버 2대(zk4, zk5). 10초에 투표 서버 2대(zk1, zk2)가 죽습니다.',
      '3 voting servers + 2 observers (zk4, zk5). At 10 s two voting servers (zk1, zk2) crash.',
    ),
    expect: t(
      '살아 있는 서버는 3대지만 투표 서버는 1대뿐이라 쿼럼이 없습니다. 옵저버는 읽기 확장용이지 내구성을 늘려 주지 않습니다.',
      'Three servers are up, but only one of them votes, so there is no quorum. Observers scale reads; they add no fault tolerance.',
    ),
    config: { zk: { servers: 3, observers: 2, clients: 1 } },
    seed: 4,
    actions: [
      { at: 10_000, action: { type: 'crash', node: 'zk1' } },
      { at: 10_000, action: { type: 'crash', node: 'zk2' } },
    ],
    durationMs: 40_000,
    highlight: [{ view: 'quorum' }],
    checks: [
      { at: 9000, label: t('5대 서비스', 'five serve'), holds: servingCount(5) },
      { at: 40_000, label: t('아무도 서비스 안 함', 'nobody serves'), holds: servingCount(0) },
    ],
  },

  // ---- Kafka (needs the Kafka cluster, src/sim/kafka) -------------------------------------------------
  {
    id: 'kafka-broker-crash',
    requires: 'kafka',
    title: t('브로커 장애와 리더 이동', 'Broker crash and leader failover'),
    description: t(
      '주키퍼 3대, 브로커 3대, 토픽 1개(파티션 6, 복제 3), 프로듀서 1, 컨슈머 2. 20초에 broker1이 죽습니다.',
      '3 ZooKeeper servers, 3 brokers, one topic (6 partitions, RF 3), 1 producer, 2 consumers. broker1 crashes at 20 s.',
    ),
    expect: t(
      'broker1의 주키퍼 세션이 만료될 때(18초)까지 아무것도 바뀌지 않다가, /brokers/ids/1 이 사라지면 컨트롤러가 broker1이 리더였던 파티션의 새 리더를 ISR에서 뽑고 leader_epoch를 올립니다.',
      "Nothing changes until broker1's ZooKeeper session expires (18 s); when /brokers/ids/1 disappears the controller picks new leaders from the ISR for broker1's partitions and bumps leader_epoch.",
    ),
    config: { zk: { servers: 3, clients: 0 }, brokers: 3, kafka: { workload: { producers: 1, messagesPerSecond: 10, consumers: 2, topics: 1, partitions: 6, replicationFactor: 3 } } },
    seed: 21,
    actions: [{ at: 20_000, action: { type: 'crash', node: 'broker1' } }],
    durationMs: 60_000,
    highlight: [{ view: 'partitions' }],
    checks: [
      { at: 30_000, label: t('broker1은 아직 등록되어 있음(세션 유지)', 'broker1 is still registered (its session lives)'), holds: (sim) => P.registeredBrokers(sim.world).includes(1) },
      { at: 60_000, label: t('broker1 등록 해제', 'broker1 deregistered'), holds: (sim) => !P.registeredBrokers(sim.world).includes(1) },
    ],
  },
  {
    id: 'kafka-zk-quorum-loss',
    requires: 'kafka',
    title: t('카프카 아래에서 주키퍼 쿼럼 상실', 'ZooKeeper loses its quorum under Kafka'),
    description: t(
      '주키퍼 3대 중 2대가 20초에 죽습니다. 브로커 3대는 계속 동작합니다.',
      'Two of the three ZooKeeper servers crash at 20 s; the three brokers keep running.',
    ),
    expect: t(
      '기존 파티션 리더는 계속 읽기/쓰기를 처리하지만, 메타데이터 변경(리더 교체, ISR 변경, 토픽 생성)은 할 수 없습니다.',
      'Existing partition leaders keep serving reads and writes, but no metadata can change (leader moves, ISR changes, topic creation).',
    ),
    config: { zk: { servers: 3, clients: 0 }, brokers: 3, kafka: { workload: { producers: 1, messagesPerSecond: 10, consumers: 1, topics: 1, partitions: 3, replicationFactor: 3 } } },
    seed: 22,
    actions: [
      { at: 20_000, action: { type: 'crash', node: 'zk1' } },
      { at: 20_000, action: { type: 'crash', node: 'zk2' } },
    ],
    durationMs: 60_000,
    checks: [{ at: 60_000, label: t('주키퍼가 서비스하지 않음', 'ZooKeeper does not serve'), holds: servingCount(0) }],
  },
  {
    id: 'kafka-unclean',
    requires: 'kafka',
    title: t('언클린 리더 선출: 확인된 쓰기 유실', 'Unclean leader election: acknowledged writes lost'),
    description: t(
      'RF 3, acks=1, unclean.leader.election.enable=true. 20초에 broker3을 고립시켜 ISR에서 빠지게 한 뒤, 80초에 broker1, broker2를 죽입니다.',
      'RF 3, acks=1, unclean.leader.election.enable=true. broker3 is isolated at 20 s so it drops out of the ISR; broker1 and broker2 crash at 80 s.',
    ),
    expect: t(
      'ISR 밖의 broker3이 리더가 되면서 그동안 확인(ack)된 레코드가 사라집니다 — 2013년 Jepsen이 보인 카프카 데이터 유실입니다. unclean을 끄면 파티션은 오프라인(Leader: none)으로 남습니다.',
      'broker3, outside the ISR, becomes leader and the records acknowledged meanwhile are lost — the Kafka data loss Jepsen showed in 2013. With unclean disabled the partition stays offline (Leader: none).',
    ),
    config: {
      zk: { servers: 3, clients: 0 },
      brokers: 3,
      kafka: { uncleanLeaderElection: true, workload: { producers: 1, messagesPerSecond: 10, acks: 1, consumers: 0, topics: 1, partitions: 1, replicationFactor: 3 } },
    },
    seed: 23,
    actions: [
      { at: 20_000, action: { type: 'isolate', node: 'broker3' } },
      { at: 80_000, action: { type: 'crash', node: 'broker1' } },
      { at: 80_000, action: { type: 'crash', node: 'broker2' } },
      { at: 81_000, action: { type: 'heal' } },
    ],
    durationMs: 150_000,
    highlight: [{ view: 'partitions' }, { view: 'log' }],
    checks: [
      {
        at: 70_000,
        label: t('broker3는 ISR 밖, 다른 리더', 'broker3 is out of the ISR, another broker leads'),
        holds: (sim) => {
          const st = P.partitionState(sim.world, 'topic1', 0);
          return !!st && st.leader !== 3 && st.leader > 0 && !st.isr.includes(3);
        },
      },
      {
        at: 150_000,
        label: t('언클린 선출: broker3가 ISR [3]로 리더', 'unclean election: broker3 leads with ISR [3]'),
        holds: (sim) => {
          const st = P.partitionState(sim.world, 'topic1', 0);
          return st?.leader === 3 && st.isr.join() === '3';
        },
      },
    ],
  },
  {
    id: 'kafka-idle-consumer',
    requires: 'kafka',
    title: t('파티션보다 많은 컨슈머', 'More consumers than partitions'),
    description: t('파티션 3개인 토픽에 같은 그룹의 컨슈머 4개가 붙습니다. 20초에 한 컨슈머가 죽습니다.', 'Four consumers of one group read a topic with 3 partitions. One consumer crashes at 20 s.'),
    expect: t(
      '한 컨슈머는 할 일이 없습니다(idle). 컨슈머가 죽으면 세션 타임아웃(45초) 뒤 코디네이터가 리밸런스를 열어 파티션을 다시 나눕니다.',
      'One consumer is idle. When a consumer dies, after its session timeout (45 s) the coordinator starts a rebalance and reassigns the partitions.',
    ),
    config: { zk: { servers: 3, clients: 0 }, brokers: 3, kafka: { workload: { producers: 1, messagesPerSecond: 10, consumers: 4, topics: 1, partitions: 3, replicationFactor: 3 } } },
    seed: 24,
    actions: [{ at: 20_000, action: { type: 'crash', node: 'consumer4' } }],
    durationMs: 80_000,
    highlight: [{ view: 'groups' }],
  },
];

export function scenarioById(id: string): CheckedScenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
