/**
 * Kafka lessons (Kafka 3.9 in ZooKeeper mode). They drive the Kafka console tools of issue 4
 * (kafka-topics.sh, kafka-console-producer.sh, kafka-console-consumer.sh, kafka-consumer-groups.sh,
 * kafka-configs.sh, segments …) and zkCli in the same console, and check their claims against the metadata
 * Kafka keeps in ZooKeeper. All of them need the Kafka cluster (`requires: 'kafka'`).
 */
import * as P from '../probe';
import { act, and, choice, cli, printedLine, question, t } from '../helpers';
import type { Lesson, LessonCtx, Predicate, Step, StepAction } from '../types';

const BOOT = '--bootstrap-server localhost:9092';
const KAFKA3 = { zk: { servers: 3, clients: 1 }, brokers: 3 } as const;

const brokersUp =
  (n: number): Predicate =>
  ({ world }) =>
    P.registeredBrokers(world).length >= n && P.controllerId(world) !== undefined;

const topicReady =
  (topic: string, partitions: number): Predicate =>
  ({ world }) =>
    Array.from({ length: partitions }, (_, p) => P.partitionState(world, topic, p)).every((s) => !!s && s.leader > 0);

const printedMatch =
  (re: RegExp): Predicate =>
  (ctx) =>
    ctx.output.some((l) => re.test(l.text));

/** The rows of `kafka-consumer-groups.sh --describe` for a group printed in this step. */
function groupRows(ctx: LessonCtx, group: string): Array<{ topic: string; partition: number; client: string }> {
  const rows: Array<{ topic: string; partition: number; client: string }> = [];
  for (const l of ctx.output) {
    const w = l.text.trim().split(/\s+/);
    if (w[0] === group && w.length >= 9 && /^\d+$/.test(w[2] ?? '')) rows.push({ topic: w[1] as string, partition: Number(w[2]), client: w[w.length - 1] as string });
  }
  return rows;
}

const startCluster: Step = {
  id: 'start',
  kind: 'narrate',
  narration: t(
    '주키퍼 앙상블 3대 위에서 카프카 브로커 3대(broker1~3)가 시작합니다. 각 브로커는 주키퍼의 클라이언트로서 자기 세션을 열고 /brokers/ids/<id> 일시 노드로 자신을 등록합니다. 가장 먼저 /controller 일시 노드를 만든 브로커가 컨트롤러가 됩니다.',
    'Three Kafka brokers (broker1–3) start on a 3-server ZooKeeper ensemble. Each broker is a ZooKeeper client with its own session and registers itself as the ephemeral znode /brokers/ids/<id>. The first broker to create the ephemeral /controller znode becomes the controller.',
  ),
  highlight: [{ view: 'cluster', nodes: ['broker1', 'broker2', 'broker3'] }, { view: 'tree', znodes: ['/brokers/ids', '/controller'] }],
  waitFor: { label: t('브로커 3대 등록, 컨트롤러 있음', 'three brokers registered, a controller exists'), until: brokersUp(3), withinMs: 60_000 },
  claims: [{ label: t('브로커 1, 2, 3 등록', 'brokers 1, 2, 3 registered'), holds: ({ world }) => P.registeredBrokers(world).join() === '1,2,3' }],
};

/** broker<N> for a broker id. */
const brokerNode = (id: number | undefined): string => `broker${id ?? 1}`;

/** "Show me": crash (or pause) a broker chosen from the run's current metadata. */
const onBroker =
  (type: 'crash' | 'pause', pickId: (ctx: LessonCtx) => number | undefined, before: StepAction[] = []) =>
  (ctx: LessonCtx): StepAction[] => [...before, act(before.length ? 500 : 0, { type, node: brokerNode(pickId(ctx)) })];

