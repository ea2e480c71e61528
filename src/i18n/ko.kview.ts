/** 카프카 컨슈머 그룹·세그먼트 파일 보기의 한국어 문구. */
import type { enKview } from './en.kview';

type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const koKview: Widen<typeof enKview> = {
  modes: {
    label: '카프카 보기',
    partitions: '파티션',
    groups: '컨슈머 그룹',
    files: '세그먼트 파일',
  },
  groups: {
    none: '아직 컨슈머 그룹이 없습니다. --group 으로 컨슈머를 시작하거나 컨슈머가 있는 워크로드를 쓰세요.',
    title: '그룹 {{group}}',
    meta: '상태 {{state}} · 제너레이션 {{generation}} · 할당 전략 {{protocol}} · 코디네이터 {{coordinator}} (__consumer_offsets-{{p}})',
    noCoordinator: '코디네이터 없음',
    members: '멤버',
    member: '멤버',
    client: '클라이언트',
    node: '노드',
    assigned: '파티션',
    idle: '유휴(파티션 없음)',
    leader: '그룹 리더',
    partition: '파티션',
    owner: '할당된 멤버',
    committed: '커밋된 오프셋',
    logEnd: '로그 끝 오프셋',
    lag: '랙(lag)',
    unassigned: '–',
    explain: '코디네이터는 그룹의 __consumer_offsets 파티션을 이끄는 리더 브로커입니다. 랙 = 로그 끝 오프셋(하이 워터마크) − 커밋된 오프셋. 파티션 수보다 많은 컨슈머는 유휴 상태로 남습니다.',
  },
  files: {
    broker: '브로커',
    partition: '파티션',
    pick: '브로커와 그 브로커가 가진 파티션을 고르세요.',
    none: '{{node}}에는 로그 디렉터리 {{tp}}가 없습니다.',
    dir: '{{node}}:/var/lib/kafka/data/{{tp}}',
    fromDisk: '브로커가 다운: 디스크에서 파일을 읽었습니다',
    summary: '로그 시작 오프셋 {{logStart}} · HW {{hw}} · LEO {{leo}}',
    leaderReplica: '리더 레플리카',
    followerReplica: '팔로워 레플리카',
    file: '파일',
    size: '크기',
    records: '레코드',
    base: '기준 오프셋',
    active: '활성',
    cleaned: '컴팩션됨',
    bytes: '{{n}} B',
    explain: '세그먼트 이름은 첫 오프셋(20자리)입니다. 마지막(활성) 세그먼트에만 씁니다. 보존 정책은 오래된 세그먼트를 통째로만 지우고 하이 워터마크를 넘지 않으므로 로그 시작 오프셋이 앞으로 나아갑니다.',
  },
};
