/**
 * ZooKeeper lessons 7–8: the recipes (configuration, group membership, leader election; lock without herd
 * effect, barrier, queue), built from the primitives the earlier lessons showed.
 */
import * as P from '../probe';
import type { Predicate } from '../types';
import { act, allServe, and, choice, cli, connected, connectedTo, connectTo, gotEvent, gotState, not, printedLine, question, replied, t, zkCall } from '../helpers';
import type { Lesson } from '../types';

const THREE_CLIENTS = { servers: 3, clients: 3, clientsAutoConnect: false } as const;

const connectAll = [act(1000, connectTo('client1', 'zk1', 900001)), act(1000, connectTo('client2', 'zk2', 900001)), act(1000, connectTo('client3', 'zk3', 900001))];

const ownedBy =
  (path: string, client: string): Predicate =>
  ({ world }) =>
    P.ephemeralOwner(world, path) !== undefined && P.ephemeralOwner(world, path) === P.clientSession(world, client);

export const recipesElection: Lesson = {
  id: 'zk-recipes-membership-election',
  title: t('레시피 1: 설정, 그룹 멤버십, 리더 선출', 'Recipes 1: configuration, group membership, leader election'),
  summary: t(
    '일시 노드로 "누가 살아 있나"를, 일시+순차 노드로 "누가 리더인가"를 만듭니다. 각 후보는 바로 앞 번호만 감시합니다.',
    'Ephemeral nodes give "who is alive"; ephemeral sequential nodes give "who leads". Each candidate watches only the node just before its own.',
  ),
  level: 'intermediate',
  scenario: { config: { zk: THREE_CLIENTS }, seed: 3 },
  steps: [
    {
      id: 'setup',
      kind: 'narrate',
      narration: t(
        '주키퍼는 락이나 선출 기능을 직접 제공하지 않습니다. 대신 지노드, 일시·순차 노드, 와치라는 단순한 도구를 주고, 그것으로 "레시피"를 만듭니다. 설정 관리 레시피는 앞 수업에서 봤습니다: 설정 노드를 읽으며 와치를 걸고, 알림이 오면 다시 읽습니다. 세 애플리케이션 client1~3이 각각 zk1~3에 연결합니다.',
        'ZooKeeper has no built-in lock or election. It offers simple primitives — znodes, ephemeral and sequential nodes, watches — and you build "recipes" from them. You saw the configuration recipe already: read the config node with a watch, and read again when notified. Three applications client1–3 connect to zk1–3.',
      ),
      actions: connectAll,
      runFor: 3000,
      waitFor: { label: t('모두 연결됨', 'all connected'), until: and(allServe(3), connected('client1', 'client2', 'client3')), withinMs: 10_000 },
      claims: [{ label: t('client1~3이 zk1~3에 연결', 'client1–3 are on zk1–3'), holds: and(connectedTo('client1', 'zk1'), connectedTo('client2', 'zk2'), connectedTo('client3', 'zk3')) }],
    },
    {
      id: 'membership',
      kind: 'narrate',
      narration: t(
        '그룹 멤버십: 각 멤버가 /members 아래에 자기 이름으로 일시 노드를 만듭니다. 관리자(client1)는 ls -w /members 로 자식 목록을 읽으며 와치를 겁니다. client2가 들어오면 NodeChildrenChanged가 옵니다. 멤버가 죽으면 세션 만료로 노드가 사라지므로 목록이 곧 "살아 있는 멤버"입니다 — 카프카 브로커가 /brokers/ids 에 등록하는 방식이 바로 이것입니다.',
        'Group membership: each member creates an ephemeral node named after itself under /members. The manager (client1) lists the children with ls -w /members, setting a child watch. When client2 joins, NodeChildrenChanged arrives. When a member dies its node goes with its session, so the list is "the live members" — exactly how Kafka brokers register under /brokers/ids.',
      ),
      actions: [cli(0, 'create /members'), cli(0, 'ls -w /members'), act(100, zkCall('client2', 900002, { op: 'create', path: '/members/app-2', data: 'host2:8080', mode: 'EPHEMERAL' }))],
      runFor: 500,
      highlight: [{ view: 'tree', znodes: ['/members', '/members/app-2'] }],
      claims: [
        { label: t('NodeChildrenChanged 도착', 'NodeChildrenChanged arrived'), holds: printedLine('WatchedEvent state:SyncConnected type:NodeChildrenChanged path:/members') },
        { label: t('app-2는 client2 소유 일시 노드', 'app-2 is an ephemeral node of client2'), holds: ownedBy('/members/app-2', 'client2') },
      ],
    },
    {
      id: 'candidates',
      kind: 'narrate',
      narration: t(
        '리더 선출: 후보마다 create -e -s /election/n_ 로 일시+순차 노드를 만듭니다. 번호가 가장 작은 노드의 주인이 리더입니다. client1이 n_0000000000(리더), client2가 n_0000000001, client3이 n_0000000002를 얻었습니다. 리더가 아닌 후보는 자기 바로 앞 번호만 감시합니다(exists 와치): client2는 ...0000을, client3은 ...0001을.',
        'Leader election: each candidate creates an ephemeral sequential node with create -e -s /election/n_. The owner of the lowest number leads. client1 got n_0000000000 (the leader), client2 n_0000000001, client3 n_0000000002. A non-leader watches only the node just before its own (an exists watch): client2 watches ...0000, client3 watches ...0001.',
      ),
      actions: [
        cli(0, 'create /election'),
        cli(0, 'create -e -s /election/n_ client1'),
        act(100, zkCall('client2', 900003, { op: 'create', path: '/election/n_', data: 'client2', mode: 'EPHEMERAL_SEQUENTIAL' })),
        act(200, zkCall('client3', 900003, { op: 'create', path: '/election/n_', data: 'client3', mode: 'EPHEMERAL_SEQUENTIAL' })),
        act(300, zkCall('client2', 900004, { op: 'exists', path: '/election/n_0000000000', watch: true })),
        act(300, zkCall('client3', 900004, { op: 'exists', path: '/election/n_0000000001', watch: true })),
      ],
      runFor: 600,
      highlight: [{ view: 'tree', znodes: ['/election/n_0000000000', '/election/n_0000000001', '/election/n_0000000002'] }],
      claims: [
        { label: t('세 후보 노드', 'three candidate nodes'), holds: ({ world }) => P.children(world, '/election').join() === 'n_0000000000,n_0000000001,n_0000000002' },
        { label: t('가장 작은 번호는 client1 것', 'the lowest belongs to client1'), holds: ownedBy('/election/n_0000000000', 'client1') },
        { label: t('n_0000000002는 client3 것', 'n_0000000002 belongs to client3'), holds: ownedBy('/election/n_0000000002', 'client3') },
      ],
    },
    {
      id: 'failover',
      kind: 'try',
      narration: t(
        '리더가 떠나면 어떻게 될까요? client1의 세션을 닫아 봅시다(프로세스가 죽으면 세션 타임아웃 뒤에 똑같은 일이 일어납니다).',
        'What happens when the leader leaves? Close client1\'s session (if the process died, the same would happen after the session timeout).',
      ),
      task: t('콘솔에서 close 를 실행해 client1의 세션을 닫으세요.', 'Run close in the console to close client1\'s session.'),
      solution: [cli(0, 'close')],
      success: and(({ world }) => !P.exists(world, '/election/n_0000000000'), gotEvent('client2', 'NodeDeleted', '/election/n_0000000000')),
      withinMs: 5_000,
      claims: [
        { label: t('client2만 알림을 받음', 'only client2 is notified'), holds: gotEvent('client2', 'NodeDeleted', '/election/n_0000000000') },
        { label: t('client3은 알림 없음(무리 효과 없음)', 'client3 hears nothing (no herd effect)'), holds: not(gotEvent('client3', 'NodeDeleted')) },
        { label: t('이제 가장 작은 번호는 client2 것', 'the lowest now belongs to client2'), holds: ownedBy('/election/n_0000000001', 'client2') },
      ],
    },
    {
      id: 'wrap',
      kind: 'narrate',
      narration: t(
        'client2는 알림을 받고 /election 의 자식을 다시 읽어, 자기 노드가 가장 작다는 것을 확인한 뒤 리더가 됩니다(알림만 믿지 말고 항상 다시 확인합니다). client3은 깨어날 필요가 없었습니다. 모두가 리더 노드 하나를 감시했다면 리더가 바뀔 때마다 모든 후보가 한꺼번에 깨어나 주키퍼에 몰려듭니다 — 이것이 무리 효과(herd effect)입니다.',
        'client2, notified, lists /election again, sees its node is now the lowest, and becomes leader (never trust the event alone — re-check). client3 never had to wake up. Had everyone watched the leader\'s node, every change would wake every candidate at once and they would all hit ZooKeeper together — the herd effect.',
      ),
    },
  ],
  quiz: [
    question(
      'which',
      t('리더 선출 레시피에서 후보 노드는 어떤 종류여야 하나요?', 'In the election recipe, what kind of node does a candidate create?'),
      [
        choice('es', t('일시 + 순차', 'Ephemeral + sequential'), t('맞습니다. 순차 번호로 순서를, 일시 노드로 죽은 후보의 자동 정리를 얻습니다.', 'Right: the sequence gives the order, the ephemeral part removes dead candidates automatically.')),
        choice('ps', t('영구 + 순차', 'Persistent + sequential'), t('아닙니다. 리더가 죽어도 노드가 남아 선출이 멈춥니다.', 'No. A dead leader\'s node would stay and the election would stall.')),
        choice('e', t('일시 노드 하나(/leader)를 먼저 만드는 쪽', 'One ephemeral /leader node, first come first served'), t('동작은 하지만, 리더가 바뀔 때 모든 후보가 깨어나 경쟁합니다(무리 효과). 순서도 공정하지 않습니다.', 'It works, but every change wakes every candidate to race again (herd effect), and there is no fair order.')),
      ],
      ['es'],
    ),
    question(
      'watch-whom',
      t('후보 n_0000000007은 무엇을 감시해야 하나요? (살아 있는 노드: ...03, ...05, ...07)', 'Candidate n_0000000007 should watch what? (live nodes: ...03, ...05, ...07)'),
      [
        choice('05', t('n_0000000005 (바로 앞)', 'n_0000000005 (just before it)'), t('맞습니다. 번호가 연속이 아니어도 "살아 있는 바로 앞"입니다.', 'Right — the live node just before it, even if numbers are not consecutive.')),
        choice('03', t('n_0000000003 (리더)', 'n_0000000003 (the leader)'), t('아닙니다. 모두가 리더를 감시하면 무리 효과가 생깁니다.', 'No. Everyone watching the leader causes the herd effect.')),
        choice('06', t('n_0000000006', 'n_0000000006'), t('아닙니다. 그 노드는 이미 없습니다. 없는 노드를 exists로 감시하면 생성 알림을 기다리게 될 뿐입니다.', 'No. It is gone; an exists watch on it would only wait for a creation.')),
      ],
      ['05'],
    ),
  ],
};

