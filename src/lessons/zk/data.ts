/**
 * ZooKeeper lessons 5–6: znode types and sessions, watches.
 */
import * as P from '../probe';
import { act, allServe, and, choice, cli, connected, connectedTo, connectTo, consoleEvents, gotState, printedLine, question, replied, t, zkCall } from '../helpers';
import type { Lesson } from '../types';

const MANUAL = { servers: 3, clients: 2, clientsAutoConnect: false } as const;

export const znodesSessions: Lesson = {
  id: 'zk-znodes-sessions',
  title: t('지노드 종류, 세션, 사라지는 일시 노드', 'Znode types, sessions, and ephemeral nodes that vanish'),
  summary: t(
    '영구 노드, 순차 노드, 일시 노드의 차이와, 세션이 만료되면 그 세션의 일시 노드가 한 번에 지워지는 과정을 봅니다.',
    'Persistent, sequential and ephemeral znodes, and how every ephemeral node of a session is deleted at once when the session expires.',
  ),
  level: 'basic',
  scenario: { config: { zk: MANUAL }, seed: 1 },
  steps: [
    {
      id: 'setup',
      kind: 'narrate',
      narration: t(
        '주키퍼의 데이터는 파일 시스템처럼 경로로 된 트리이고, 각 노드를 지노드(znode)라고 부릅니다. 지노드는 작은 데이터(최대 약 1MB, 보통 훨씬 작게)와 자식을 가질 수 있습니다. 트리 전체가 각 서버의 메모리에 있고, 트랜잭션 로그와 스냅샷으로 디스크에 남습니다. client1은 zk1에, client2는 zk2에 연결합니다.',
        'ZooKeeper data is a tree of paths, like a file system; each node is a znode. A znode holds a little data (at most about 1 MB, usually far less) and may have children. The whole tree lives in every server\'s memory and is kept on disk as a transaction log and snapshots. client1 connects to zk1, client2 to zk2.',
      ),
      actions: [act(1000, connectTo('client1', 'zk1', 900001)), act(1000, connectTo('client2', 'zk2', 900001))],
      runFor: 3000,
      waitFor: { label: t('연결됨', 'connected'), until: and(allServe(3), connected('client1', 'client2')), withinMs: 10_000 },
      highlight: [{ view: 'tree' }],
      claims: [{ label: t('client1은 zk1, client2는 zk2에 연결', 'client1 is on zk1, client2 on zk2'), holds: and(connectedTo('client1', 'zk1'), connectedTo('client2', 'zk2')) }],
    },
    {
      id: 'persistent-sequential',
      kind: 'narrate',
      narration: t(
        '영구(persistent) 노드 /app 을 만들고, 그 아래에 순차(sequential) 노드 두 개를 만듭니다. 순차 노드는 이름 뒤에 부모가 매기는 10자리 번호가 붙습니다: job-0000000000, job-0000000001. 번호는 늘기만 하고 재사용되지 않아서 순서(큐, 락, 선출)를 정하는 데 씁니다.',
        'Create the persistent node /app and two sequential children under it. A sequential node gets a 10-digit number from its parent appended: job-0000000000, job-0000000001. The numbers only go up and are never reused, which is what queues, locks and elections use for ordering.',
      ),
      actions: [cli(0, 'create /app config'), cli(0, 'create -s /app/job- a'), cli(0, 'create -s /app/job- b'), cli(0, 'ls /app')],
      highlight: [{ view: 'tree', znodes: ['/app', '/app/job-0000000000', '/app/job-0000000001'] }],
      claims: [
        { label: t('job-0000000000 생성', 'job-0000000000 created'), holds: printedLine('Created /app/job-0000000000') },
        { label: t('job-0000000001 생성', 'job-0000000001 created'), holds: printedLine('Created /app/job-0000000001') },
        { label: t('ls가 두 자식을 보여 줌', 'ls shows both children'), holds: printedLine('[job-0000000000, job-0000000001]') },
      ],
    },
    {
      id: 'ephemeral',
      kind: 'narrate',
      narration: t(
        'client2(작업자 프로그램)가 일시(ephemeral) 노드 /app/worker-2 를 만듭니다. 일시 노드는 만든 세션이 살아 있는 동안만 존재하고, ephemeralOwner에 세션 id가 기록됩니다. 일시 노드는 자식을 가질 수 없습니다. 세션은 연결과 다릅니다: 클라이언트가 다른 서버로 옮겨도 세션은 유지됩니다.',
        'client2 (a worker program) creates the ephemeral node /app/worker-2. An ephemeral node exists only while the session that created it lives; its ephemeralOwner holds the session id. Ephemeral nodes cannot have children. A session is not a connection: it survives the client moving to another server.',
      ),
      actions: [act(0, zkCall('client2', 900002, { op: 'create', path: '/app/worker-2', data: 'busy', mode: 'EPHEMERAL' })), cli(200, 'stat /app/worker-2')],
      highlight: [{ view: 'tree', znodes: ['/app/worker-2'] }, { view: 'cluster', nodes: ['client2'] }],
      claims: [
        { label: t('일시 노드 존재', 'the ephemeral node exists'), holds: ({ world }) => P.exists(world, '/app/worker-2') },
        { label: t('ephemeralOwner = client2의 세션', "ephemeralOwner = client2's session"), holds: ({ world }) => P.ephemeralOwner(world, '/app/worker-2') === P.clientSession(world, 'client2') },
      ],
    },
    {
      id: 'pause',
      kind: 'try',
      narration: t(
        '세션 타임아웃은 30초로 협상되었습니다. 클라이언트는 조용할 때 약 10초(1/3)마다 핑을 보내 세션을 살려 둡니다. 이제 작업자가 긴 GC 멈춤에 빠진 것처럼 client2를 멈춰 봅시다.',
        'The session timeout was negotiated at 30 s. When idle, the client pings about every 10 s (1/3) to keep the session alive. Now freeze client2 as if the worker hit a long GC pause.',
      ),
      task: t('client2를 멈추고(pause client2) 일시 노드가 사라질 때까지 지켜보세요.', 'Pause client2 (pause client2) and watch until its ephemeral node disappears.'),
      hint: t('콘솔: pause client2 — 그리고 재생을 계속하세요.', 'Console: pause client2 — then keep playing.'),
      solution: [cli(0, 'pause client2')],
      success: ({ world }) => !P.exists(world, '/app/worker-2'),
      withinMs: 45_000,
      highlight: [{ view: 'tree', znodes: ['/app/worker-2'] }],
      claims: [
        { label: t('일시 노드가 삭제됨', 'the ephemeral node is gone'), holds: ({ world }) => !P.exists(world, '/app/worker-2') },
        { label: t('영구·순차 노드는 그대로', 'persistent and sequential nodes remain'), holds: ({ world }) => P.exists(world, '/app/job-0000000001') },
      ],
    },
    {
      id: 'expired',
      kind: 'narrate',
      narration: t(
        '핑이 끊기자 30초 뒤(tickTime 단위로 반올림) 리더가 세션을 만료시키고 closeSession 트랜잭션을 커밋했습니다. 이 트랜잭션 하나가 그 세션의 모든 일시 노드를 같은 zxid로 지웁니다 — 다른 서버들은 이것으로 "작업자가 죽었다"를 압니다. 세션 만료는 리더만 결정합니다. 이제 client2를 깨웁니다: 클라이언트는 다시 연결할 때에야 Expired를 알게 되고, 그 세션은 끝납니다. 새로 시작하려면 새 세션이 필요합니다.',
        'With no pings, after 30 s (rounded to tickTime) the leader expired the session and committed a closeSession transaction. That one transaction deletes every ephemeral node of the session at one zxid — which is how the others learn "the worker is dead". Only the leader decides expiry. Now wake client2: a client learns Expired only when it reconnects, and that session is over; it needs a new session to continue.',
      ),
      actions: [act(0, { type: 'resume', node: 'client2' })],
      waitFor: { label: t('client2가 Expired를 받음', 'client2 receives Expired'), until: gotState('client2', 'Expired'), withinMs: 20_000 },
      claims: [{ label: t('client2 세션 만료', "client2's session expired"), holds: gotState('client2', 'Expired') }],
    },
  ],
  quiz: [
    question(
      'eph-when',
      t('일시 노드는 언제 지워지나요?', 'When is an ephemeral node deleted?'),
      [
        choice('tcp', t('TCP 연결이 끊기는 즉시', 'As soon as the TCP connection drops'), t('아닙니다. 연결이 끊겨도 세션 타임아웃 안에 다른 서버로 다시 붙으면 세션과 노드가 유지됩니다.', 'No. If the client reconnects to another server within the session timeout, the session and its nodes survive.')),
        choice('expire', t('세션이 만료되거나 명시적으로 닫힐 때', 'When its session expires or is closed explicitly'), t('맞습니다. closeSession 트랜잭션이 한 번에 지웁니다.', 'Right. The closeSession transaction deletes them all at once.')),
        choice('never', t('직접 delete 해야만', 'Only by an explicit delete'), t('그건 영구 노드입니다.', 'That is a persistent node.')),
      ],
      ['expire'],
    ),
    question(
      'seq',
      t('/q 아래에 create -s /q/item- 를 세 번 하면 세 번째 노드의 이름은? (/q는 비어 있던 새 노드)', 'create -s /q/item- three times under a fresh, empty /q. The third node is named?'),
      [
        choice('2', t('/q/item-0000000002', '/q/item-0000000002'), t('맞습니다. 번호는 0부터 시작하는 10자리입니다.', 'Right. Numbers are 10 digits starting at 0.')),
        choice('3', t('/q/item-0000000003', '/q/item-0000000003'), t('아닙니다. 첫 번째가 0000000000입니다.', 'No. The first one is 0000000000.')),
        choice('3s', t('/q/item-3', '/q/item-3'), t('아닙니다. 항상 0으로 채운 10자리입니다.', 'No. It is always zero-padded to 10 digits.')),
      ],
      ['2'],
    ),
    question(
      'children',
      t('일시 노드 아래에 자식을 만들 수 있나요?', 'Can an ephemeral node have children?'),
      [
        choice('yes', t('예', 'Yes'), t('아닙니다. "Ephemerals cannot have children" 오류가 납니다.', 'No: "Ephemerals cannot have children".')),
        choice('no', t('아니요', 'No'), t('맞습니다.', 'Right.')),
      ],
      ['no'],
    ),
  ],
};

