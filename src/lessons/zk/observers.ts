/**
 * ZooKeeper lesson: observers (non-voting servers).
 */
import * as P from '../probe';
import { act, allServe, and, choice, cli, connectedTo, connectTo, nobodyServes, printedLine, question, t } from '../helpers';
import type { Lesson } from '../types';

export const observers: Lesson = {
  id: 'zk-observers',
  title: t('옵저버: 투표하지 않는 서버', 'Observers: servers that do not vote'),
  summary: t(
    '옵저버는 데이터를 받아 읽기를 처리하고 쓰기를 리더에게 전달하지만, 선출과 커밋 쿼럼에는 들어가지 않습니다. 읽기를 늘려 주지만 장애 허용은 늘려 주지 않습니다.',
    'Observers receive the data, serve reads and forward writes to the leader, but take no part in elections or commit quorums. They scale reads, not fault tolerance.',
  ),
  level: 'intermediate',
  scenario: { config: { zk: { servers: 3, observers: 2, clients: 1, clientsAutoConnect: false } }, seed: 4 },
  steps: [
    {
      id: 'start',
      kind: 'narrate',
      narration: t(
        '투표 서버 3대(zk1~3)와 옵저버 2대(zk4, zk5)입니다. 쿼럼은 투표 서버 3대의 과반인 2대입니다 — 서버가 5대라도 5대의 과반(3)이 아닙니다. 옵저버는 선거에 후보로도 투표자로도 나서지 않고, 정해진 리더에 붙어 커밋된 트랜잭션을 받습니다(INFORM).',
        'Three voting servers (zk1–3) and two observers (zk4, zk5). The quorum is a majority of the 3 voters, i.e. 2 — not a majority of all 5 servers. Observers neither run nor vote in elections; they attach to the elected leader and receive committed transactions (INFORM).',
      ),
      waitFor: { label: t('5대 모두 서비스', 'all five serve'), until: allServe(5), withinMs: 10_000 },
      highlight: [{ view: 'cluster', nodes: ['zk4', 'zk5'] }, { view: 'quorum' }],
      claims: [
        { label: t('zk4, zk5는 OBSERVING', 'zk4 and zk5 are OBSERVING'), holds: ({ world }) => P.roles(world)['zk4'] === 'OBSERVING' && P.roles(world)['zk5'] === 'OBSERVING' },
        { label: t('리더는 투표 서버 중 하나', 'the leader is a voter'), holds: ({ world }) => ['zk1', 'zk2', 'zk3'].includes(P.theLeader(world) ?? '') },
      ],
    },
    {
      id: 'write-via-observer',
      kind: 'narrate',
      narration: t(
        'client1을 옵저버 zk4에 연결하고 create /via-observer 를 보냅니다. 옵저버는 쓰기를 리더에게 전달하고, 리더가 투표 서버 쿼럼으로 커밋한 뒤 옵저버에게 알려 줍니다. 옵저버는 ACK를 보내지 않으므로, 멀리 있거나 느린 옵저버가 쓰기를 늦추지 않습니다 — 다른 데이터센터에 읽기용 서버를 둘 때 씁니다.',
        'Connect client1 to the observer zk4 and send create /via-observer. The observer forwards the write to the leader, which commits it with the voting quorum and then informs the observer. Observers send no ACKs, so a distant or slow observer never slows writes down — that is why they are used for read replicas in other datacenters.',
      ),
      actions: [act(0, connectTo('client1', 'zk4', 900001, ['zk1', 'zk2', 'zk3', 'zk4', 'zk5'])), cli(500, 'create /via-observer yes')],
      runFor: 600,
      claims: [
        { label: t('client1은 zk4에 연결', 'client1 is on zk4'), holds: connectedTo('client1', 'zk4') },
        { label: t('쓰기 성공', 'the write succeeded'), holds: printedLine('Created /via-observer') },
        { label: t('옵저버도 데이터를 가짐', 'the observers have the data too'), holds: ({ world }) => P.dataOn(world, 'zk4', '/via-observer') === 'yes' && P.dataOn(world, 'zk5', '/via-observer') === 'yes' },
      ],
    },
    {
      id: 'lose-voters',
      kind: 'try',
      narration: t(
        '예측해 보세요: 투표 서버 2대가 죽으면 살아 있는 서버는 3대(투표 1 + 옵저버 2)입니다. 5대 중 3대면 과반 아닌가요?',
        'Predict: if two voting servers die, three servers are still up (1 voter + 2 observers). Isn\'t 3 of 5 a majority?',
      ),
      task: t('투표 서버 두 대를 죽이세요: crash zk1, crash zk2', 'Crash two voting servers: crash zk1, crash zk2'),
      solution: [cli(0, 'crash zk1'), cli(0, 'crash zk2')],
      success: and(nobodyServes, ({ world }) => world.status('zk4') === 'up'),
      withinMs: 30_000,
      claims: [{ label: t('3대가 살아 있어도 아무도 서비스하지 않음', 'three servers up, yet nobody serves'), holds: nobodyServes }],
    },
    {
      id: 'why',
      kind: 'narrate',
      narration: t(
        '멈췄습니다. 쿼럼은 투표 서버만 셉니다: 남은 투표 서버 1대 < 2. 옵저버를 아무리 늘려도 장애 허용은 그대로이고, 늘어나는 것은 읽기 처리량과 연결할 수 있는 클라이언트 수입니다. 쿼럼 탐색기에서 옵저버 수를 바꿔 확인해 보세요.',
        'It stopped. The quorum counts voters only: 1 voter left < 2. However many observers you add, fault tolerance stays the same; what grows is read throughput and how many clients can connect. Change the number of observers in the quorum explorer to see it.',
      ),
      highlight: [{ view: 'quorum' }],
    },
  ],
  quiz: [
    question(
      'quorum',
      t('투표 서버 5대 + 옵저버 4대. 쿼럼은 몇 대인가요?', '5 voting servers + 4 observers. What is the quorum?'),
      [
        choice('3', t('3대 (투표 서버 5대의 과반)', '3 (a majority of the 5 voters)'), t('맞습니다.', 'Right.')),
        choice('5', t('5대 (9대의 과반)', '5 (a majority of all 9)'), t('아닙니다. 옵저버는 세지 않습니다.', 'No. Observers are not counted.')),
      ],
      ['3'],
    ),
    question(
      'why-observers',
      t('옵저버를 추가하는 이유로 알맞은 것은?', 'A good reason to add observers?'),
      [
        choice('reads', t('쓰기를 늦추지 않고 읽기와 클라이언트 연결을 늘린다', 'More reads and client connections without slowing writes'), t('맞습니다.', 'Right.')),
        choice('tolerance', t('더 많은 서버 장애를 견딘다', 'Tolerate more server failures'), t('아닙니다. 장애 허용은 투표 서버 수로만 정해집니다.', 'No. Fault tolerance depends on the voters only.')),
      ],
      ['reads'],
    ),
  ],
};