// ---------------------------------------------------------------------------------------------------------
export const kafkaBrokers: Lesson = {
  id: 'kafka-brokers',
  requires: 'kafka',
  title: t('카프카 브로커, 부트스트랩 서버, 메타데이터', 'Kafka brokers, bootstrap servers and metadata'),
  summary: t(
    '브로커는 숫자 id로 구별되는 카프카 서버입니다. 클라이언트는 아무 브로커 하나(부트스트랩 서버)에 물어 전체 클러스터의 메타데이터를 받습니다.',
    'A broker is a Kafka server identified by a numeric id. A client asks any one broker (a bootstrap server) and gets the metadata of the whole cluster.',
  ),
  level: 'basic',
  scenario: { config: KAFKA3, seed: 31 },
  steps: [
    startCluster,
    {
      id: 'ids',
      kind: 'narrate',
      narration: t(
        'zkCli로 주키퍼 안을 봅시다. ls /brokers/ids 는 살아 있는 브로커 목록이고, get /brokers/ids/1 은 브로커가 써 둔 접속 주소(endpoints)입니다. 브로커 id와 파티션 번호는 아무 관계가 없습니다.',
        'Look inside ZooKeeper with zkCli. ls /brokers/ids lists the live brokers; get /brokers/ids/1 shows the endpoints the broker wrote. Broker ids have nothing to do with partition numbers.',
      ),
      actions: [cli(0, 'ls /brokers/ids'), cli(0, 'get /brokers/ids/1')],
      claims: [
        { label: t('[1, 2, 3]', '[1, 2, 3]'), holds: printedLine('[1, 2, 3]') },
        { label: t('endpoints JSON', 'endpoints JSON'), holds: printedMatch(/"endpoints"/) },
      ],
    },
    {
      id: 'bootstrap',
      kind: 'narrate',
      narration: t(
        '토픽 orders(파티션 3, 복제 3)를 만듭니다. --bootstrap-server 에는 브로커 하나만 적어도 됩니다: 클라이언트는 그 브로커에게 메타데이터(모든 브로커, 토픽, 파티션별 리더)를 받은 뒤, 필요한 파티션의 리더 브로커에 직접 연결합니다. 모든 브로커가 같은 메타데이터 캐시를 갖고 있어서 어느 브로커든 부트스트랩 서버가 될 수 있습니다.',
        'Create the topic orders (3 partitions, replication 3). --bootstrap-server needs only one broker: the client fetches metadata (all brokers, topics, the leader of each partition) from it and then connects directly to the leader of each partition it needs. Every broker has the same metadata cache, so any broker can be a bootstrap server.',
      ),
      actions: [cli(0, `kafka-topics.sh --create --topic orders --partitions 3 --replication-factor 3 ${BOOT}`), cli(3000, `kafka-topics.sh --describe --topic orders ${BOOT}`)],
      waitFor: { label: t('파티션마다 리더', 'a leader per partition'), until: topicReady('orders', 3), withinMs: 30_000 },
      highlight: [{ view: 'partitions', partitions: ['orders-0', 'orders-1', 'orders-2'] }],
      claims: [
        { label: t('Created topic orders.', 'Created topic orders.'), holds: printedLine('Created topic orders.') },
        { label: t('리더가 여러 브로커에 분산', 'leaders spread over brokers'), holds: ({ world }) => new Set([0, 1, 2].map((p) => P.partitionState(world, 'orders', p)?.leader)).size === 3 },
      ],
    },
    {
      id: 'produce',
      kind: 'try',
      narration: t('이제 메시지를 보내고 읽어 봅시다.', 'Now send and read some messages.'),
      task: t(
        'kafka-console-producer.sh 로 orders에 메시지 두 개를 보내고(줄마다 값 하나, 끝은 "."), kafka-console-consumer.sh --from-beginning 으로 읽으세요.',
        'Send two messages to orders with kafka-console-producer.sh (one value per line, end with "."), then read them with kafka-console-consumer.sh --from-beginning.',
      ),
      solution: [
        cli(0, `kafka-console-producer.sh --topic orders ${BOOT}`),
        cli(0, 'apple'),
        cli(0, 'banana'),
        cli(0, '.'),
        cli(0, `kafka-console-consumer.sh --topic orders --from-beginning --max-messages 2 ${BOOT}`),
      ],
      success: and(printedLine('apple'), printedLine('banana')),
      withinMs: 30_000,
    },
  ],
  quiz: [
    question(
      'bootstrap',
      t('bootstrap.servers에 broker1만 적었습니다. broker3이 리더인 파티션에 쓸 수 있나요?', 'bootstrap.servers lists only broker1. Can the client write to a partition led by broker3?'),
      [
        choice('yes', t('예. 메타데이터로 리더를 알아내 broker3에 직접 연결한다', 'Yes: it learns the leader from the metadata and connects to broker3 directly'), t('맞습니다.', 'Right.')),
        choice('proxy', t('예. broker1이 대신 전달한다', 'Yes: broker1 forwards it'), t('아닙니다. 브로커는 요청을 중계하지 않습니다. 리더가 아닌 브로커는 NOT_LEADER_OR_FOLLOWER로 거절합니다.', 'No. Brokers do not proxy; a non-leader rejects with NOT_LEADER_OR_FOLLOWER.')),
        choice('no', t('아니요. 적어 둔 브로커만 쓸 수 있다', 'No: only listed brokers can be used'), t('아닙니다. 부트스트랩 목록은 처음 접속용일 뿐입니다.', 'No. The bootstrap list is only for the first contact.')),
      ],
      ['yes'],
    ),
    question(
      'ephemeral',
      t('/brokers/ids/2 는 어떤 종류의 지노드인가요?', 'What kind of znode is /brokers/ids/2?'),
      [
        choice('eph', t('일시 노드', 'Ephemeral'), t('맞습니다. 브로커의 세션이 끝나면 사라져 컨트롤러가 장애를 압니다.', 'Right. It vanishes when the broker\'s session ends, which is how the controller learns of a failure.')),
        choice('pers', t('영구 노드', 'Persistent'), t('아닙니다. 토픽 설정(/brokers/topics/...)이 영구 노드입니다.', 'No. Topic metadata (/brokers/topics/...) is persistent.')),
      ],
      ['eph'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const kafkaController: Lesson = {
  id: 'kafka-controller',
  requires: 'kafka',
  title: t('파티션, 복제, 컨트롤러', 'Partitions, replication and the controller'),
  summary: t(
    '토픽은 파티션으로 나뉘고 각 파티션은 여러 브로커에 복제됩니다. 컨트롤러 브로커 하나가 파티션 리더를 정하고, 컨트롤러가 죽으면 다른 브로커가 더 높은 에포크로 이어받습니다.',
    'A topic is split into partitions, each replicated on several brokers. One controller broker decides the partition leaders; when it dies another broker takes over with a higher epoch.',
  ),
  level: 'intermediate',
  scenario: { config: KAFKA3, seed: 32 },
  steps: [
    startCluster,
    {
      id: 'topic',
      kind: 'narrate',
      narration: t(
        '토픽 payments(파티션 3, 복제 3)를 만듭니다. 복제는 파티션 단위입니다: 파티션마다 리더 레플리카 하나가 읽기·쓰기를 받고, 팔로워 레플리카들은 리더에게서 데이터를 가져옵니다(fetch). 레플리카 목록의 첫 번째가 "선호 리더"이고, 카프카는 리더가 브로커들에 고르게 퍼지도록 배치합니다. 복제 개수는 1(복제 없음)부터 브로커 수까지이고, 그만큼 저장 공간도 늘어납니다.',
        'Create the topic payments (3 partitions, replication 3). Replication is per partition: one leader replica takes reads and writes, and follower replicas fetch from it. The first replica in the list is the "preferred leader", and Kafka spreads leaders evenly over the brokers. The replication factor goes from 1 (no copies) to the number of brokers, and storage grows with it.',
      ),
      actions: [cli(0, `kafka-topics.sh --create --topic payments --partitions 3 --replication-factor 3 ${BOOT}`), cli(3000, `kafka-topics.sh --describe --topic payments ${BOOT}`)],
      waitFor: { label: t('파티션마다 리더', 'a leader per partition'), until: topicReady('payments', 3), withinMs: 30_000 },
      highlight: [{ view: 'partitions' }],
      claims: [{ label: t('Replicas 목록 출력', 'replica lists printed'), holds: printedMatch(/Partition: 0\s+Leader: \d+\s+Replicas: \d,\d,\d\s+Isr: /) }],
    },
    {
      id: 'controller',
      kind: 'narrate',
      narration: t(
        'get /controller 는 지금 컨트롤러인 브로커를, get /controller_epoch 는 컨트롤러가 몇 번째인지를 보여 줍니다. 컨트롤러는 브로커 상태를 감시하고, 파티션 리더와 ISR을 정해 /brokers/topics/<토픽>/partitions/<번호>/state 에 쓰고, 다른 브로커에 LeaderAndIsr와 UpdateMetadata 요청으로 알립니다.',
        'get /controller shows which broker is the controller, and get /controller_epoch how many controllers there have been. The controller watches the brokers, decides partition leaders and ISRs, writes them to /brokers/topics/<topic>/partitions/<n>/state, and tells the other brokers with LeaderAndIsr and UpdateMetadata requests.',
      ),
      actions: [cli(0, 'get /controller'), cli(0, 'get /controller_epoch'), cli(0, 'get /brokers/topics/payments/partitions/0/state')],
      highlight: [{ view: 'tree', znodes: ['/controller', '/controller_epoch', '/brokers/topics/payments/partitions/0/state'] }],
      claims: [
        { label: t('컨트롤러 에포크 1', 'controller epoch 1'), holds: ({ world }) => P.controllerEpoch(world) === 1 },
        { label: t('state JSON 출력', 'state JSON printed'), holds: printedMatch(/"leader_epoch"/) },
      ],
    },
    {
      id: 'kill-controller',
      kind: 'try',
      narration: t(
        '컨트롤러 브로커가 죽으면? 세션 타임아웃(zookeeper.session.timeout.ms = 18초) 뒤 /controller 일시 노드가 사라지고, 그것을 감시하던 다른 브로커들이 먼저 만들기 경쟁을 합니다. 이긴 브로커는 /controller_epoch 를 1 올립니다.',
        'What if the controller broker dies? After its session timeout (zookeeper.session.timeout.ms = 18 s) the ephemeral /controller disappears, and the brokers watching it race to create it. The winner increments /controller_epoch.',
      ),
      task: t('지금 컨트롤러인 브로커를 죽이세요(예: crash broker1). get /controller 로 누구인지 먼저 확인하세요.', 'Crash the broker that is the controller (e.g. crash broker1). Check who it is with get /controller first.'),
      solution: onBroker('crash', ({ world }) => P.controllerId(world), [cli(0, 'get /controller')]),
      success: ({ world }) => (P.controllerEpoch(world) ?? 0) >= 2,
      withinMs: 60_000,
      claims: [{ label: t('새 컨트롤러, 에포크 2', 'a new controller, epoch 2'), holds: ({ world }) => P.controllerEpoch(world) === 2 && P.controllerId(world) !== undefined }],
    },
    {
      id: 'fencing',
      kind: 'narrate',
      narration: t(
        '컨트롤러 에포크는 펜싱에 쓰입니다. 예전 컨트롤러가 멈췄다가 살아나 명령을 보내도, 더 높은 에포크를 본 브로커는 STALE_CONTROLLER_EPOCH로 거절하고, 그 컨트롤러의 주키퍼 쓰기는 /controller_epoch 버전 검사에서 실패합니다. 노트의 "주키퍼가 새 리더 브로커를 설정한다"는 정확하지 않습니다: 주키퍼는 세션 만료만 알리고, 새 리더를 고르는 것은 컨트롤러(브로커)입니다.',
        'The controller epoch is for fencing. If an old controller wakes up from a pause and sends commands, brokers that have seen a higher epoch reject them with STALE_CONTROLLER_EPOCH, and its ZooKeeper writes fail the /controller_epoch version check. A note says "ZooKeeper sets the new leader broker" — not quite: ZooKeeper only reports the expired session; the controller (a broker) picks new leaders.',
      ),
    },
  ],
  quiz: [
    question(
      'who-elects',
      t('파티션의 새 리더를 고르는 것은 누구인가요?', 'Who picks a partition\'s new leader?'),
      [
        choice('ctl', t('컨트롤러 브로커', 'The controller broker'), t('맞습니다. ISR 안에서 레플리카 순서대로 골라 주키퍼에 기록합니다.', 'Right. It picks from the ISR in replica order and records it in ZooKeeper.')),
        choice('zk', t('주키퍼 리더', 'The ZooKeeper leader'), t('아닙니다. 주키퍼는 저장과 알림만 합니다.', 'No. ZooKeeper only stores and notifies.')),
        choice('vote', t('레플리카들의 투표', 'A vote among the replicas'), t('아닙니다. ZooKeeper 모드의 카프카는 파티션마다 투표하지 않습니다.', 'No. Kafka in ZooKeeper mode does not vote per partition.')),
      ],
      ['ctl'],
    ),
    question(
      'ctl-epoch',
      t('/controller_epoch 가 5에서 6이 되었습니다. 무슨 뜻인가요?', '/controller_epoch went from 5 to 6. What does it mean?'),
      [
        choice('new', t('새 컨트롤러가 선출되었다', 'A new controller was elected'), t('맞습니다. 에포크 5의 명령은 이제 거절됩니다.', 'Right. Commands with epoch 5 are now rejected.')),
        choice('partitions', t('파티션이 6개가 되었다', 'There are now 6 partitions'), t('아닙니다.', 'No.')),
      ],
      ['new'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const kafkaFailover: Lesson = {
  id: 'kafka-failover-isr',
  requires: 'kafka',
  title: t('리더 장애 조치와 ISR', 'Leader failover and the ISR'),
  summary: t(
    '브로커가 죽으면 그 브로커가 리더였던 파티션은 세션 만료 뒤 ISR 안의 다른 레플리카로 리더가 옮겨 가고, leader_epoch가 올라갑니다.',
    'When a broker dies, the partitions it led move, after its session expires, to another replica in the ISR, and leader_epoch goes up.',
  ),
  level: 'intermediate',
  scenario: { config: KAFKA3, seed: 33 },
  steps: [
    startCluster,
    {
      id: 'topic',
      kind: 'narrate',
      narration: t(
        '토픽 events(파티션 1, 복제 3)를 만듭니다. ISR(In-Sync Replicas)은 리더를 충분히 따라잡고 있는 레플리카들의 집합입니다. 리더도 ISR에 포함됩니다. 처음에는 세 레플리카 모두 ISR입니다.',
        'Create the topic events (1 partition, replication 3). The ISR (in-sync replicas) is the set of replicas that keep up with the leader, the leader included. At first all three are in the ISR.',
      ),
      actions: [cli(0, `kafka-topics.sh --create --topic events --partitions 1 --replication-factor 3 ${BOOT}`)],
      waitFor: { label: t('리더 있음', 'a leader exists'), until: topicReady('events', 1), withinMs: 30_000 },
      claims: [{ label: t('ISR 3개', 'ISR of 3'), holds: ({ world }) => P.partitionState(world, 'events', 0)?.isr.length === 3 }],
    },
    {
      id: 'crash-leader',
      kind: 'try',
      narration: t(
        '파티션 events-0의 리더 브로커를 죽여 봅시다. 노트에는 "리더가 죽으면 팔로워 중 하나가 리더가 된다"고 되어 있는데, 언제일까요? ZooKeeper 모드에서 컨트롤러는 브로커의 주키퍼 세션이 만료되어야(18초) 장애를 압니다. 그동안 이 파티션에 대한 쓰기는 실패하고 재시도됩니다.',
        'Crash the leader of events-0. A note says "when the leader dies, a follower becomes leader" — but when? In ZooKeeper mode the controller learns of the failure only when the broker\'s ZooKeeper session expires (18 s). Meanwhile writes to this partition fail and are retried.',
      ),
      task: t('get /brokers/topics/events/partitions/0/state 로 리더를 확인하고, 그 브로커를 죽이세요.', 'Find the leader with get /brokers/topics/events/partitions/0/state and crash that broker.'),
      solution: onBroker('crash', ({ world }) => P.partitionState(world, 'events', 0)?.leader, [cli(0, 'get /brokers/topics/events/partitions/0/state')]),
      success: ({ world }) => (P.partitionState(world, 'events', 0)?.leader_epoch ?? 0) >= 1,
      withinMs: 60_000,
      claims: [
        { label: t('leader_epoch 증가', 'leader_epoch went up'), holds: ({ world }) => (P.partitionState(world, 'events', 0)?.leader_epoch ?? 0) >= 1 },
        { label: t('ISR 축소(2개)', 'the ISR shrank (2)'), holds: ({ world }) => P.partitionState(world, 'events', 0)?.isr.length === 2 },
      ],
    },
    {
      id: 'rejoin',
      kind: 'narrate',
      narration: t(
        '죽은 브로커를 다시 켜면 팔로워로 돌아와 새 리더에게서 빠진 데이터를 가져오고, 따라잡으면(LEO ≥ HW) ISR에 다시 들어갑니다. 리더는 바로 돌아가지 않습니다: 자동 리밸런스(기본 300초 간격)나 선호 리더 선출(kafka-leader-election.sh)이 있어야 원래 배치로 돌아갑니다.',
        'Restart the dead broker: it returns as a follower, fetches what it missed from the new leader, and rejoins the ISR once caught up (LEO ≥ HW). Leadership does not move back at once: the automatic rebalance (every 300 s by default) or a preferred leader election (kafka-leader-election.sh) restores the original placement.',
      ),
      actions: [act(0, { type: 'restart', node: 'broker1' }), act(0, { type: 'restart', node: 'broker2' }), act(0, { type: 'restart', node: 'broker3' })],
      waitFor: { label: t('ISR 3개로 복귀', 'the ISR is back to 3'), until: ({ world }) => P.partitionState(world, 'events', 0)?.isr.length === 3, withinMs: 120_000 },
    },
  ],
  quiz: [
    question(
      'when',
      t('ZooKeeper 모드에서 브로커가 갑자기 꺼지면 파티션 리더는 언제 옮겨 가나요?', 'In ZooKeeper mode, when does partition leadership move after a broker suddenly dies?'),
      [
        choice('now', t('즉시', 'Immediately'), t('아닙니다. 컨트롤러는 /brokers/ids/<id> 가 사라져야 압니다.', 'No. The controller learns only when /brokers/ids/<id> disappears.')),
        choice('session', t('브로커의 주키퍼 세션이 만료된 뒤(기본 18초)', 'After the broker\'s ZooKeeper session expires (18 s by default)'), t('맞습니다. 정상 종료(controlled shutdown)라면 미리 옮겨서 거의 중단이 없습니다.', 'Right. A clean (controlled) shutdown moves leadership first, with almost no gap.')),
        choice('lag', t('replica.lag.time.max.ms(30초) 뒤', 'After replica.lag.time.max.ms (30 s)'), t('아닙니다. 그건 느린 팔로워를 ISR에서 빼는 시간입니다.', 'No. That is when a slow follower is dropped from the ISR.')),
      ],
      ['session'],
    ),
    question(
      'isr',
      t('새 리더는 어디에서 고르나요? (unclean 선출 꺼짐)', 'Where is the new leader chosen from (unclean election off)?'),
      [
        choice('isr', t('살아 있는 ISR 멤버 중 레플리카 순서상 첫 번째', 'The first live ISR member in replica order'), t('맞습니다.', 'Right.')),
        choice('any', t('살아 있는 아무 레플리카', 'Any live replica'), t('아닙니다. ISR 밖의 레플리카는 커밋된 데이터가 없을 수 있습니다.', 'No. A replica outside the ISR may lack committed data.')),
      ],
      ['isr'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const kafkaDurability: Lesson = {
  id: 'kafka-acks-durability',
  requires: 'kafka',
  title: t('acks, min.insync.replicas, 언클린 선출과 2013 Jepsen', 'acks, min.insync.replicas, unclean election and Jepsen 2013'),
  summary: t(
    'acks=all은 "현재 ISR 전부"를 기다립니다. ISR이 리더 하나로 줄면 acks=all도 리더 하나의 확인일 뿐입니다. min.insync.replicas가 이를 막습니다.',
    'acks=all waits for "every member of the current ISR". If the ISR shrinks to the leader alone, acks=all is just the leader\'s word. min.insync.replicas prevents that.',
  ),
  level: 'advanced',
  scenario: { config: { ...KAFKA3, kafka: { minInsyncReplicas: 2 } }, seed: 34 },
  steps: [
    startCluster,
    {
      id: 'acks',
      kind: 'narrate',
      narration: t(
        'acks=0: 응답을 기다리지 않음(유실 가능). acks=1: 리더가 자기 로그(페이지 캐시)에 쓰면 응답 — 팔로워가 가져가기 전에 리더가 죽으면 유실. acks=all(-1, 3.0부터 기본): 현재 ISR 모두가 가지면(HW가 넘으면) 응답. 토픽 safe(복제 3, min.insync.replicas=2)를 만들고 acks=all로 씁니다.',
        'acks=0: no reply awaited (may be lost). acks=1: reply once the leader appended it (page cache) — lost if the leader dies before followers fetch it. acks=all (-1, the default since 3.0): reply once every current ISR member has it (the HW passed it). Create the topic safe (replication 3, min.insync.replicas=2) and write with acks=all.',
      ),
      actions: [
        cli(0, `kafka-topics.sh --create --topic safe --partitions 1 --replication-factor 3 --config min.insync.replicas=2 ${BOOT}`),
        cli(3000, `kafka-console-producer.sh --topic safe --producer-property acks=all ${BOOT}`),
        cli(3000, 'm1'),
        cli(3000, '.'),
      ],
      waitFor: { label: t('리더 있음', 'a leader exists'), until: topicReady('safe', 1), withinMs: 30_000 },
    },
    {
      id: 'two-down',
      kind: 'try',
      narration: t(
        '레플리카 3개 중 2개를 잃으면? ISR은 1개가 되고, 1 < min.insync.replicas(2)이므로 acks=all 쓰기는 NOT_ENOUGH_REPLICAS로 거절됩니다. 가용성을 내주고 내구성을 지키는 선택입니다. (acks=1 쓰기는 min.insync.replicas와 상관없이 계속 받습니다.)',
        'Lose 2 of the 3 replicas? The ISR drops to 1, and 1 < min.insync.replicas (2), so acks=all writes are refused with NOT_ENOUGH_REPLICAS. It trades availability for durability. (acks=1 writes ignore min.insync.replicas and keep going.)',
      ),
      task: t('리더가 아닌 브로커 두 대를 죽이고, 20초 넘게 기다린 뒤 acks=all로 써 보세요.', 'Crash the two brokers that are not the leader, wait more than 20 s, then write with acks=all.'),
      solution: ({ world }) => {
        const leader = P.partitionState(world, 'safe', 0)?.leader;
        const others = [1, 2, 3].filter((b) => b !== leader);
        return [
          cli(0, 'get /brokers/topics/safe/partitions/0/state'),
          ...others.map((b) => act(100, { type: 'crash', node: brokerNode(b) })),
          cli(40_000, `kafka-console-producer.sh --topic safe --producer-property acks=all ${BOOT}`),
          cli(40_000, 'm2'),
          cli(40_000, '.'),
        ];
      },
      success: printedMatch(/NOT_ENOUGH_REPLICAS|NotEnoughReplicas/),
      withinMs: 60_000,
    },
    {
      id: 'jepsen',
      kind: 'narrate',
      narration: t(
        '2013년 Jepsen(“Call me maybe: Kafka”)은 카프카 0.8에서 ISR이 리더 하나로 줄어든 뒤 그 리더가 분리되면, ISR 밖의 레플리카가 리더로 뽑혀(언클린 선출) 이미 확인된 쓰기를 조용히 잃는 것을 보였습니다. 그 뒤 카프카는 min.insync.replicas를 추가했고, unclean.leader.election.enable은 0.11부터 기본값이 false입니다. 권장 설정: 복제 3, min.insync.replicas=2, acks=all, unclean 끔. unclean을 켜면 가용성은 얻지만, ISR 밖 레플리카가 리더가 되는 순간 그 레플리카에 없던 확인된 레코드는 사라집니다.',
        'In 2013 Jepsen ("Call me maybe: Kafka") showed that in Kafka 0.8, once the ISR shrank to the leader alone and that leader was cut off, a replica outside the ISR could be elected (an unclean election) and silently lose writes that had been acknowledged. Kafka then added min.insync.replicas, and unclean.leader.election.enable defaults to false since 0.11. Recommended: replication 3, min.insync.replicas=2, acks=all, unclean off. Turning unclean on buys availability, but when a replica outside the ISR becomes leader, acknowledged records it lacks are gone.',
      ),
    },
  ],
  quiz: [
    question(
      'minisr',
      t('복제 3, min.insync.replicas=2, acks=all. 레플리카 하나를 잃으면?', 'RF 3, min.insync.replicas=2, acks=all. One replica is lost. Then?'),
      [
        choice('ok', t('쓰기 계속 가능', 'Writes continue'), t('맞습니다. ISR 2 ≥ 2.', 'Right. ISR 2 ≥ 2.')),
        choice('refused', t('NOT_ENOUGH_REPLICAS', 'NOT_ENOUGH_REPLICAS'), t('아닙니다. 두 개를 잃어야 거절됩니다.', 'No. Only losing two refuses writes.')),
      ],
      ['ok'],
    ),
    question(
      'all-weak',
      t('min.insync.replicas=1(기본값), acks=all일 때 맞는 것은?', 'With min.insync.replicas=1 (the default) and acks=all, which is true?'),
      [
        choice('leader-only', t('ISR이 리더 하나로 줄면 리더 혼자의 확인으로 응답한다', 'If the ISR shrinks to the leader, the leader alone acknowledges'), t('맞습니다. 그 리더를 잃으면 확인된 데이터도 잃습니다.', 'Right. Lose that leader and acknowledged data is lost.')),
        choice('always3', t('항상 레플리카 3개가 가진 뒤 응답한다', 'It always waits for all 3 replicas'), t('아닙니다. acks=all은 "현재 ISR 전부"입니다.', 'No. acks=all means "the current ISR".')),
      ],
      ['leader-only'],
    ),
    question(
      'unclean',
      t('unclean.leader.election.enable=true의 대가는?', 'What is the price of unclean.leader.election.enable=true?'),
      [
        choice('loss', t('확인된 레코드를 잃을 수 있다', 'Acknowledged records can be lost'), t('맞습니다.', 'Right.')),
        choice('slow', t('쓰기가 느려진다', 'Writes get slower'), t('아닙니다. 평소 성능에는 영향이 없습니다. 문제는 장애 때의 데이터 유실입니다.', 'No. It changes nothing normally; the issue is data loss in a failure.')),
      ],
      ['loss'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const kafkaGroups: Lesson = {
  id: 'kafka-consumer-groups',
  requires: 'kafka',
  title: t('컨슈머 그룹, 코디네이터, 리밸런스', 'Consumer groups, the coordinator and rebalances'),
  summary: t(
    '한 그룹 안에서 파티션 하나는 컨슈머 하나만 읽습니다. 파티션보다 컨슈머가 많으면 남는 컨슈머는 놉니다. 멤버가 바뀌면 코디네이터가 리밸런스를 엽니다.',
    'Within a group, each partition is read by exactly one consumer. More consumers than partitions leaves some idle. When membership changes, the coordinator runs a rebalance.',
  ),
  level: 'intermediate',
  scenario: {
    config: { ...KAFKA3, kafka: { workload: { producers: 1, messagesPerSecond: 10, consumers: 4, topics: 1, partitions: 3, replicationFactor: 3, groupId: 'workload', assignor: 'range' } } },
    seed: 35,
  },
  steps: [
    startCluster,
    {
      id: 'describe',
      kind: 'narrate',
      narration: t(
        '토픽 topic1은 파티션 3개이고, 그룹 workload에 컨슈머 4개가 있습니다. 그룹의 코디네이터는 __consumer_offsets 의 파티션 (그룹 id의 해시 mod 50)의 리더 브로커입니다. 코디네이터가 JoinGroup/SyncGroup으로 멤버를 모으고, 그룹 리더 컨슈머가 할당을 계산합니다. 결과: 파티션 3개를 3명이 나눠 갖고, 1명은 할 일이 없습니다(idle). "파티션보다 컨슈머가 많으면 안 된다"가 아니라 "많으면 남는 컨슈머는 논다"가 정확합니다.',
        'topic1 has 3 partitions and the group workload has 4 consumers. The group\'s coordinator is the leader broker of the __consumer_offsets partition (hash of the group id mod 50). It gathers members with JoinGroup/SyncGroup, and the group\'s leader consumer computes the assignment. Result: three consumers get a partition each and one is idle. Not "you must not have more consumers than partitions" but "extra consumers sit idle".',
      ),
      runFor: 20_000,
      actions: [cli(20_000, `kafka-consumer-groups.sh --describe --group workload ${BOOT}`)],
      highlight: [{ view: 'groups' }],
      claims: [
        { label: t('파티션 3개가 서로 다른 컨슈머 3명에게', 'three partitions go to three different consumers'), holds: (ctx) => new Set(groupRows(ctx, 'workload').map((r) => r.client)).size === 3 && groupRows(ctx, 'workload').length === 3 },
      ],
    },
    {
      id: 'leave',
      kind: 'try',
      narration: t(
        '파티션을 가진 컨슈머가 죽으면? 하트비트가 session.timeout.ms(45초) 동안 끊긴 뒤 코디네이터가 그 멤버를 빼고 리밸런스를 엽니다. 노는 컨슈머가 그 파티션을 넘겨받고, 커밋된 오프셋부터 이어 읽습니다.',
        'What if a consumer with a partition dies? After its heartbeats stop for session.timeout.ms (45 s) the coordinator removes it and starts a rebalance. The idle consumer takes over that partition and resumes from the committed offset.',
      ),
      task: t('consumer1을 죽이고, 1분쯤 뒤 kafka-consumer-groups.sh --describe --group workload 로 확인하세요.', 'Crash consumer1, and about a minute later check with kafka-consumer-groups.sh --describe --group workload.'),
      solution: [act(0, { type: 'crash', node: 'consumer1' }), cli(70_000, `kafka-consumer-groups.sh --describe --group workload ${BOOT}`)],
      success: (ctx) => groupRows(ctx, 'workload').length === 3 && groupRows(ctx, 'workload').every((r) => r.client !== 'consumer1'),
      withinMs: 5_000,
    },
  ],
  quiz: [
    question(
      'idle',
      t('파티션 6개, 같은 그룹 컨슈머 8개. 몇 명이 노나요?', '6 partitions, 8 consumers in one group. How many are idle?'),
      [
        choice('2', t('2명', '2'), t('맞습니다.', 'Right.')),
        choice('0', t('0명 (파티션을 나눠 읽는다)', '0 (they split partitions)'), t('아닙니다. 한 그룹 안에서 파티션 하나는 한 컨슈머만 읽습니다.', 'No. Within a group a partition is read by one consumer only.')),
      ],
      ['2'],
    ),
    question(
      'coordinator',
      t('그룹 코디네이터는 어떻게 정해지나요?', 'How is the group coordinator chosen?'),
      [
        choice('offsets', t('__consumer_offsets 파티션(hash(group.id) mod 50)의 리더 브로커', 'The leader of __consumer_offsets partition hash(group.id) mod 50'), t('맞습니다.', 'Right.')),
        choice('controller', t('컨트롤러 브로커', 'The controller broker'), t('아닙니다. 그룹마다 코디네이터가 다를 수 있어 부하가 퍼집니다.', 'No. Different groups get different coordinators, which spreads the load.')),
        choice('zk', t('주키퍼', 'ZooKeeper'), t('아닙니다. 최신 컨슈머 그룹은 주키퍼를 쓰지 않습니다.', 'No. Modern consumer groups do not use ZooKeeper.')),
      ],
      ['offsets'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const kafkaOffsets: Lesson = {
  id: 'kafka-consumer-offsets',
  requires: 'kafka',
  title: t('__consumer_offsets: 어디까지 읽었나', '__consumer_offsets: how far did we read'),
  summary: t(
    '컨슈머 그룹은 "다음에 읽을 오프셋"을 __consumer_offsets 토픽에 커밋합니다. 재시작한 컨슈머는 거기서부터 이어 읽습니다. 읽은 메시지는 지워지지 않습니다.',
    'A consumer group commits "the next offset to read" to the __consumer_offsets topic; a restarted consumer resumes from there. Reading does not delete messages.',
  ),
  level: 'intermediate',
  scenario: { config: KAFKA3, seed: 36 },
  steps: [
    startCluster,
    {
      id: 'produce',
      kind: 'narrate',
      narration: t('토픽 logs에 메시지 3개를 씁니다.', 'Write three messages to the topic logs.'),
      actions: [
        cli(0, `kafka-topics.sh --create --topic logs --partitions 1 --replication-factor 3 ${BOOT}`),
        cli(2000, `kafka-console-producer.sh --topic logs ${BOOT}`),
        cli(2000, 'a'),
        cli(2000, 'b'),
        cli(2000, 'c'),
        cli(2000, '.'),
      ],
      waitFor: { label: t('리더 있음', 'a leader exists'), until: topicReady('logs', 1), withinMs: 30_000 },
    },
    {
      id: 'consume',
      kind: 'narrate',
      narration: t(
        '그룹 g1으로 2개만 읽고 멈춥니다. 그룹은 오프셋 2(다음에 읽을 위치)를 커밋합니다. 커밋은 __consumer_offsets(파티션 50개, 압축 정책 compact)에 키 (그룹, 토픽, 파티션)로 저장됩니다. 예전 스칼라 컨슈머는 주키퍼의 /consumers 에 오프셋을 저장했지만, 지금은 쓰지 않습니다.',
        'Read just 2 with group g1 and stop. The group commits offset 2 (the next position to read). Commits go to __consumer_offsets (50 partitions, cleanup.policy compact) under the key (group, topic, partition). The old Scala consumer kept offsets in ZooKeeper under /consumers; that is no longer used.',
      ),
      actions: [cli(0, `kafka-console-consumer.sh --topic logs --group g1 --from-beginning --max-messages 2 ${BOOT}`), cli(0, `kafka-consumer-groups.sh --describe --group g1 ${BOOT}`)],
      claims: [{ label: t('CURRENT-OFFSET 2, LAG 1', 'CURRENT-OFFSET 2, LAG 1'), holds: printedMatch(/logs\s+0\s+2\s+3\s+1/) }],
    },
    {
      id: 'resume',
      kind: 'try',
      narration: t('같은 그룹으로 다시 읽으면 어디서부터 시작할까요?', 'Read again with the same group. Where does it start?'),
      task: t('kafka-console-consumer.sh --topic logs --group g1 --max-messages 1 를 실행하세요.', 'Run kafka-console-consumer.sh --topic logs --group g1 --max-messages 1.'),
      solution: [cli(0, `kafka-console-consumer.sh --topic logs --group g1 --max-messages 1 ${BOOT}`)],
      success: printedLine('c'),
      withinMs: 30_000,
    },
  ],
  quiz: [
    question(
      'where',
      t('요즘 카프카 컨슈머 그룹의 커밋된 오프셋은 어디에 저장되나요?', 'Where are a modern consumer group\'s committed offsets stored?'),
      [
        choice('topic', t('__consumer_offsets 토픽', 'The __consumer_offsets topic'), t('맞습니다.', 'Right.')),
        choice('zk', t('주키퍼 /consumers', 'ZooKeeper /consumers'), t('예전 방식입니다. 노트의 설명은 옛 컨슈머 기준입니다.', 'That was the old way; the note describes the old consumer.')),
        choice('client', t('컨슈머 프로세스 메모리', 'The consumer process memory'), t('아닙니다. 재시작하면 잃어버립니다.', 'No. It would be lost on restart.')),
      ],
      ['topic'],
    ),
    question(
      'delete',
      t('컨슈머가 메시지를 읽으면 토픽에서 지워지나요?', 'Does reading a message delete it from the topic?'),
      [
        choice('no', t('아니요. 보존 정책(세그먼트 단위)으로만 지워진다', 'No. Only retention deletes data (by segment)'), t('맞습니다. 그래서 여러 그룹이 같은 데이터를 각자 읽을 수 있습니다.', 'Right. That is why many groups can read the same data independently.')),
        choice('yes', t('예', 'Yes'), t('아닙니다. 전통적인 메시지 큐와 다른 점입니다.', 'No. That is how Kafka differs from classic message queues.')),
      ],
      ['no'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const kafkaSegments: Lesson = {
  id: 'kafka-log-segments',
  requires: 'kafka',
  title: t('로그 세그먼트, 보존, 압축', 'Log segments, retention and compaction'),
  summary: t(
    '파티션 로그는 세그먼트 파일로 나뉩니다. 보존 정책은 닫힌 세그먼트를 통째로 지우고, 압축(compact)은 키마다 최신 값만 남깁니다.',
    'A partition log is split into segment files. Retention deletes whole closed segments; compaction keeps the latest value per key.',
  ),
  level: 'intermediate',
  scenario: {
    config: { ...KAFKA3, kafka: { segmentBytes: 300, retentionMs: 60_000, retentionCheckIntervalMs: 10_000, workload: { producers: 1, messagesPerSecond: 5, topics: 1, partitions: 1, replicationFactor: 3 } } },
    seed: 37,
  },
  steps: [
    startCluster,
    {
      id: 'segments',
      kind: 'narrate',
      narration: t(
        '프로듀서가 topic1에 계속 씁니다. 브로커의 로그 디렉터리에는 <토픽>-<파티션> 디렉터리가 있고, 그 안에 세그먼트마다 .log(레코드), .index(오프셋 인덱스), .timeindex(시간 인덱스) 파일이 있습니다. 파일 이름은 세그먼트의 첫 오프셋(20자리)입니다. 지금 쓰이는 마지막 세그먼트가 활성(active) 세그먼트이고, segment.bytes(실제 기본 1GB, 여기서는 작게 줄였습니다)나 segment.ms에 도달하면 닫히고 새 세그먼트가 열립니다.',
        'A producer keeps writing to topic1. A broker\'s log directory holds a <topic>-<partition> directory with, per segment, a .log (records), .index (offsets) and .timeindex (timestamps) file, named after the segment\'s first offset (20 digits). The last one is the active segment; when it reaches segment.bytes (1 GB by default in real Kafka, scaled down here) or segment.ms, it is closed and a new one opens.',
      ),
      runFor: 30_000,
      actions: [cli(30_000, 'segments broker1 topic1-0')],
      highlight: [{ view: 'log', partitions: ['topic1-0'] }],
      claims: [{ label: t('세그먼트 파일 여러 개', 'several segment files'), holds: (ctx) => ctx.output.filter((l) => /\.log\b/.test(l.text)).length >= 2 }],
    },
    {
      id: 'active',
      kind: 'try',
      narration: t(
        '레플리카마다 자기 세그먼트 파일을 가집니다. 팔로워의 세그먼트는 리더와 같은 오프셋을 담지만, 파일이 닫히는 시점은 브로커마다 조금 다를 수 있습니다.',
        'Every replica has its own segment files. A follower\'s segments hold the same offsets as the leader\'s, though the moment a file is closed can differ a little between brokers.',
      ),
      task: t('다른 브로커의 레플리카를 보세요: segments broker2 topic1-0 — 그리고 (active) 표시가 붙은 활성 세그먼트를 찾으세요.', 'Look at another broker\'s replica: segments broker2 topic1-0 — and find the active segment, marked (active).'),
      solution: [cli(0, 'segments broker2 topic1-0')],
      success: printedMatch(/\(active\)/),
      withinMs: 1_000,
    },
    {
      id: 'retention',
      kind: 'narrate',
      narration: t(
        'retention.ms(여기서는 1분)가 지나면 보존 검사(log.retention.check.interval.ms 주기)가 닫힌 세그먼트를 통째로 지웁니다. 세그먼트 안의 레코드 하나라도 아직 새로우면 그 세그먼트는 남습니다. 레코드를 하나씩 골라 지울 수는 없고, 프로듀서나 컨슈머가 삭제를 요청할 수도 없습니다. 로그 시작 오프셋이 앞으로 움직입니다.',
        'Once retention.ms (1 minute here) has passed, the retention check (every log.retention.check.interval.ms) deletes whole closed segments. A segment stays while any record in it is still young. Records cannot be deleted one by one, and producers or consumers cannot ask for deletion. The log start offset moves forward.',
      ),
      runFor: 90_000,
      actions: [cli(90_000, 'segments broker1 topic1-0')],
      claims: [
        { label: t('첫 세그먼트가 0이 아님', 'the first segment no longer starts at 0'), holds: (ctx) => !ctx.output.some((l) => l.text.includes('00000000000000000000.log')) },
        { label: t('로그 시작 오프셋이 앞으로 이동', 'the log start offset moved forward'), holds: printedMatch(/log start offset [1-9]\d*/) },
      ],
    },
    {
      id: 'compaction',
      kind: 'narrate',
      narration: t(
        '압축(cleanup.policy=compact)은 지우는 대신 키마다 마지막 값만 남깁니다. 닫힌 세그먼트만 정리하고(활성 세그먼트는 절대 압축하지 않음), 오프셋은 바뀌지 않고 구멍만 생깁니다. 값이 null인 레코드(툼스톤)는 그 키의 삭제를 뜻하고, delete.retention.ms(24시간) 뒤 사라집니다. __consumer_offsets가 바로 압축 토픽입니다.',
        'Compaction (cleanup.policy=compact) keeps the last value per key instead of deleting by age. It cleans closed segments only (never the active one); offsets do not change, gaps appear. A record with a null value (a tombstone) deletes its key and is itself removed after delete.retention.ms (24 h). __consumer_offsets is a compacted topic.',
      ),
    },
  ],
  quiz: [
    question(
      'unit',
      t('카프카가 보존 정책으로 데이터를 지우는 단위는?', 'What unit does Kafka retention delete?'),
      [
        choice('segment', t('닫힌 로그 세그먼트 전체', 'A whole closed log segment'), t('맞습니다.', 'Right.')),
        choice('record', t('오래된 레코드 하나씩', 'Each old record'), t('아닙니다. 세그먼트 파일 단위입니다.', 'No. Whole segment files.')),
        choice('consumed', t('모든 그룹이 읽은 레코드', 'Records every group has read'), t('아닙니다. 읽었는지는 삭제와 무관합니다.', 'No. Being read has nothing to do with deletion.')),
      ],
      ['segment'],
    ),
    question(
      'compact',
      t('압축 토픽에서 키 k에 v1, v2, v3 순서로 썼습니다. 압축 후 남는 것은?', 'In a compacted topic key k got v1, v2, v3. What remains after compaction?'),
      [
        choice('v3', t('v3 (오프셋은 그대로)', 'v3 (its offset unchanged)'), t('맞습니다. 단, 활성 세그먼트 안이면 아직 정리되지 않습니다.', 'Right — unless it is still in the active segment, which is never cleaned.')),
        choice('v1', t('v1', 'v1'), t('아닙니다. 최신 값이 남습니다.', 'No. The latest value stays.')),
      ],
      ['v3'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const kafkaOnZk: Lesson = {
  id: 'kafka-uses-zookeeper',
  requires: 'kafka',
  title: t('카프카는 주키퍼를 어떻게 쓰나: 세션을 잃은 브로커', 'How Kafka uses ZooKeeper: a broker that loses its session'),
  summary: t(
    '카프카의 지노드를 둘러보고, 브로커가 주키퍼 세션을 잃으면 무슨 일이 생기는지 봅니다.',
    "Tour Kafka's znodes, and see what happens when a broker loses its ZooKeeper session.",
  ),
  level: 'advanced',
  scenario: { config: KAFKA3, seed: 38 },
  steps: [
    startCluster,
    {
      id: 'tour',
      kind: 'narrate',
      narration: t(
        '카프카의 지노드: /brokers/ids/<id>(일시, 브로커 등록), /controller(일시, 컨트롤러), /controller_epoch(영구, 숫자), /brokers/topics/<토픽>(영구, 레플리카 배치), /brokers/topics/<토픽>/partitions/<p>/state(영구, 리더·ISR·leader_epoch), /config/topics/<토픽>, /admin/delete_topics, /isr_change_notification(영구 순차), /cluster/id. 노트에는 파티션 state가 일시 노드라고 되어 있지만, 일시 노드는 /controller 와 /brokers/ids/<id> 둘뿐입니다.',
        "Kafka's znodes: /brokers/ids/<id> (ephemeral, broker registration), /controller (ephemeral), /controller_epoch (persistent, a number), /brokers/topics/<topic> (persistent, replica assignment), /brokers/topics/<topic>/partitions/<p>/state (persistent: leader, ISR, leader_epoch), /config/topics/<topic>, /admin/delete_topics, /isr_change_notification (persistent sequential), /cluster/id. A note says the partition state is ephemeral; only /controller and /brokers/ids/<id> are.",
      ),
      actions: [cli(0, `kafka-topics.sh --create --topic t1 --partitions 2 --replication-factor 3 ${BOOT}`), cli(3000, 'ls /'), cli(3000, 'ls /brokers'), cli(3000, 'stat /brokers/ids/1')],
      waitFor: { label: t('리더 있음', 'leaders exist'), until: topicReady('t1', 2), withinMs: 30_000 },
      highlight: [{ view: 'tree', znodes: ['/brokers', '/controller', '/controller_epoch', '/cluster/id'] }],
      claims: [{ label: t('/brokers/ids/1은 일시 노드', '/brokers/ids/1 is ephemeral'), holds: ({ world }) => P.ephemeralOwner(world, '/brokers/ids/1') !== undefined }],
    },
    {
      id: 'pause-broker',
      kind: 'try',
      narration: t(
        '노트의 질문: "브로커가 주키퍼와의 연결을 잃으면?" 브로커를 세션 타임아웃(18초)보다 오래 멈춰 봅시다. 세션이 만료되면 /brokers/ids/<id> 가 지워지고, 컨트롤러는 그 브로커를 죽은 것으로 보고 리더를 옮기고 ISR에서 뺍니다.',
        'The note asks: "what if a broker loses its connection to ZooKeeper?" Pause a broker longer than the session timeout (18 s). When the session expires /brokers/ids/<id> is deleted, and the controller treats the broker as dead: it moves leaders away and removes it from ISRs.',
      ),
      task: t('컨트롤러가 아닌 브로커 하나를 멈추세요(예: pause broker3).', 'Pause a broker that is not the controller (e.g. pause broker3).'),
      solution: onBroker('pause', ({ world }) => P.registeredBrokers(world).find((b) => b !== P.controllerId(world)), [cli(0, 'get /controller')]),
      success: ({ world }) => P.registeredBrokers(world).length === 2,
      withinMs: 60_000,
    },
    {
      id: 'reregister',
      kind: 'narrate',
      narration: t(
        '멈췄던 브로커가 깨어나면 세션이 만료되었음을 알고 새 세션으로 /brokers/ids/<id> 를 다시 만듭니다. 이 노드의 czxid가 브로커 에포크가 되므로, 컨트롤러는 같은 id의 브로커가 "재시작했다"는 것을 알아보고 예전 에포크로 온 요청을 거절할 수 있습니다. 그 뒤 팔로워로 데이터를 따라잡고 ISR에 돌아옵니다.',
        'When the paused broker wakes it learns its session expired and recreates /brokers/ids/<id> with a new session. The node\'s czxid becomes the broker epoch, so the controller recognises that the same id "restarted" and can reject requests carrying the old epoch. The broker then catches up as a follower and rejoins the ISRs.',
      ),
      actions: [act(0, { type: 'resume', node: 'broker1' }), act(0, { type: 'resume', node: 'broker2' }), act(0, { type: 'resume', node: 'broker3' })],
      waitFor: { label: t('브로커 3대 재등록', 'three brokers registered again'), until: brokersUp(3), withinMs: 60_000 },
    },
  ],
  quiz: [
    question(
      'eph',
      t('카프카(ZooKeeper 모드)의 일시 노드를 모두 고르세요.', 'Pick every ephemeral znode of Kafka (ZooKeeper mode).'),
      [
        choice('ids', t('/brokers/ids/<id>', '/brokers/ids/<id>'), t('맞습니다.', 'Right.')),
        choice('controller', t('/controller', '/controller'), t('맞습니다.', 'Right.')),
        choice('state', t('/brokers/topics/<t>/partitions/<p>/state', '/brokers/topics/<t>/partitions/<p>/state'), t('아닙니다. 영구 노드이고, 버전(zkVersion)으로 조건부 갱신합니다.', 'No. It is persistent and updated conditionally on its version (zkVersion).')),
        choice('epoch', t('/controller_epoch', '/controller_epoch'), t('아닙니다. 영구 노드입니다.', 'No. It is persistent.')),
      ],
      ['ids', 'controller'],
    ),
    question(
      'gc',
      t('컨트롤러 브로커가 20초 GC 멈춤에 빠졌습니다(세션 18초). 맞는 것은?', 'The controller broker hits a 20 s GC pause (session 18 s). Which is true?'),
      [
        choice('zombie', t('새 컨트롤러가 에포크+1로 뽑히고, 깨어난 옛 컨트롤러의 요청은 거절된다', 'A new controller is elected with epoch+1; the old one\'s requests are rejected when it wakes'), t('맞습니다. 좀비 컨트롤러 펜싱입니다.', 'Right: zombie controller fencing.')),
        choice('nothing', t('20초 동안 아무 일도 없다', 'Nothing happens for 20 s'), t('아닙니다. 18초에 세션이 만료됩니다.', 'No. The session expires at 18 s.')),
      ],
      ['zombie'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const kip500: Lesson = {
  id: 'kafka-kip-500',
  requires: 'kafka',
  title: t('KIP-500: 주키퍼 없는 카프카(KRaft)', 'KIP-500: Kafka without ZooKeeper (KRaft)'),
  summary: t(
    '왜 카프카는 주키퍼를 떼어 냈을까요? 메타데이터를 카프카 안의 Raft 로그로 옮긴 KRaft와 그 일정입니다.',
    'Why did Kafka drop ZooKeeper? KRaft moves metadata into a Raft log inside Kafka; here is why and when.',
  ),
  level: 'advanced',
  scenario: { config: KAFKA3, seed: 39 },
  steps: [
    startCluster,
    {
      id: 'why',
      kind: 'narrate',
      narration: t(
        '지금 이 클러스터의 메타데이터는 주키퍼에 있습니다. KIP-500이 지적한 문제: (1) 배포·보안·튜닝할 시스템이 둘, (2) 메타데이터가 카프카 밖에 있어 컨트롤러의 메모리 상태와 주키퍼가 어긋날 수 있음, (3) 컨트롤러가 바뀌면 새 컨트롤러가 주키퍼에서 모든 메타데이터를 다시 읽고(파티션 수에 비례) 모든 브로커에 다시 보내야 함 — 큰 클러스터에서는 몇 분, (4) 파티션 수의 확장 한계.',
        'Right now this cluster\'s metadata lives in ZooKeeper. The problems KIP-500 named: (1) two systems to deploy, secure and tune; (2) metadata outside Kafka, so the controller\'s memory and ZooKeeper can diverge; (3) a new controller must re-read all metadata from ZooKeeper (proportional to the partition count) and push it to every broker — minutes on a big cluster; (4) limits on the number of partitions.',
      ),
      actions: [cli(0, 'ls /brokers'), cli(0, 'get /controller')],
    },
    {
      id: 'kraft',
      kind: 'narrate',
      narration: t(
        'KRaft: 컨트롤러 몇 대(보통 3대)가 Raft 쿼럼을 이루고, 메타데이터를 이벤트 로그(__cluster_metadata, 파티션 1개)로 복제합니다. 쿼럼의 리더가 활성 컨트롤러이고, 나머지는 로그를 이미 따라 읽고 있는 대기 컨트롤러라 장애 조치가 빠릅니다. 브로커는 로그를 가져와(pull) 적용합니다. 브로커의 생존은 주키퍼 세션 대신 컨트롤러로 보내는 하트비트(2초, 9초 타임아웃)로 판단합니다. 쿼럼 수학은 주키퍼와 같습니다: 컨트롤러 3대는 1대, 5대는 2대 장애를 견딥니다.',
        'KRaft: a few controllers (usually 3) form a Raft quorum and replicate metadata as an event log (__cluster_metadata, one partition). The quorum\'s leader is the active controller; the others are standbys already replaying the log, so failover is fast. Brokers pull the log and apply it. Broker liveness comes from heartbeats to the controller (2 s, 9 s timeout) instead of ZooKeeper sessions. The quorum math is the same as ZooKeeper\'s: 3 controllers tolerate 1 failure, 5 tolerate 2.',
      ),
      highlight: [{ view: 'quorum' }],
    },
    {
      id: 'controller-znode',
      kind: 'try',
      narration: t(
        'ZooKeeper 모드에서 컨트롤러는 /controller 일시 노드를 먼저 만든 브로커입니다. KRaft에서는 이 경쟁이 컨트롤러 쿼럼의 Raft 투표로 바뀌고, /controller_epoch 는 Raft 에포크가 됩니다.',
        'In ZooKeeper mode the controller is whichever broker created the ephemeral /controller first. In KRaft this race becomes a Raft vote in the controller quorum, and /controller_epoch becomes the Raft epoch.',
      ),
      task: t('지금 컨트롤러가 누구인지 주키퍼에서 읽어 보세요: get /controller', 'Read who the controller is from ZooKeeper: get /controller'),
      solution: [cli(0, 'get /controller')],
      success: printedMatch(/"brokerid"/),
      withinMs: 1_000,
    },
    {
      id: 'timeline',
      kind: 'narrate',
      narration: t(
        '일정: KRaft 조기 공개 2.8(2021), 새 클러스터용 정식(production-ready) 3.3(2022, KIP-833), 주키퍼 모드 지원 중단 예고(deprecated) 3.5, 주키퍼→KRaft 마이그레이션 정식 3.6, 주키퍼를 지원하는 마지막 버전 3.9, 그리고 4.0(2025년 3월)에서 주키퍼 모드가 완전히 제거되었습니다. 노트의 "2022년에 주키퍼를 제거한 정식 버전 출시 예정"은 실제로는 "2022년에 KRaft가 새 클러스터용으로 정식이 되었고, 제거는 2025년 4.0"입니다. 이 시뮬레이터는 3.9의 주키퍼 모드를 보여 줍니다.',
        'Timeline: KRaft early access in 2.8 (2021), production-ready for new clusters in 3.3 (2022, KIP-833), ZooKeeper mode deprecated in 3.5, ZooKeeper→KRaft migration production-ready in 3.6, 3.9 the last line with ZooKeeper, and 4.0 (March 2025) removed ZooKeeper mode entirely. A note\'s "a release without ZooKeeper is planned for 2022" really means "KRaft became production-ready for new clusters in 2022; removal came with 4.0 in 2025". This simulator shows 3.9 in ZooKeeper mode.',
      ),
    },
  ],
  quiz: [
    question(
      'removed',
      t('주키퍼 모드가 완전히 제거된 카프카 버전은?', 'Which Kafka version removed ZooKeeper mode entirely?'),
      [
        choice('4.0', t('4.0', '4.0'), t('맞습니다(2025년 3월).', 'Right (March 2025).')),
        choice('3.3', t('3.3', '3.3'), t('아닙니다. 3.3은 KRaft가 새 클러스터용 정식이 된 버전입니다.', 'No. 3.3 made KRaft production-ready for new clusters.')),
        choice('2.8', t('2.8', '2.8'), t('아닙니다. 2.8은 KRaft 조기 공개입니다.', 'No. 2.8 was the KRaft early access.')),
      ],
      ['4.0'],
    ),
    question(
      'why',
      t('KIP-500의 동기로 맞는 것을 모두 고르세요.', 'Pick every motivation of KIP-500.'),
      [
        choice('two', t('운영할 시스템이 둘이다', 'Two systems to operate'), t('맞습니다.', 'Right.')),
        choice('failover', t('컨트롤러 장애 조치 때 모든 메타데이터를 다시 읽어야 한다', 'Controller failover must re-read all metadata'), t('맞습니다.', 'Right.')),
        choice('unsafe', t('주키퍼가 데이터를 잃는다', 'ZooKeeper loses data'), t('아닙니다. 주키퍼는 Jepsen 테스트에서도 확인된 쓰기를 잃지 않았습니다. 문제는 구조와 확장성입니다.', 'No. ZooKeeper did not lose acknowledged writes even under Jepsen; the issues were architecture and scale.')),
      ],
      ['two', 'failover'],
    ),
  ],
};