export const watches: Lesson = {
  id: 'zk-watches',
  title: t('와치: 한 번만 울리는 알림', 'Watches: one-time notifications'),
  summary: t(
    '와치는 데이터가 바뀌면 한 번 알려 줍니다. 다시 받으려면 다시 등록해야 하고, 이벤트는 새 데이터보다 먼저 도착합니다.',
    'A watch tells you once that data changed. To hear again you register again, and the event arrives before you can see the new data.',
  ),
  level: 'basic',
  scenario: { config: { zk: MANUAL }, seed: 1 },
  steps: [
    {
      id: 'setup',
      kind: 'narrate',
      narration: t(
        '설정 관리의 핵심은 와치(감시자)입니다. 폴링하지 않아도 바뀌면 알려 줍니다. client1(설정을 읽는 서비스)은 zk1에, client2(관리자)는 zk2에 연결하고, 설정 노드 /cfg 를 만듭니다.',
        'Watches are the heart of configuration management: you are told about a change without polling. client1 (a service reading configuration) connects to zk1, client2 (an operator) to zk2, and we create the configuration node /cfg.',
      ),
      actions: [act(1000, connectTo('client1', 'zk1', 900001)), act(1000, connectTo('client2', 'zk2', 900001)), cli(3500, 'create /cfg v1')],
      runFor: 3000,
      claims: [
        { label: t('/cfg 생성', '/cfg created'), holds: printedLine('Created /cfg') },
        { label: t('client1은 zk1, client2는 zk2에 연결', 'client1 is on zk1, client2 on zk2'), holds: and(connectedTo('client1', 'zk1'), connectedTo('client2', 'zk2')) },
      ],
    },
    {
      id: 'watch',
      kind: 'narrate',
      narration: t(
        'client1이 get -w /cfg 로 값을 읽으면서 데이터 와치를 겁니다. 그다음 client2가 값을 v2로 바꿉니다. client1의 콘솔에 NodeDataChanged 이벤트가 찍힙니다. 이벤트에는 새 값이 들어 있지 않습니다: "바뀌었다"는 사실만 알려 주고, 클라이언트는 이벤트를 먼저 본 뒤에야 새 데이터를 읽을 수 있습니다.',
        'client1 reads with get -w /cfg, setting a data watch. Then client2 changes the value to v2. client1\'s console prints a NodeDataChanged event. The event carries no value: it only says "it changed", and the client sees the event before it can see the new data.',
      ),
      actions: [cli(0, 'get -w /cfg'), act(100, zkCall('client2', 900002, { op: 'setData', path: '/cfg', data: 'v2', version: -1 }))],
      runFor: 500,
      highlight: [{ view: 'console' }, { view: 'tree', znodes: ['/cfg'] }],
      claims: [{ label: t('NodeDataChanged 한 번', 'one NodeDataChanged'), holds: (ctx) => consoleEvents(ctx, 'NodeDataChanged', '/cfg') === 1 }],
    },
    {
      id: 'once',
      kind: 'narrate',
      narration: t(
        'client2가 한 번 더 바꿉니다(v3). 이번에는 아무 알림도 오지 않습니다. 표준 와치는 한 번 울리면 사라지는 일회성입니다. 그 사이의 변경을 놓칠 수 있으므로, 다시 읽으면서 다시 거는 것이 정석입니다.',
        'client2 changes it again (v3). This time nothing arrives: a standard watch fires once and is gone. Changes in between can be missed, so the pattern is to read again and re-register in the same call.',
      ),
      actions: [act(0, zkCall('client2', 900003, { op: 'setData', path: '/cfg', data: 'v3', version: -1 }))],
      runFor: 500,
      claims: [
        { label: t('여전히 한 번뿐', 'still only one event'), holds: (ctx) => consoleEvents(ctx, 'NodeDataChanged', '/cfg') === 1 },
        { label: t('값은 v3', 'the value is v3'), holds: ({ world }) => P.data(world, '/cfg') === 'v3' },
      ],
    },
    {
      id: 'rearm',
      kind: 'try',
      narration: t('다시 알림을 받으려면 어떻게 해야 할까요?', 'How do you get notified again?'),
      task: t('get -w /cfg 로 다시 읽으며 와치를 걸고, set /cfg v4 로 바꿔 보세요.', 'Read again with get -w /cfg (re-arming the watch), then change it with set /cfg v4.'),
      hint: t('와치를 건 클라이언트가 스스로 바꿔도 알림을 받습니다.', 'The client that set the watch is notified even of its own change.'),
      solution: [cli(0, 'get -w /cfg'), cli(0, 'set /cfg v4')],
      success: (ctx) => consoleEvents(ctx, 'NodeDataChanged', '/cfg') >= 2,
      withinMs: 5_000,
      claims: [
        { label: t('get이 v3를 읽음', 'get read v3'), holds: printedLine('v3') },
        { label: t('두 번째 알림 도착', 'a second notification arrived'), holds: (ctx) => consoleEvents(ctx, 'NodeDataChanged', '/cfg') === 2 },
      ],
    },
    {
      id: 'exists',
      kind: 'narrate',
      narration: t(
        '아직 없는 노드도 감시할 수 있습니다: stat -w /feature 는 "Node does not exist"라고 답하지만 와치는 등록됩니다(exists 와치). client2가 /feature 를 만들면 NodeCreated가 옵니다. 반면 get -w 나 ls -w 는 없는 노드에 와치를 걸지 않습니다.',
        'You can even watch a node that does not exist yet: stat -w /feature answers "Node does not exist" but registers a watch (an exists watch). When client2 creates /feature, NodeCreated arrives. get -w and ls -w, in contrast, set nothing on a missing node.',
      ),
      actions: [cli(0, 'stat -w /feature'), act(100, zkCall('client2', 900004, { op: 'create', path: '/feature', data: 'on', mode: 'PERSISTENT' }))],
      runFor: 500,
      claims: [
        { label: t('Node does not exist', 'Node does not exist'), holds: printedLine('Node does not exist: /feature') },
        { label: t('NodeCreated 도착', 'NodeCreated arrived'), holds: (ctx) => consoleEvents(ctx, 'NodeCreated', '/feature') === 1 },
        { label: t('client2의 생성 성공', "client2's create succeeded"), holds: replied('client2', 900004, 'OK') },
      ],
    },
  ],
  quiz: [
    question(
      'once',
      t('get -w /a 뒤에 /a가 세 번 바뀌면 알림은 몇 번 오나요?', 'After get -w /a, /a changes three times. How many notifications?'),
      [
        choice('1', t('1번', '1'), t('맞습니다. 표준 와치는 일회성입니다.', 'Right. Standard watches are one-time.')),
        choice('3', t('3번', '3'), t('아닙니다. 계속 받으려면 매번 다시 걸거나 addWatch(영구 와치)를 써야 합니다.', 'No. Re-register each time, or use addWatch (a persistent watch).')),
      ],
      ['1'],
    ),
    question(
      'content',
      t('NodeDataChanged 이벤트에 새 값이 들어 있나요?', 'Does a NodeDataChanged event carry the new value?'),
      [
        choice('yes', t('예', 'Yes'), t('아닙니다. 경로와 종류만 있습니다. 새 값은 다시 읽어야 합니다.', 'No. Only the path and the type; read again for the value.')),
        choice('no', t('아니요, 다시 읽어야 한다', 'No, read it again'), t('맞습니다. 그리고 이벤트가 새 데이터보다 먼저 보입니다.', 'Right, and the event is seen before the new data.')),
      ],
      ['no'],
    ),
    question(
      'missing',
      t('아직 없는 노드가 만들어지는 것을 알고 싶습니다. 어떤 호출로 와치를 거나요?', 'You want to know when a missing node is created. Which call sets the watch?'),
      [
        choice('exists', t('exists (zkCli: stat -w)', 'exists (zkCli: stat -w)'), t('맞습니다.', 'Right.')),
        choice('get', t('getData (get -w)', 'getData (get -w)'), t('아닙니다. 없는 노드에 getData는 NoNode로 끝나고 와치를 남기지 않습니다.', 'No. getData on a missing node fails with NoNode and leaves no watch.')),
      ],
      ['exists'],
    ),
  ],
};