export const recipesLock: Lesson = {
  id: 'zk-recipes-lock-barrier-queue',
  title: t('레시피 2: 큐, 배리어, 무리 효과 없는 락', 'Recipes 2: queue, barrier, and a lock without herd effect'),
  summary: t(
    '순차 노드로 큐를, 노드 하나의 삭제로 배리어를, 일시+순차 노드로 락을 만듭니다. 멈춘 클라이언트가 쥔 락은 세션 만료로 풀립니다 — 그리고 그 클라이언트는 그 사실을 늦게 압니다.',
    'Sequential nodes make a queue, deleting one node opens a barrier, ephemeral sequential nodes make a lock. A lock held by a frozen client is released by session expiry — and that client learns it late.',
  ),
  level: 'intermediate',
  scenario: { config: { zk: THREE_CLIENTS }, seed: 3 },
  steps: [
    {
      id: 'setup',
      kind: 'narrate',
      narration: t('client1~3이 각각 zk1~3에 연결합니다.', 'client1–3 connect to zk1–3.'),
      actions: connectAll,
      runFor: 3000,
      waitFor: { label: t('모두 연결됨', 'all connected'), until: and(allServe(3), connected('client1', 'client2', 'client3')), withinMs: 10_000 },
      claims: [{ label: t('client1~3이 zk1~3에 연결', 'client1–3 are on zk1–3'), holds: and(connectedTo('client1', 'zk1'), connectedTo('client2', 'zk2'), connectedTo('client3', 'zk3')) }],
    },
    {
      id: 'queue',
      kind: 'narrate',
      narration: t(
        '큐: 생산자는 create -s /queue/item- 로 항목을 넣습니다. 번호가 순서입니다. 소비자는 자식 목록을 읽고 가장 작은 번호를 가져가며 지웁니다. 두 소비자가 같은 항목을 동시에 지우려 하면 하나만 성공하고, 다른 하나는 NoNode를 받아 다음 항목으로 넘어갑니다. 여기서는 client1이 item-0000000000 을 먼저 지웠고, client2의 삭제는 NoNode로 끝났습니다.',
        'Queue: producers add items with create -s /queue/item-; the number is the order. A consumer lists the children, takes the lowest and deletes it. If two consumers delete the same item, only one succeeds; the other gets NoNode and moves on to the next. Here client1 deleted item-0000000000 first and client2\'s delete ended with NoNode.',
      ),
      actions: [
        cli(0, 'create /queue'),
        cli(0, 'create -s /queue/item- job-a'),
        cli(0, 'create -s /queue/item- job-b'),
        cli(0, 'ls /queue'),
        cli(0, 'get /queue/item-0000000000'),
        cli(0, 'delete /queue/item-0000000000'),
        act(0, zkCall('client2', 900002, { op: 'delete', path: '/queue/item-0000000000', version: -1 })),
      ],
      runFor: 300,
      highlight: [{ view: 'tree', znodes: ['/queue'] }],
      claims: [
        { label: t('두 항목이 순서대로', 'two items in order'), holds: printedLine('[item-0000000000, item-0000000001]') },
        { label: t('client1이 job-a를 가져감', 'client1 took job-a'), holds: printedLine('job-a') },
        { label: t('client2는 NoNode', 'client2 got NoNode'), holds: replied('client2', 900002, 'NoNode') },
        { label: t('item-0000000001만 남음', 'only item-0000000001 is left'), holds: ({ world }) => P.children(world, '/queue').join() === 'item-0000000001' },
      ],
    },
    {
      id: 'barrier-wait',
      kind: 'narrate',
      narration: t(
        '배리어: 노드 /barrier 가 있는 동안 작업자들은 기다립니다. client2와 client3은 exists 와치를 걸고 대기합니다.',
        'Barrier: while /barrier exists, workers wait. client2 and client3 set exists watches on it and wait.',
      ),
      actions: [
        cli(0, 'create /barrier'),
        act(100, zkCall('client2', 900003, { op: 'exists', path: '/barrier', watch: true })),
        act(100, zkCall('client3', 900003, { op: 'exists', path: '/barrier', watch: true })),
      ],
      runFor: 300,
      claims: [{ label: t('둘 다 대기 중(와치 등록)', 'both waiting (watch set)'), holds: and(replied('client2', 900003, 'OK'), replied('client3', 900003, 'OK')) }],
    },
    {
      id: 'barrier-open',
      kind: 'try',
      narration: t('이제 배리어를 열 차례입니다.', 'Time to open the barrier.'),
      task: t('client1 콘솔에서 /barrier 를 지우세요.', 'Delete /barrier from client1\'s console.'),
      hint: t('delete /barrier', 'delete /barrier'),
      solution: [cli(0, 'delete /barrier')],
      success: and(gotEvent('client2', 'NodeDeleted', '/barrier'), gotEvent('client3', 'NodeDeleted', '/barrier')),
      withinMs: 2_000,
      claims: [{ label: t('두 작업자 모두 NodeDeleted', 'both workers got NodeDeleted'), holds: and(gotEvent('client2', 'NodeDeleted', '/barrier'), gotEvent('client3', 'NodeDeleted', '/barrier')) }],
    },
    {
      id: 'lock',
      kind: 'narrate',
      narration: t(
        '락: 각 클라이언트가 create -e -s /lock/lock- 를 만들고, 가장 작은 번호의 주인이 락을 쥡니다. 나머지는 바로 앞 번호만 감시합니다(선출 레시피와 같은 구조라 무리 효과가 없습니다). client1이 lock-0000000000을 쥐었고, client2는 ...0000을, client3은 ...0001을 감시합니다.',
        'Lock: every client creates create -e -s /lock/lock-; the owner of the lowest number holds the lock. The others watch only the node just before theirs (the same shape as the election recipe, so no herd effect). client1 holds lock-0000000000; client2 watches ...0000, client3 watches ...0001.',
      ),
      actions: [
        cli(0, 'create /lock'),
        cli(0, 'create -e -s /lock/lock- client1'),
        act(100, zkCall('client2', 900004, { op: 'create', path: '/lock/lock-', data: 'client2', mode: 'EPHEMERAL_SEQUENTIAL' })),
        act(200, zkCall('client3', 900004, { op: 'create', path: '/lock/lock-', data: 'client3', mode: 'EPHEMERAL_SEQUENTIAL' })),
        act(300, zkCall('client2', 900005, { op: 'exists', path: '/lock/lock-0000000000', watch: true })),
        act(300, zkCall('client3', 900005, { op: 'exists', path: '/lock/lock-0000000001', watch: true })),
      ],
      runFor: 600,
      highlight: [{ view: 'tree', znodes: ['/lock'] }],
      claims: [{ label: t('client1이 락 보유', 'client1 holds the lock'), holds: ownedBy('/lock/lock-0000000000', 'client1') }],
    },
    {
      id: 'gc-pause',
      kind: 'try',
      narration: t(
        '락을 쥔 client1이 세션 타임아웃(30초)보다 긴 GC 멈춤에 빠지면 어떻게 될까요? 예측해 보고 실행하세요.',
        'What if client1, holding the lock, freezes in a GC pause longer than its 30 s session timeout? Predict, then do it.',
      ),
      task: t('client1을 멈추세요(pause client1).', 'Pause client1 (pause client1).'),
      solution: [act(0, { type: 'pause', node: 'client1' })],
      success: and(({ world }) => !P.exists(world, '/lock/lock-0000000000'), gotEvent('client2', 'NodeDeleted', '/lock/lock-0000000000')),
      withinMs: 45_000,
      claims: [
        { label: t('락이 client2에게 넘어감', 'the lock passed to client2'), holds: ownedBy('/lock/lock-0000000001', 'client2') },
        { label: t('client3은 깨지 않음', 'client3 did not wake up'), holds: not(gotEvent('client3', 'NodeDeleted', '/lock/lock-0000000001')) },
      ],
    },
    {
      id: 'zombie',
      kind: 'narrate',
      narration: t(
        '세션이 만료되어 client1의 락 노드가 지워졌고, client2가 락을 얻었습니다. 그런데 client1이 깨어나면, 다시 연결해서 Expired를 받기 전까지는 자기가 아직 락을 쥐고 있다고 믿습니다. 그 사이에 공유 자원에 쓰면 두 명이 동시에 "락 보유자"처럼 행동합니다. 그래서 락으로 보호하는 자원은 펜싱 토큰(예: 락 노드의 순차 번호나 zxid)을 함께 검사해 오래된 보유자의 쓰기를 거절해야 합니다. 주키퍼 락은 "한 시점에 한 세션"만 보장하지, 멈춘 프로세스가 그것을 알아차리게 하지는 못합니다.',
        'The session expired, client1\'s lock node was deleted, and client2 took the lock. But when client1 wakes up it still believes it holds the lock until it reconnects and hears Expired. If it writes to the shared resource meanwhile, two clients act as "the lock holder" at once. So a resource guarded by a lock must also check a fencing token (e.g. the lock node\'s sequence number or zxid) and reject writes from an old holder. A ZooKeeper lock guarantees "one session at a time"; it cannot make a frozen process notice.',
      ),
      actions: [act(0, { type: 'resume', node: 'client1' })],
      waitFor: { label: t('client1이 Expired를 받음', 'client1 receives Expired'), until: gotState('client1', 'Expired'), withinMs: 20_000 },
      claims: [{ label: t('client1 세션 만료', "client1's session expired"), holds: gotState('client1', 'Expired') }],
    },
  ],
  quiz: [
    question(
      'herd',
      t('무리 효과(herd effect)를 피하는 락에서 대기자는 무엇을 감시하나요?', 'In a lock without herd effect, what does a waiter watch?'),
      [
        choice('prev', t('자기 바로 앞 번호의 노드', 'The node just before its own'), t('맞습니다. 락이 풀릴 때 깨는 클라이언트는 한 명뿐입니다.', 'Right. Only one client wakes when the lock is released.')),
        choice('parent', t('/lock 의 자식 목록', 'The children of /lock'), t('아닙니다. 변경마다 모든 대기자가 깨어납니다.', 'No. Every change wakes every waiter.')),
        choice('holder', t('현재 락 보유자 노드', "The current holder's node"), t('아닙니다. 보유자가 바뀔 때마다 모두가 깨어납니다.', 'No. Everyone wakes whenever the holder changes.')),
      ],
      ['prev'],
    ),
    question(
      'zombie',
      t('락을 쥔 클라이언트가 세션 타임아웃보다 길게 멈췄다 깨어났습니다. 맞는 설명을 모두 고르세요.', 'A lock holder froze for longer than its session timeout and woke up. Pick all that are true.'),
      [
        choice('released', t('락 노드는 이미 지워졌고 다른 클라이언트가 락을 가졌을 수 있다', 'Its lock node is gone and another client may hold the lock'), t('맞습니다.', 'Right.')),
        choice('knows', t('깨어나는 즉시 자기 락이 없어진 것을 안다', 'It knows immediately on waking that it lost the lock'), t('아닙니다. 다시 연결해서 Expired를 받을 때 비로소 압니다.', 'No. It learns only when it reconnects and gets Expired.')),
        choice('fence', t('보호되는 자원은 펜싱 토큰으로 오래된 보유자의 쓰기를 막아야 한다', 'The guarded resource should reject an old holder with a fencing token'), t('맞습니다.', 'Right.')),
      ],
      ['released', 'fence'],
    ),
  ],
};
