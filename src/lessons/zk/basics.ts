/**
 * ZooKeeper lessons 1–4: partial failure, ensemble and quorum, leader election, the write path and stale reads.
 */
import * as P from '../probe';
import { act, allServe, and, choice, cli, connected, connectedTo, connectTo, leads, nobodyServes, printedLine, question, replied, t, zkCall } from '../helpers';
import type { Lesson } from '../types';

const ZK3_MANUAL = { servers: 3, clients: 2, clientsAutoConnect: false } as const;

// ---------------------------------------------------------------------------------------------------------
export const whyZookeeper: Lesson = {
  id: 'zk-why',
  title: t('주키퍼는 왜 필요할까: 부분 실패', 'Why ZooKeeper exists: partial failure'),
  summary: t(
    '네트워크 너머로 보낸 메시지는 운명을 알 수 없습니다. 주키퍼는 이런 부분 실패 속에서도 여러 서버가 안전하게 협력(코디네이션)하도록 돕습니다.',
    'A message sent over a network has a fate the sender cannot always know. ZooKeeper helps many servers coordinate safely in spite of such partial failures.',
  ),
  level: 'intro',
  scenario: { config: { zk: ZK3_MANUAL }, seed: 1 },
  steps: [
    {
      id: 'intro',
      kind: 'narrate',
      narration: t(
        '주키퍼는 분산 애플리케이션을 위한 코디네이션 서비스입니다. 카프카, HBase, Hadoop, NiFi 같은 시스템이 설정 관리, 클러스터 멤버 관리, 리더 선출, 분산 락에 씁니다. 지금 서버 3대(zk1, zk2, zk3)가 하나의 앙상블로 시작하고 있습니다. 서로 투표해서 리더를 정할 때까지 기다려 봅시다.',
        'ZooKeeper is a coordination service for distributed applications. Kafka, HBase, Hadoop and NiFi use it for configuration management, cluster membership, leader election and distributed locks. Three servers (zk1, zk2, zk3) are starting as one ensemble. Let us wait until they have voted for a leader.',
      ),
      highlight: [{ view: 'cluster', nodes: ['zk1', 'zk2', 'zk3'] }],
      waitFor: { label: t('리더가 서비스 중', 'a leader is serving'), until: allServe(3), withinMs: 10_000 },
      claims: [{ label: t('세 서버가 모두 서비스 중', 'all three servers serve'), holds: allServe(3) }],
    },
    {
      id: 'connect',
      kind: 'narrate',
      narration: t(
        '클라이언트(애플리케이션) 두 개가 각각 서버 하나에 TCP로 연결합니다: client1은 zk1, client2는 zk2에. 클라이언트는 앙상블 전체가 아니라 서버 한 대와만 연결을 유지합니다.',
        'Two clients (applications) each open a TCP connection to one server: client1 to zk1, client2 to zk2. A client keeps a connection to one server, not to the whole ensemble.',
      ),
      actions: [act(0, connectTo('client1', 'zk1', 900001)), act(0, connectTo('client2', 'zk2', 900001))],
      waitFor: { label: t('두 클라이언트 연결됨', 'both clients connected'), until: connected('client1', 'client2'), withinMs: 5_000 },
      highlight: [{ view: 'cluster', nodes: ['client1', 'zk1', 'client2', 'zk2'], links: [['client1', 'zk1'], ['client2', 'zk2']] }],
    },
    {
      id: 'lost-reply',
      kind: 'narrate',
      narration: t(
        'client1이 "주문 결제 완료"를 기록하려고 create /order paid 를 보냅니다. 그런데 바로 그 순간 zk1에서 client1로 가는 방향의 네트워크가 끊깁니다(한 방향 단절). 요청은 도착했고, 쓰기는 리더를 거쳐 커밋되었습니다 — 하지만 응답은 돌아오지 못합니다.',
        'client1 records "order paid" with create /order paid. At that very moment the network from zk1 to client1 breaks (a one-way cut). The request arrived and the write was committed through the leader — but the reply cannot come back.',
      ),
      actions: [act(0, zkCall('client1', 900002, { op: 'create', path: '/order', data: 'paid', mode: 'PERSISTENT' })), act(0, { type: 'cut', from: 'zk1', to: 'client1' })],
      runFor: 500,
      highlight: [{ view: 'cluster', links: [['zk1', 'client1']], znodes: ['/order'] }],
      claims: [
        { label: t('/order가 앙상블에 커밋됨', '/order is committed in the ensemble'), holds: ({ world }) => P.data(world, '/order') === 'paid' },
        { label: t('client1은 아직 응답을 받지 못함', 'client1 has no reply yet'), holds: (ctx) => !replied('client1', 900002)(ctx) },
      ],
    },
    {
      id: 'connection-loss',
      kind: 'narrate',
      narration: t(
        '이것이 부분 실패(partial failure)입니다. client1은 세션 타임아웃(30초)의 2/3인 20초 동안 서버 소식을 듣지 못하면 연결이 죽었다고 판단하고, 요청은 ConnectionLoss 오류로 끝납니다. 하지만 ConnectionLoss는 "실패했다"가 아니라 "모른다"는 뜻입니다. 쓰기는 실제로 성공했을 수도 있고, 실패했을 수도 있습니다.',
        'This is a partial failure. When client1 hears nothing for 20 s (2/3 of its 30 s session timeout) it declares the connection dead, and the request ends with ConnectionLoss. ConnectionLoss does not mean "failed": it means "unknown". The write may or may not have happened.',
      ),
      waitFor: { label: t('client1의 요청이 ConnectionLoss로 끝남', "client1's request ends with ConnectionLoss"), until: replied('client1', 900002, 'ConnectionLoss'), withinMs: 40_000 },
      claims: [
        { label: t('클라이언트는 ConnectionLoss를 받음', 'the client got ConnectionLoss'), holds: replied('client1', 900002, 'ConnectionLoss') },
        {
          label: t('요청 약 20초 뒤(타임아웃 30초의 2/3)', 'about 20 s after the request (2/3 of the 30 s timeout)'),
          holds: (ctx) => {
            // the request went out when the previous step started, 500 ms before this one
            const r = ctx.clientOutputs['client1']?.find((o) => o.reqId === 900002 && o.rc === 'ConnectionLoss');
            const after = r ? r.at - (ctx.stepStart - 500) : -1;
            return after >= 18_000 && after <= 21_000;
          },
        },
        { label: t('그런데 /order는 존재함', 'yet /order exists'), holds: ({ world }) => P.data(world, '/order') === 'paid' },
      ],
    },
    {
      id: 'check',
      kind: 'try',
      narration: t(
        'client1은 다른 서버로 다시 연결합니다(세션은 그대로 유지됩니다). 이제 직접 확인해 보세요: 주문이 기록되었을까요?',
        'client1 reconnects to another server (its session survives). Now find out yourself: was the order recorded?',
      ),
      task: t('콘솔에서 get /order 를 실행해 결과를 확인하세요.', 'Run get /order in the console and look at the answer.'),
      hint: t('zkCli 명령: get <경로>', 'zkCli command: get <path>'),
      solution: [cli(0, 'get /order')],
      success: printedLine('paid'),
      withinMs: 60_000,
      claims: [{ label: t('get이 paid를 출력', 'get prints paid'), holds: printedLine('paid') }],
    },
    {
      id: 'lesson',
      kind: 'narrate',
      narration: t(
        '교훈: 네트워크는 믿을 수 없고(분산 컴퓨팅의 오해 1번), 보낸 쪽은 메시지의 운명을 모를 수 있습니다. 그래서 재시도해도 안전하게 만들거나(예: 이미 있으면 NodeExists), 다시 읽어서 확인해야 합니다. 주키퍼 자신은 쿼럼과 합의로 이런 실패 속에서도 모든 서버가 같은 순서의 기록에 동의하게 만들고, 그 위에서 애플리케이션이 설정, 멤버십, 리더 선출, 락을 안전하게 만들 수 있게 합니다.',
        'Lesson: the network is not reliable (fallacy number one of distributed computing), and the sender may not know the fate of its message. So make retries safe (e.g. NodeExists if it is already there) or read back to check. ZooKeeper itself uses quorums and consensus so that every server agrees on one ordered history despite such failures, and applications build configuration, membership, leader election and locks on top of it.',
      ),
      actions: [act(0, { type: 'heal' })],
    },
  ],
  quiz: [
    question(
      'loss-meaning',
      t('create 요청이 ConnectionLoss로 끝났습니다. 무엇을 알 수 있나요?', 'A create request ended with ConnectionLoss. What do you know?'),
      [
        choice('failed', t('쓰기는 실패했다', 'The write failed'), t('아닙니다. 방금 본 것처럼 쓰기는 커밋되었는데 응답만 사라질 수 있습니다.', 'No. As you just saw, the write can commit while only the reply is lost.')),
        choice('ok', t('쓰기는 성공했다', 'The write succeeded'), t('아닙니다. 요청이 서버에 닿기 전에 연결이 끊겼을 수도 있습니다.', 'No. The connection may have broken before the request reached a server.')),
        choice('unknown', t('알 수 없다: 다시 읽거나 안전하게 재시도해야 한다', 'Unknown: read back or retry safely'), t('맞습니다. 이것이 부분 실패입니다.', 'Right. That is partial failure.')),
      ],
      ['unknown'],
    ),
    question(
      'uses',
      t('주키퍼의 용도로 알맞은 것을 모두 고르세요.', 'Pick every good use of ZooKeeper.'),
      [
        choice('config', t('설정 관리', 'Configuration management'), t('맞습니다. 작은 설정 값을 저장하고 와치로 변경을 알립니다.', 'Yes: small configuration values, with watches to announce changes.')),
        choice('election', t('리더 선출', 'Leader election'), t('맞습니다. 일시·순차 노드로 만듭니다.', 'Yes, with ephemeral sequential znodes.')),
        choice('lock', t('분산 락', 'Distributed locks'), t('맞습니다.', 'Yes.')),
        choice('bulk', t('자주 바뀌는 대용량 데이터 저장', 'Storing large, frequently changing data'), t('아닙니다. 주키퍼는 모든 데이터를 메모리에 두고 모든 쓰기가 리더와 쿼럼을 거치므로, 읽기가 많은(약 10:1) 작은 데이터에 맞습니다.', 'No. ZooKeeper keeps everything in memory and every write goes through the leader and a quorum; it suits small, read-mostly (about 10:1) data.')),
      ],
      ['config', 'election', 'lock'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const ensembleQuorum: Lesson = {
  id: 'zk-quorum',
  title: t('앙상블과 쿼럼: 왜 홀수일까', 'Ensemble and quorum: why odd sizes'),
  summary: t(
    '쿼럼은 투표 서버 전체의 엄격한 과반입니다. 4대는 3대와 똑같이 1대 장애만 견딥니다.',
    'A quorum is a strict majority of all voting servers. Four servers tolerate one failure, exactly like three.',
  ),
  level: 'basic',
  scenario: { config: { zk: { servers: 4, clients: 1 } }, seed: 2 },
  steps: [
    {
      id: 'four',
      kind: 'narrate',
      narration: t(
        '이번 앙상블은 일부러 짝수, 4대입니다. 쿼럼(정족수)은 "투표 서버 전체의 과반"이므로 4대의 쿼럼은 3대입니다(2대는 절반일 뿐 과반이 아닙니다). 리더가 정해질 때까지 기다립니다.',
        'This ensemble is deliberately even: 4 servers. A quorum is "a strict majority of all voting servers", so for 4 it is 3 (2 is only half, not a majority). Wait for a leader.',
      ),
      waitFor: { label: t('리더가 서비스 중', 'a leader is serving'), until: allServe(4), withinMs: 10_000 },
      highlight: [{ view: 'quorum' }, { view: 'cluster', nodes: ['zk1', 'zk2', 'zk3', 'zk4'] }],
      claims: [{ label: t('zk4가 에포크 1의 리더', 'zk4 leads epoch 1'), holds: leads('zk4', 1) }],
    },
    {
      id: 'one-down',
      kind: 'narrate',
      narration: t(
        '팔로워 zk1을 죽입니다. 남은 3대 = 쿼럼 3이므로 리더는 그대로이고, 쓰기도 됩니다.',
        'Crash the follower zk1. Three remain = the quorum of 3, so the leader stays and writes still work.',
      ),
      actions: [act(0, { type: 'crash', node: 'zk1' }), cli(1000, 'create /still-ok yes')],
      highlight: [{ view: 'cluster', nodes: ['zk1'] }],
      claims: [
        { label: t('쓰기 성공', 'the write succeeded'), holds: printedLine('Created /still-ok') },
        { label: t('zk4가 여전히 리더', 'zk4 still leads'), holds: leads('zk4', 1) },
      ],
    },
    {
      id: 'two-down',
      kind: 'try',
      narration: t(
        '예측해 보세요: 한 대를 더 죽이면 4대 중 2대가 남습니다. 절반이 살아 있는데 계속 동작할까요?',
        'Predict: crash one more and 2 of 4 remain. Half the ensemble is alive — will it keep working?',
      ),
      task: t('서버를 하나 더 죽이세요(예: crash zk2).', 'Crash one more server (e.g. crash zk2).'),
      hint: t('콘솔: crash zk2', 'Console: crash zk2'),
      solution: [cli(0, 'crash zk2')],
      success: nobodyServes,
      withinMs: 20_000,
      claims: [{ label: t('어떤 서버도 서비스하지 않음', 'no server serves'), holds: nobodyServes }],
    },
    {
      id: 'explain',
      kind: 'narrate',
      narration: t(
        '멈췄습니다. 2 < 3이라 쿼럼이 없으니 리더는 물러나고, 남은 서버는 클라이언트 연결을 끊고 새 리더를 뽑지 못한 채 LOOKING 상태로 기다립니다. 정리: 3대(쿼럼 2)는 1대, 4대(쿼럼 3)도 1대, 5대(쿼럼 3)는 2대까지 견딥니다. F대 장애를 견디려면 2F+1대가 필요합니다. 그래서 짝수를 쓰면 서버만 늘고 내구성은 그대로이며, 반반으로 갈리는 분단에서는 어느 쪽도 과반이 아닙니다 — 주키퍼를 홀수로 구성하는 이유입니다. 쿼럼 탐색기에서 숫자를 바꿔 보세요.',
        'It stopped. 2 < 3, no quorum: the leader steps down, and the survivors drop their clients and stay LOOKING without being able to elect anyone. In short: 3 servers (quorum 2) tolerate 1 failure, 4 (quorum 3) also 1, 5 (quorum 3) tolerate 2. Tolerating F failures takes 2F+1 servers. An even size adds a server but no tolerance, and in an even split neither half is a majority — which is why ZooKeeper ensembles are odd. Try other numbers in the quorum explorer.',
      ),
      highlight: [{ view: 'quorum' }],
      claims: [{ label: t('남은 서버는 LOOKING', 'the survivors are LOOKING'), holds: ({ world }) => P.roles(world)['zk3'] === 'LOOKING' && P.roles(world)['zk4'] === 'LOOKING' }],
    },
    {
      id: 'recover',
      kind: 'narrate',
      narration: t(
        'zk1을 다시 켜면 투표 서버 3대가 모여 쿼럼이 생기고, 새 에포크로 리더를 뽑아 서비스가 돌아옵니다. 데이터(/still-ok)도 그대로입니다.',
        'Restart zk1: three voting servers meet again, form a quorum, elect a leader in a new epoch, and service returns. The data (/still-ok) is still there.',
      ),
      actions: [act(0, { type: 'restart', node: 'zk1' })],
      waitFor: { label: t('3대가 다시 서비스', 'three servers serve again'), until: allServe(3), withinMs: 30_000 },
      claims: [
        { label: t('새 에포크(2 이상)의 리더', 'a leader in a new epoch (≥ 2)'), holds: ({ world }) => (P.epochOf(world, P.theLeader(world) ?? '') ?? 0) >= 2 },
        { label: t('/still-ok 유지', '/still-ok survived'), holds: ({ world }) => P.data(world, '/still-ok') === 'yes' },
      ],
    },
  ],
  quiz: [
    question(
      'q4',
      t('투표 서버 4대의 쿼럼은 몇 대인가요?', 'What is the quorum of 4 voting servers?'),
      [
        choice('2', t('2대', '2'), t('아닙니다. 2는 절반이지 과반이 아닙니다. 2대씩 갈리면 리더가 둘이 될 수 있습니다.', 'No. 2 is half, not a majority; two halves could each elect a leader.')),
        choice('3', t('3대', '3'), t('맞습니다. ⌊4/2⌋+1 = 3.', 'Right. ⌊4/2⌋+1 = 3.')),
        choice('4', t('4대', '4'), t('아닙니다. 모든 서버가 필요하다면 한 대만 죽어도 멈춥니다.', 'No. Needing every server would mean one failure stops everything.')),
      ],
      ['3'],
    ),
    question(
      'six',
      t('6대 앙상블은 몇 대의 장애를 견디나요?', 'How many failures does a 6-server ensemble tolerate?'),
      [
        choice('2', t('2대', '2'), t('맞습니다. 쿼럼은 4대이므로 2대까지입니다 — 5대와 같습니다.', 'Right. The quorum is 4, so 2 — the same as 5 servers.')),
        choice('3', t('3대', '3'), t('아닙니다. 3대가 죽으면 3대가 남고, 3은 6의 과반이 아닙니다.', 'No. With 3 down, 3 remain, and 3 is not a majority of 6.')),
        choice('1', t('1대', '1'), t('아닙니다. 쿼럼 4이므로 2대까지 죽어도 됩니다.', 'No. The quorum is 4, so 2 may fail.')),
      ],
      ['2'],
    ),
    question(
      'note',
      t('노트에 "과반수의 룰을 적용하기 위해 홀수로 구성"이라고 적혀 있습니다. 가장 정확한 설명은?', 'A note says "use an odd number to apply the majority rule". The most accurate explanation?'),
      [
        choice('even-fails', t('짝수면 동작하지 않는다', 'Even ensembles do not work'), t('아닙니다. 짝수도 동작합니다. 다만 서버가 하나 적은 홀수와 같은 수의 장애만 견딥니다.', 'No. Even ensembles work; they just tolerate no more failures than the odd size below.')),
        choice('no-gain', t('짝수로 늘려도 견딜 수 있는 장애 수가 늘지 않는다', 'Going to the next even size adds no fault tolerance'), t('맞습니다. 2F+1: 짝수의 추가 서버는 쓰기 쿼럼만 키웁니다.', 'Right. 2F+1: the extra even server only makes the write quorum bigger.')),
        choice('tie', t('짝수면 선거가 무승부로 영원히 끝나지 않는다', 'Even sizes make elections tie forever'), t('아닙니다. 투표는 (에포크, zxid, sid) 순서로 항상 결정됩니다. 문제는 쿼럼 크기입니다.', 'No. Votes are always ordered by (epoch, zxid, sid); the issue is the quorum size.')),
      ],
      ['no-gain'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const leaderElection: Lesson = {
  id: 'zk-election',
  title: t('리더 선출: 투표, zxid가 sid를 이긴다', 'Leader election: votes, and zxid beats sid'),
  summary: t(
    'Fast Leader Election은 (에포크, zxid, sid) 순서로 가장 앞선 후보에게 표를 모읍니다. 가장 최근 기록을 가진 서버가 이깁니다.',
    'Fast Leader Election gathers votes for the best candidate by (epoch, zxid, sid). The server with the most recent history wins.',
  ),
  level: 'basic',
  scenario: { config: { zk: ZK3_MANUAL }, seed: 1 },
  steps: [
    {
      id: 'fresh',
      kind: 'narrate',
      narration: t(
        '서버 3대가 동시에 켜지면 모두 LOOKING 상태로 자기 자신에게 투표합니다. 표는 (에포크, 마지막 zxid, 서버 id)이고, 더 앞선 표를 받으면 그 표로 바꿔 다시 알립니다. 처음에는 에포크도 zxid도 모두 0이므로 sid가 가장 큰 zk3가 이기고, 과반이 같은 표를 가진 뒤 200ms 동안 더 나은 표가 없으면 결정됩니다: zk3가 에포크 1의 리더가 됩니다.',
        'Three servers start together: all are LOOKING and vote for themselves. A vote is (epoch, last zxid, server id); a server that receives a better vote adopts it and re-broadcasts. At first every epoch and zxid is 0, so the highest sid, zk3, wins; once a majority holds the same vote and no better one arrives for 200 ms, it is decided: zk3 leads epoch 1.',
      ),
      highlight: [{ view: 'messages' }, { view: 'cluster', nodes: ['zk1', 'zk2', 'zk3'] }],
      waitFor: { label: t('리더 확정', 'a leader is established'), until: allServe(3), withinMs: 10_000 },
      claims: [
        { label: t('zk3가 에포크 1의 리더', 'zk3 leads epoch 1'), holds: leads('zk3', 1) },
        { label: t('선출은 1초 안에 끝남(200ms 대기 포함)', 'the election took under a second (200 ms finalize wait included)'), holds: ({ sim }) => sim.now >= 200 && sim.now < 1000 },
        { label: t('zk1, zk2는 zk3를 따름', 'zk1 and zk2 follow zk3'), holds: ({ world }) => P.zk(world, 'zk1')?.leader === 3 && P.zk(world, 'zk2')?.leader === 3 },
      ],
    },
    {
      id: 'history',
      kind: 'narrate',
      narration: t(
        '이제 기록(history)의 차이를 만들어 봅시다. 팔로워 zk2를 죽이고, zk1에 연결된 client1로 /news 를 씁니다. 쓰기는 zk1과 zk3(2/3 = 쿼럼)로 커밋되고, 죽어 있던 zk2는 이 쓰기를 모릅니다.',
        'Now make the histories differ. Crash the follower zk2 and write /news through client1 on zk1. The write commits with zk1 and zk3 (2 of 3 = a quorum); zk2, being down, never sees it.',
      ),
      actions: [act(0, { type: 'crash', node: 'zk2' }), act(0, connectTo('client1', 'zk1', 900001)), cli(1000, 'create /news hello')],
      claims: [
        { label: t('쓰기 성공', 'the write succeeded'), holds: printedLine('Created /news') },
        { label: t('zk1은 /news를 가짐', 'zk1 has /news'), holds: ({ world }) => P.dataOn(world, 'zk1', '/news') === 'hello' },
      ],
    },
    {
      id: 'predict',
      kind: 'narrate',
      narration: t(
        '리더 zk3를 죽이고 zk2를 다시 켭니다. 남은 후보는 zk1(sid 1, 최신 zxid)과 zk2(sid 2, 오래된 zxid)입니다. 누가 리더가 될까요? 표의 비교 순서는 에포크 → zxid → sid입니다. 에포크는 둘 다 1로 같고, zxid는 zk1이 더 큽니다. 그래서 sid가 작은데도 zk1이 이깁니다: 최신 기록을 가진 서버가 리더가 되어야 커밋된 쓰기를 잃지 않습니다. 새 에포크는 쿼럼의 acceptedEpoch 최댓값 + 1 = 2입니다.',
        'Crash the leader zk3 and restart zk2. The candidates are zk1 (sid 1, newest zxid) and zk2 (sid 2, older zxid). Who leads? Votes compare epoch, then zxid, then sid. Both epochs are 1; zk1 has the larger zxid. So zk1 wins despite its smaller sid: the server with the newest history must lead, or committed writes would be lost. The new epoch is the quorum\'s highest acceptedEpoch + 1 = 2.',
      ),
      actions: [act(0, { type: 'crash', node: 'zk3' }), act(0, { type: 'restart', node: 'zk2' })],
      waitFor: { label: t('새 리더 확정', 'a new leader is established'), until: allServe(2), withinMs: 30_000 },
      highlight: [{ view: 'messages' }, { view: 'cluster', nodes: ['zk1', 'zk2'] }],
      claims: [
        { label: t('zk1이 에포크 2의 리더', 'zk1 leads epoch 2'), holds: leads('zk1', 2) },
        { label: t('zk2가 /news를 동기화 받음', 'zk2 was synced /news'), holds: ({ world }) => P.dataOn(world, 'zk2', '/news') === 'hello' },
      ],
    },
    {
      id: 'rejoin',
      kind: 'try',
      narration: t(
        'zk3는 sid가 가장 크지만, 다시 켜지면 리더를 빼앗을까요? 직접 해 보세요.',
        'zk3 has the highest sid. If it comes back, will it take over? Try it.',
      ),
      task: t('zk3를 다시 켜세요.', 'Restart zk3.'),
      hint: t('콘솔: restart zk3', 'Console: restart zk3'),
      solution: [cli(0, 'restart zk3')],
      success: ({ world }) => P.zk(world, 'zk3')?.role === 'FOLLOWING' && P.zk(world, 'zk3')?.serving === true,
      withinMs: 30_000,
      claims: [
        { label: t('zk3는 팔로워로 합류', 'zk3 joins as a follower'), holds: ({ world }) => P.zk(world, 'zk3')?.role === 'FOLLOWING' && P.zk(world, 'zk3')?.leader === 1 },
        { label: t('zk1이 계속 리더', 'zk1 still leads'), holds: leads('zk1', 2) },
      ],
    },
    {
      id: 'wrap',
      kind: 'narrate',
      narration: t(
        '늦게 온 서버는 이미 정해진 리더의 표(FOLLOWING/LEADING 상태의 응답)를 받아 그대로 따릅니다. 그래서 "sid가 가장 큰 서버가 항상 리더"는 틀렸습니다: 처음 쿼럼을 이룬 서버들 중에서, (에포크, zxid, sid) 순으로 가장 앞선 서버가 리더입니다.',
        'A late server receives the answers of servers already FOLLOWING/LEADING and simply follows the established leader. So "the highest sid always leads" is false: the leader is the best by (epoch, zxid, sid) among the servers that formed the first quorum.',
      ),
    },
  ],
  quiz: [
    question(
      'order',
      t('두 표 중 어느 것이 더 앞서나요? A = (에포크 1, zxid 0x100000005, sid 1), B = (에포크 1, zxid 0x100000003, sid 3)', 'Which vote is better? A = (epoch 1, zxid 0x100000005, sid 1), B = (epoch 1, zxid 0x100000003, sid 3)'),
      [
        choice('a', t('A', 'A'), t('맞습니다. 에포크가 같으면 zxid가 큰 쪽이 이깁니다. sid는 마지막 동점 처리용입니다.', 'Right. With equal epochs the larger zxid wins; sid only breaks a final tie.')),
        choice('b', t('B', 'B'), t('아닙니다. sid는 에포크와 zxid가 모두 같을 때만 비교합니다.', 'No. sid is compared only when epoch and zxid are both equal.')),
      ],
      ['a'],
    ),
    question(
      'epoch-first',
      t('표 A = (에포크 2, zxid 0x200000001, sid 1), B = (에포크 1, zxid 0x100000009, sid 3). 어느 쪽이 이기나요?', 'Vote A = (epoch 2, zxid 0x200000001, sid 1), B = (epoch 1, zxid 0x100000009, sid 3). Which wins?'),
      [
        choice('a', t('A', 'A'), t('맞습니다. 에포크를 가장 먼저 비교합니다.', 'Right. The epoch is compared first.')),
        choice('b', t('B (카운터 9가 더 크다)', 'B (its counter 9 is larger)'), t('아닙니다. 에포크 2가 에포크 1보다 앞섭니다. 게다가 zxid의 상위 32비트가 에포크라서 0x200000001 > 0x100000009 입니다.', 'No. Epoch 2 beats epoch 1 — and the epoch is also the high 32 bits of the zxid, so 0x200000001 > 0x100000009.')),
      ],
      ['a'],
    ),
    question(
      'highest',
      t('"sid가 가장 큰 서버가 항상 리더가 된다"는 맞나요?', '"The server with the highest sid always leads." True?'),
      [
        choice('true', t('맞다', 'True'), t('아닙니다. 방금 zk1이 zk2를 이겼고, 돌아온 zk3는 팔로워가 되었습니다.', 'No. zk1 just beat zk2, and zk3 came back as a follower.')),
        choice('false', t('틀리다', 'False'), t('맞습니다. 최신 기록이 먼저이고, 이미 리더가 있으면 늦게 온 서버는 따릅니다.', 'Right. The newest history comes first, and a late server follows an existing leader.')),
      ],
      ['false'],
    ),
  ],
};

// ---------------------------------------------------------------------------------------------------------
export const writePath: Lesson = {
  id: 'zk-write-path',
  title: t('쓰기 경로와 오래된 읽기, 그리고 sync', 'The write path, stale reads and sync'),
  summary: t(
    '쓰기는 리더가 쿼럼의 ACK를 받으면 커밋됩니다(모든 서버가 아닙니다). 읽기는 연결된 서버의 로컬 사본에서 답하므로 오래되었을 수 있고, sync로 따라잡게 할 수 있습니다.',
    'A write commits when the leader has ACKs from a quorum (not from every server). Reads are answered from the local copy of the connected server, so they can be stale; sync makes it catch up.',
  ),
  level: 'basic',
  scenario: { config: { zk: ZK3_MANUAL }, seed: 1 },
  steps: [
    {
      id: 'setup',
      kind: 'narrate',
      narration: t(
        '리더는 zk3입니다. client1은 팔로워 zk1에, client2는 팔로워 zk2에 연결합니다.',
        'zk3 leads. client1 connects to follower zk1, client2 to follower zk2.',
      ),
      actions: [act(1000, connectTo('client1', 'zk1', 900001)), act(1000, connectTo('client2', 'zk2', 900001))],
      runFor: 3000,
      waitFor: { label: t('두 클라이언트 연결됨', 'both clients connected'), until: and(allServe(3), connected('client1', 'client2')), withinMs: 10_000 },
      claims: [
        { label: t('zk3가 리더', 'zk3 leads'), holds: leads('zk3', 1) },
        { label: t('client1은 zk1, client2는 zk2에 연결', 'client1 is on zk1, client2 on zk2'), holds: and(connectedTo('client1', 'zk1'), connectedTo('client2', 'zk2')) },
      ],
    },
    {
      id: 'write',
      kind: 'narrate',
      narration: t(
        'client1이 create /cfg v1 을 보냅니다. 경로: client1 → zk1(팔로워) → zk3(리더)에 REQUEST 전달 → 리더가 zxid를 붙여 모든 팔로워에 PROPOSAL → 각 서버가 디스크에 기록하고 ACK → 리더가 쿼럼(자신 포함 2대)의 ACK를 받으면 COMMIT → zk1이 커밋을 적용한 뒤 client1에 응답. 메시지 뷰에서 따라가 보세요.',
        'client1 sends create /cfg v1. Path: client1 → zk1 (follower) → REQUEST forwarded to zk3 (leader) → the leader gives it a zxid and sends a PROPOSAL to every follower → each server logs it and ACKs → with ACKs from a quorum (2, itself included) the leader sends COMMIT → zk1 applies the commit and answers client1. Follow it in the message view.',
      ),
      actions: [cli(0, 'create /cfg v1')],
      runFor: 100,
      highlight: [{ view: 'messages', nodes: ['client1', 'zk1', 'zk3'], links: [['client1', 'zk1'], ['zk1', 'zk3'], ['zk3', 'zk1'], ['zk3', 'zk2']] }],
      claims: [
        { label: t('생성됨', 'created'), holds: printedLine('Created /cfg') },
        { label: t('세 서버 모두 v1', 'all three servers have v1'), holds: ({ world }) => P.allServingHave(world, '/cfg', 'v1') },
      ],
    },
    {
      id: 'quorum-not-all',
      kind: 'narrate',
      narration: t(
        '이제 리더 zk3에서 zk1로 가는 링크를 3초 느리게 만들고, client2가 /cfg 를 v2로 바꿉니다. 노트에는 "모든 서버에 저장된 후 클라이언트에게 알려준다"고 적혀 있지만, 실제로는 쿼럼이면 충분합니다: zk2와 zk3의 ACK로 커밋되고 client2는 바로 성공 응답을 받습니다. zk1은 아직 v1을 갖고 있습니다.',
        'Now slow the link from the leader zk3 to zk1 by 3 s, and client2 changes /cfg to v2. A note says "the client is told after all servers have stored it", but a quorum is enough: with ACKs from zk2 and zk3 it commits and client2 gets its success at once. zk1 still has v1.',
      ),
      actions: [act(0, { type: 'delay', ms: 3000, from: 'zk3', to: 'zk1' }), act(10, zkCall('client2', 900002, { op: 'setData', path: '/cfg', data: 'v2', version: -1 }))],
      runFor: 100,
      highlight: [{ view: 'cluster', links: [['zk3', 'zk1']], nodes: ['zk1'] }],
      claims: [
        { label: t('client2는 성공 응답을 받음', 'client2 got OK'), holds: replied('client2', 900002, 'OK') },
        { label: t('zk1은 아직 v1', 'zk1 still has v1'), holds: ({ world }) => P.dataOn(world, 'zk1', '/cfg') === 'v1' },
        { label: t('zk2, zk3는 v2', 'zk2 and zk3 have v2'), holds: ({ world }) => P.dataOn(world, 'zk2', '/cfg') === 'v2' && P.dataOn(world, 'zk3', '/cfg') === 'v2' },
      ],
    },
    {
      id: 'stale',
      kind: 'try',
      narration: t(
        'client1은 zk1에 연결되어 있습니다. 읽기는 리더에게 가지 않고 연결된 서버의 로컬 사본에서 바로 답합니다(그래서 읽기가 빠르고, 서버를 늘리면 읽기 처리량이 늘어납니다).',
        'client1 is connected to zk1. Reads do not go to the leader: the connected server answers from its local copy (that is why reads are fast and scale with more servers).',
      ),
      task: t('client1에서 /cfg 를 읽어 보세요: get /cfg', 'Read /cfg from client1: get /cfg'),
      solution: [cli(0, 'get /cfg')],
      success: printedLine('v1'),
      withinMs: 1_000,
      claims: [{ label: t('오래된 값 v1을 읽음', 'read the stale value v1'), holds: printedLine('v1') }],
    },
    {
      id: 'sync',
      kind: 'try',
      narration: t(
        '오래된(stale) 읽기입니다. 이미 커밋되어 client2가 성공을 받은 값인데 client1은 옛 값을 봅니다. 주키퍼는 클라이언트마다 순서를 보장하지만, 서로 다른 클라이언트가 동시에 같은 값을 본다고는 보장하지 않습니다. 최신 값이 꼭 필요하면 sync를 먼저 부릅니다: zk1이 리더에게 SYNC를 보내고, 리더는 그 전에 보낸 제안이 모두 커밋된 뒤 답합니다.',
        'A stale read: the value was committed and client2 was told so, yet client1 sees the old one. ZooKeeper keeps each client\'s order, but it does not promise that different clients see the same value at the same moment. When you need the latest value, call sync first: zk1 sends SYNC to the leader, which answers after everything it proposed before has committed.',
      ),
      task: t('sync /cfg 를 실행한 뒤 get /cfg 로 다시 읽으세요.', 'Run sync /cfg, then read again with get /cfg.'),
      solution: [cli(0, 'sync /cfg'), cli(0, 'get /cfg')],
      success: and(printedLine('Sync is OK'), printedLine('v2')),
      withinMs: 10_000,
      claims: [{ label: t('sync 후 v2를 읽음', 'after sync it reads v2'), holds: and(printedLine('Sync is OK'), printedLine('v2')) }],
    },
    {
      id: 'wrap',
      kind: 'narrate',
      narration: t(
        '정리: 쓰기는 리더 한 곳에서 zxid 순서가 매겨지고 쿼럼이 기록하면 커밋됩니다 — 모든 쓰기는 선형화(linearizable)됩니다. 읽기는 로컬이라 빠르지만 잠깐 뒤처질 수 있습니다. 같은 세션 안에서는 자기가 쓴 것보다 옛날 것을 읽지 않으며, 다른 서버로 옮겨도 더 과거의 상태를 보지 않습니다(single system image). 네트워크를 원래대로 돌립니다.',
        'In short: writes are ordered by zxid at the single leader and commit once a quorum has logged them — writes are linearizable. Reads are local: fast, but possibly a little behind. Within a session you never read older than your own writes, and moving to another server never shows you an older state (single system image). The network is healed now.',
      ),
      actions: [act(0, { type: 'heal' })],
    },
  ],
  quiz: [
    question(
      'ack',
      t('5대 앙상블에서 쓰기는 언제 커밋되나요?', 'In a 5-server ensemble, when does a write commit?'),
      [
        choice('all', t('5대 모두 기록했을 때', 'When all 5 have logged it'), t('아닙니다. 흔한 오해입니다. 한 대만 느려도 모든 쓰기가 멈추게 됩니다.', 'No — a common misreading. One slow server would then stall every write.')),
        choice('quorum', t('리더 포함 3대가 기록(ACK)했을 때', 'When 3, the leader included, have logged (ACKed) it'), t('맞습니다. 쿼럼 = 과반입니다.', 'Right. Quorum = majority.')),
        choice('leader', t('리더가 받자마자', 'As soon as the leader receives it'), t('아닙니다. 리더가 바로 죽으면 쓰기가 사라질 수 있습니다.', 'No. If the leader died right away the write could be lost.')),
      ],
      ['quorum'],
    ),
    question(
      'reads',
      t('팔로워에 연결된 클라이언트의 getData는 어디서 답하나요?', 'Where is getData answered for a client connected to a follower?'),
      [
        choice('local', t('그 팔로워의 로컬 사본', 'From that follower\'s local copy'), t('맞습니다. 그래서 오래된 값일 수 있습니다.', 'Right — so it may be stale.')),
        choice('leader', t('항상 리더', 'Always by the leader'), t('아닙니다. 쓰기와 sync만 리더로 전달됩니다.', 'No. Only writes and sync are forwarded to the leader.')),
        choice('quorum', t('쿼럼에게 물어서', 'By asking a quorum'), t('아닙니다. 읽기는 합의를 거치지 않습니다.', 'No. Reads do not go through consensus.')),
      ],
      ['local'],
    ),
  ],
};
