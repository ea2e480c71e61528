/**
 * The quorum-math explorer: pick n voting servers (and observers), mark servers down, split the rest into
 * partition groups, and ask each side: can it elect a leader, accept writes, serve reads — and why.
 *
 * The rules (ZooKeeper 3.8 `QuorumMaj`): a quorum is a STRICT majority of the voting members
 * (`count > voters / 2`), counted over the configured voters, not over the servers that are still up.
 * Observers never vote: they neither help elect nor count toward a commit, but they forward writes to the
 * leader and serve reads when they are connected to one. A server cut off from the leader keeps answering
 * reads from its local copy (possibly stale) until it notices — a follower after syncLimit × tickTime of
 * silence, the leader at its next tick check — and then stops serving until a new leader is established.
 * (Read-only mode, `readonlymode.enabled`, is off by default and not modelled.)
 *
 * Pure and deterministic: the quiz generator uses its own seeded generator.
 */
import type { Choice, L10n, Question } from './types';

export interface QuorumInput {
  /** Voting servers, numbered 1…voters. 1 = standalone. */
  voters: number;
  /** Observers, numbered voters+1…voters+observers (ignored in standalone mode, like ZooKeeper). */
  observers?: number;
  /** Crashed servers (numbers). */
  down?: number[];
  /**
   * Network partition: groups of server numbers that can talk within the group only. Up servers not listed
   * form one more group together. Empty or missing: no partition.
   */
  groups?: number[][];
  /** The leader before the fault (to tell who serves stale reads until it notices). Default: the highest voter that is up. */
  leader?: number;
}

export type ReadAnswer = 'fresh' | 'stale-until-noticed' | 'none';

export interface SideAnalysis {
  /** Up servers on this side, sorted. */
  servers: number[];
  voters: number[];
  observers: number[];
  /** Votes needed (strict majority of ALL configured voters). */
  quorum: number;
  /** The side has a quorum of voters: it can elect (or keep) a leader. */
  canElect: boolean;
  /** Writes commit (through the leader on this side, which needs a quorum of acks). */
  canWrite: boolean;
  /** After the ensemble has noticed: 'fresh' = served, every read sees committed data after `sync`; 'none' = not served. */
  reads: ReadAnswer;
  /** Servers that answer reads once everything has settled. */
  servingAfter: number[];
  /** Servers that keep answering reads right after the fault, from a copy that may be stale, until they notice. */
  staleUntilNoticed: number[];
  /** The old leader is on this side. */
  hasOldLeader: boolean;
  /** Writes work right away, without a new election (the old leader still has a quorum here). */
  writesWithoutElection: boolean;
  why: L10n[];
}

export interface QuorumAnalysis {
  voters: number;
  observers: number;
  standalone: boolean;
  quorum: number;
  /** How many voter failures the configuration tolerates: ⌊(voters−1)/2⌋. */
  tolerates: number;
  down: number[];
  oldLeader: number | undefined;
  sides: SideAnalysis[];
  /** At most one side can ever have a quorum (any two majorities intersect). */
  sidesWithQuorum: number;
  summary: L10n;
}

export function quorumSize(voters: number): number {
  return Math.floor(voters / 2) + 1;
}

/** Voter failures tolerated: the largest f with voters − f ≥ quorum. */
export function tolerates(voters: number): number {
  return voters < 1 ? 0 : Math.floor((voters - 1) / 2);
}

export function isQuorum(votes: number, voters: number): boolean {
  return votes * 2 > voters;
}

function uniqSorted(xs: readonly number[]): number[] {
  return [...new Set(xs)].sort((a, b) => a - b);
}

export class QuorumInputError extends Error {}

export function validateQuorumInput(input: QuorumInput): void {
  const { voters } = input;
  const observers = input.observers ?? 0;
  if (!Number.isInteger(voters) || voters < 1 || voters > 9) throw new QuorumInputError('voters must be 1–9');
  if (!Number.isInteger(observers) || observers < 0 || observers > 8) throw new QuorumInputError('observers must be 0–8');
  const total = voters + (voters > 1 ? observers : 0);
  const valid = (s: number): boolean => Number.isInteger(s) && s >= 1 && s <= total;
  for (const s of input.down ?? []) if (!valid(s)) throw new QuorumInputError(`no server ${s}`);
  const seen = new Set<number>();
  for (const g of input.groups ?? [])
    for (const s of g) {
      if (!valid(s)) throw new QuorumInputError(`no server ${s}`);
      if (seen.has(s)) throw new QuorumInputError(`server ${s} is in two groups`);
      seen.add(s);
    }
  if (input.leader !== undefined && (!valid(input.leader) || input.leader > voters)) throw new QuorumInputError('the leader must be a voter');
}

const list = (xs: readonly number[]): string => (xs.length ? xs.map((x) => `zk${x}`).join(', ') : '—');

export function analyzeQuorum(input: QuorumInput): QuorumAnalysis {
  validateQuorumInput(input);
  const voters = input.voters;
  const standalone = voters === 1;
  const observers = standalone ? 0 : (input.observers ?? 0);
  const total = voters + observers;
  const all = Array.from({ length: total }, (_, i) => i + 1);
  const isVoter = (s: number): boolean => s <= voters;
  const down = uniqSorted(input.down ?? []);
  const up = all.filter((s) => !down.includes(s));
  const q = quorumSize(voters);
  // the old leader: given, else the highest up voter (what a fresh start elects when all voters start together)
  const oldLeader = input.leader ?? [...up].reverse().find(isVoter);

  // sides: the given groups (up members only), plus the unlisted up servers together
  const listed = new Set((input.groups ?? []).flat());
  const rawSides = (input.groups ?? []).map((g) => uniqSorted(g.filter((s) => up.includes(s))));
  const rest = up.filter((s) => !listed.has(s));
  if (rest.length) rawSides.push(rest);
  const sidesIn = rawSides.filter((s) => s.length > 0);
  if (sidesIn.length === 0) sidesIn.push([]);

  const sides: SideAnalysis[] = sidesIn.map((servers) => {
    const sv = servers.filter(isVoter);
    const so = servers.filter((s) => !isVoter(s));
    const canElect = standalone ? sv.length === 1 : isQuorum(sv.length, voters);
    const hasOldLeader = oldLeader !== undefined && servers.includes(oldLeader) && !down.includes(oldLeader);
    const why: L10n[] = [];
    if (standalone) {
      why.push(
        sv.length
          ? { ko: '서버가 1대뿐인 단독(standalone) 모드: 투표도 쿼럼도 없이 혼자 읽기와 쓰기를 처리합니다. 대신 이 서버가 죽으면 서비스 전체가 멈춥니다.', en: 'One server is standalone mode: no votes and no quorum, it serves reads and writes alone. If it dies, the whole service stops.' }
          : { ko: '단독 서버가 다운되었습니다. 남은 서버가 없으니 아무것도 할 수 없습니다.', en: 'The standalone server is down. Nothing is left to serve.' },
      );
    } else {
      why.push({
        ko: `투표권이 있는 서버는 ${voters}대이므로 쿼럼은 ${q}표(과반: ${q}×2 > ${voters})입니다. 이쪽에는 살아 있는 투표 서버가 ${sv.length}대(${list(sv)}) 있습니다.`,
        en: `There are ${voters} voting servers, so a quorum is ${q} votes (a strict majority: ${q}×2 > ${voters}). This side has ${sv.length} voting server(s) up (${list(sv)}).`,
      });
      if (canElect)
        why.push({
          ko: `${sv.length} ≥ ${q}: 쿼럼이 있으므로 리더를 선출(또는 유지)하고 쓰기를 커밋할 수 있습니다. 쓰기는 리더가 쿼럼(${q}대)의 ACK를 받으면 커밋됩니다 — 모든 서버를 기다리지 않습니다.`,
          en: `${sv.length} ≥ ${q}: with a quorum this side can elect (or keep) a leader and commit writes. A write commits once the leader has ACKs from a quorum (${q}) — it does not wait for every server.`,
        });
      else
        why.push({
          ko: `${sv.length} < ${q}: 쿼럼이 없어 리더를 뽑을 수도, 쓰기를 커밋할 수도 없습니다. 다운된 서버도 분모에 포함됩니다: 쿼럼은 "살아 있는 서버의 과반"이 아니라 "설정된 투표 서버 전체의 과반"입니다.`,
          en: `${sv.length} < ${q}: no quorum, so no leader can be elected and no write can commit. Down servers still count in the denominator: a quorum is a majority of ALL configured voters, not of the servers still up.`,
        });
      if (so.length)
        why.push({
          ko: `옵저버(${list(so)})는 투표하지 않습니다: 선출이나 커밋의 쿼럼에 포함되지 않지만, 쿼럼이 있는 쪽의 리더에 연결되어 있으면 읽기를 처리하고 쓰기를 리더에게 전달합니다.`,
          en: `Observers (${list(so)}) do not vote: they never count toward an election or a commit quorum, but while connected to a leader with a quorum they serve reads and forward writes to it.`,
        });
      if (voters % 2 === 0 && voters > 1)
        why.push({
          ko: `짝수 앙상블: ${voters}대는 ${tolerates(voters)}대 장애까지만 견딥니다 — ${voters - 1}대와 같습니다. 서버를 하나 더 둬도 견딜 수 있는 장애 수는 늘지 않고, 반반으로 갈리면 어느 쪽도 과반이 아닙니다.`,
          en: `Even ensemble: ${voters} servers tolerate only ${tolerates(voters)} failure(s) — the same as ${voters - 1}. The extra server adds no fault tolerance, and an even split leaves neither half with a majority.`,
        });
    }
    const servingAfter = canElect ? servers.slice() : [];
    // right after the fault every up server that was serving keeps answering reads from its local copy until
    // it notices; on a side that keeps (or gets) a leader they stay up, elsewhere they are stale until noticed
    const staleUntilNoticed = canElect || standalone ? [] : servers.slice();
    if (!standalone && !canElect && servers.length)
      why.push({
        ko: `쿼럼이 없는 쪽의 서버(${list(servers)})도 끊긴 것을 알아차리기 전까지는(팔로워: syncLimit × tickTime 동안 리더 소식이 없을 때, 리더: 다음 tick 검사에서) 자기 로컬 사본으로 읽기에 답합니다 — 오래된(stale) 데이터일 수 있습니다. 알아차린 뒤에는 클라이언트 연결을 끊고 새 리더가 생길 때까지 서비스하지 않습니다.`,
        en: `Servers on a side without a quorum (${list(servers)}) keep answering reads from their local copy until they notice (a follower after syncLimit × tickTime without hearing the leader, the leader at its next tick check) — those reads may be stale. Once they notice, they drop their clients and serve nothing until a leader is established again.`,
      });
    const writesWithoutElection = canElect && hasOldLeader;
    if (!standalone && canElect && oldLeader !== undefined)
      why.push(
        hasOldLeader
          ? { ko: `이전 리더 zk${oldLeader}가 이쪽에 있고 여전히 쿼럼과 통신하므로, 새 선출 없이 쓰기가 계속됩니다.`, en: `The old leader zk${oldLeader} is on this side and still reaches a quorum, so writes continue without a new election.` }
          : { ko: `이전 리더 zk${oldLeader}가 이쪽에 없으므로, 팔로워들이 리더가 사라진 것을 알아차리고(프로세스가 죽어 연결이 끊기면 곧바로, 네트워크로 끊기면 syncLimit × tickTime 동안 소식이 없을 때) 새 에포크로 새 리더를 뽑은 뒤에야 쓰기가 다시 됩니다.`, en: `The old leader zk${oldLeader} is not on this side: writes resume only after the followers notice it is gone (at once if its process crashed and its connections reset, after syncLimit × tickTime of silence if the network cut it off) and elect a new leader in a new epoch.` },
      );
    return {
      servers,
      voters: sv,
      observers: so,
      quorum: standalone ? 1 : q,
      canElect,
      canWrite: canElect,
      reads: canElect ? 'fresh' : servers.length ? 'stale-until-noticed' : 'none',
      servingAfter,
      staleUntilNoticed,
      hasOldLeader,
      writesWithoutElection,
      why,
    };
  });

  const sidesWithQuorum = sides.filter((s) => s.canElect).length;
  const upVoters = up.filter(isVoter).length;
  const summary: L10n = standalone
    ? { ko: '단독 서버: 장애를 하나도 견디지 못합니다.', en: 'A standalone server tolerates no failure at all.' }
    : sidesWithQuorum
      ? {
          ko: `${voters}대 앙상블(쿼럼 ${q})은 투표 서버 ${tolerates(voters)}대의 장애를 견딥니다. 지금은 한쪽이 쿼럼을 가지므로 서비스가 계속됩니다. 두 과반은 항상 겹치므로 쿼럼을 가진 쪽은 최대 하나입니다 — 그래서 리더가 둘이 되는 "스플릿 브레인"이 없습니다.`,
          en: `A ${voters}-server ensemble (quorum ${q}) tolerates ${tolerates(voters)} voting-server failure(s). One side has a quorum, so the service goes on. Two majorities always overlap, so at most one side can have a quorum — that is why there is no "split brain" with two leaders.`,
        }
      : {
          ko: `어느 쪽에도 쿼럼(${q})이 없습니다(살아 있는 투표 서버 ${upVoters}대). 쓰기는 멈추고, 모든 서버가 곧 서비스를 중단합니다. 데이터는 안전하지만(CP) 가용성을 잃었습니다.`,
          en: `No side has a quorum (${q}); ${upVoters} voting server(s) are up. Writes stop and every server soon stops serving. The data is safe (CP) but the service is unavailable.`,
        };
  return { voters, observers, standalone, quorum: standalone ? 1 : q, tolerates: tolerates(voters), down, oldLeader, sides, sidesWithQuorum, summary };
}

// ---- quiz generator ------------------------------------------------------------------------------------

/** mulberry32: a tiny seeded generator (deterministic, no Math.random). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rnd: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rnd() * xs.length)] as T;
}

function shuffled<T>(rnd: () => number, xs: readonly T[]): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

export type QuizKind = 'tolerance' | 'down' | 'partition' | 'observers' | 'even' | 'kafka';

export interface QuorumQuestion extends Question {
  kind: QuizKind;
  /** The explorer input this question is about (to open it in the explorer after answering). */
  input: QuorumInput;
  /** For Kafka questions: the write being asked about. */
  kafka?: KafkaWriteInput;
}

function yesNo(correctYes: boolean, yesFb: L10n, noFb: L10n): { choices: Choice[]; correct: string[] } {
  return {
    choices: [
      { id: 'yes', text: { ko: '예', en: 'Yes' }, feedback: yesFb },
      { id: 'no', text: { ko: '아니요', en: 'No' }, feedback: noFb },
    ],
    correct: [correctYes ? 'yes' : 'no'],
  };
}

function numberChoices(rnd: () => number, correct: number, candidates: number[], fb: (n: number) => L10n): { choices: Choice[]; correct: string[] } {
  const set = uniqSorted([correct, ...candidates.filter((c) => c >= 0)]).slice(0, 4);
  if (!set.includes(correct)) set[set.length - 1] = correct;
  const ordered = shuffled(rnd, uniqSorted(set));
  return {
    choices: ordered.map((n) => ({ id: String(n), text: { ko: `${n}대`, en: String(n) }, feedback: fb(n) })),
    correct: [String(correct)],
  };
}

function why(a: QuorumAnalysis, side = 0): L10n {
  const s = a.sides[side];
  const parts = s ? s.why : [];
  return { ko: parts.map((p) => p.ko).join(' '), en: parts.map((p) => p.en).join(' ') };
}

function tail(prefix: L10n, a: QuorumAnalysis, side = 0): L10n {
  const w = why(a, side);
  return { ko: `${prefix.ko} ${w.ko}`, en: `${prefix.en} ${w.en}` };
}

function makeQuestion(rnd: () => number, kind: Exclude<QuizKind, 'kafka'>, index: number): QuorumQuestion {
  const id = `q${index}-${kind}`;
  switch (kind) {
    case 'tolerance': {
      const n = pick(rnd, [3, 4, 5, 6, 7]);
      const t = tolerates(n);
      const input: QuorumInput = { voters: n };
      const { choices, correct } = numberChoices(rnd, t, [t - 1, t + 1, Math.floor(n / 2), n - quorumSize(n) + 1], (k) =>
        k === t
          ? { ko: `맞습니다. 쿼럼은 ${quorumSize(n)}대이므로 ${n} − ${quorumSize(n)} = ${t}대까지 죽어도 과반이 남습니다.`, en: `Right. The quorum is ${quorumSize(n)}, so up to ${n} − ${quorumSize(n)} = ${t} can fail and a majority remains.` }
          : { ko: `아닙니다. ${k}대가 죽으면 ${n - k}대가 남고, 쿼럼은 ${quorumSize(n)}대입니다. 답은 ${t}대입니다(2F+1 규칙).`, en: `No. With ${k} down, ${n - k} remain and the quorum is ${quorumSize(n)}. The answer is ${t} (the 2F+1 rule).` },
      );
      return {
        id,
        kind,
        input,
        prompt: { ko: `투표 서버 ${n}대의 주키퍼 앙상블은 최대 몇 대의 서버 장애를 견딜 수 있나요?`, en: `A ZooKeeper ensemble of ${n} voting servers can lose at most how many servers and keep working?` },
        choices,
        correct,
      };
    }
    case 'down': {
      const n = pick(rnd, [3, 4, 5, 7]);
      const k = Math.floor(rnd() * (n + 1));
      const down = shuffled(rnd, Array.from({ length: n }, (_, i) => i + 1)).slice(0, k);
      const input: QuorumInput = { voters: n, down };
      const a = analyzeQuorum(input);
      const ok = a.sides[0]?.canWrite ?? false;
      const { choices, correct } = yesNo(
        ok,
        tail(ok ? { ko: '맞습니다.', en: 'Right.' } : { ko: '아닙니다.', en: 'No.' }, a),
        tail(!ok ? { ko: '맞습니다.', en: 'Right.' } : { ko: '아닙니다.', en: 'No.' }, a),
      );
      return {
        id,
        kind,
        input,
        prompt: {
          ko: `투표 서버 ${n}대 중 ${k}대(${list(uniqSorted(down))})가 다운되었습니다. 앙상블이 쓰기를 받을 수 있나요?`,
          en: `${k} of ${n} voting servers (${list(uniqSorted(down))}) are down. Can the ensemble accept writes?`,
        },
        choices,
        correct,
      };
    }
    case 'partition': {
      const n = pick(rnd, [3, 4, 5, 6, 7]);
      const order = shuffled(rnd, Array.from({ length: n }, (_, i) => i + 1));
      const cut = 1 + Math.floor(rnd() * (n - 1));
      const left = uniqSorted(order.slice(0, cut));
      const right = uniqSorted(order.slice(cut));
      const input: QuorumInput = { voters: n, groups: [left, right] };
      const a = analyzeQuorum(input);
      const answer = a.sides[0]?.canElect ? 'A' : a.sides[1]?.canElect ? 'B' : 'none';
      const fb = (c: string): L10n => {
        const right2 = c === answer ? { ko: '맞습니다.', en: 'Right.' } : { ko: '아닙니다.', en: 'No.' };
        const side = answer === 'B' ? 1 : 0;
        return tail(right2, a, side);
      };
      return {
        id,
        kind,
        input,
        prompt: {
          ko: `투표 서버 ${n}대가 네트워크 분단으로 A = {${list(left)}} 와 B = {${list(right)}} 로 나뉘었습니다. 어느 쪽이 리더를 뽑고 쓰기를 받을 수 있나요?`,
          en: `A partition splits ${n} voting servers into A = {${list(left)}} and B = {${list(right)}}. Which side can elect a leader and take writes?`,
        },
        choices: [
          { id: 'A', text: { ko: 'A쪽', en: 'Side A' }, feedback: fb('A') },
          { id: 'B', text: { ko: 'B쪽', en: 'Side B' }, feedback: fb('B') },
          { id: 'both', text: { ko: '양쪽 모두', en: 'Both' }, feedback: { ko: '불가능합니다: 두 과반은 반드시 겹치므로 양쪽이 동시에 쿼럼을 가질 수 없습니다.', en: 'Impossible: two majorities always overlap, so both sides can never have a quorum at once.' } },
          { id: 'none', text: { ko: '어느 쪽도 아님', en: 'Neither' }, feedback: fb('none') },
        ],
        correct: [answer],
      };
    }
    case 'observers': {
      const n = pick(rnd, [3, 5]);
      const o = pick(rnd, [1, 2, 3]);
      const k = 1 + Math.floor(rnd() * (n - 1));
      const down = shuffled(rnd, Array.from({ length: n }, (_, i) => i + 1)).slice(0, k);
      const input: QuorumInput = { voters: n, observers: o, down };
      const a = analyzeQuorum(input);
      const ok = a.sides[0]?.canWrite ?? false;
      const { choices, correct } = yesNo(
        ok,
        tail(ok ? { ko: '맞습니다.', en: 'Right.' } : { ko: '아닙니다. 옵저버는 투표하지 않습니다.', en: 'No. Observers do not vote.' }, a),
        tail(!ok ? { ko: '맞습니다.', en: 'Right.' } : { ko: '아닙니다.', en: 'No.' }, a),
      );
      return {
        id,
        kind,
        input,
        prompt: {
          ko: `투표 서버 ${n}대와 옵저버 ${o}대가 있습니다. 투표 서버 ${k}대(${list(uniqSorted(down))})가 다운되었습니다. 살아 있는 서버는 ${n + o - k}대입니다. 쓰기를 받을 수 있나요?`,
          en: `There are ${n} voting servers and ${o} observer(s). ${k} voting server(s) (${list(uniqSorted(down))}) are down; ${n + o - k} servers are up. Can the ensemble accept writes?`,
        },
        choices,
        correct,
      };
    }
    case 'even': {
      const n = pick(rnd, [4, 6, 8]);
      const input: QuorumInput = { voters: n, groups: [Array.from({ length: n / 2 }, (_, i) => i + 1), Array.from({ length: n / 2 }, (_, i) => i + 1 + n / 2)] };
      const a = analyzeQuorum(input);
      return {
        id,
        kind,
        input,
        prompt: {
          ko: `${n}대 앙상블이 정확히 ${n / 2}대씩 둘로 나뉘었습니다. 어떻게 될까요?`,
          en: `A ${n}-server ensemble splits into two halves of ${n / 2}. What happens?`,
        },
        choices: [
          { id: 'both', text: { ko: '양쪽 모두 계속 동작한다', en: 'Both halves keep working' }, feedback: { ko: '아닙니다. 그렇게 되면 리더가 둘인 스플릿 브레인입니다. 주키퍼는 과반(엄격한 다수)을 요구해서 이를 막습니다.', en: 'No. That would be split brain with two leaders; ZooKeeper prevents it by requiring a strict majority.' } },
          { id: 'low', text: { ko: '번호가 작은 쪽이 이긴다', en: 'The half with the lower ids wins' }, feedback: { ko: '아닙니다. 선출 순서(에포크, zxid, sid)는 쿼럼이 있을 때 누가 리더가 될지만 정합니다. 쿼럼 자체를 만들어 주지는 않습니다.', en: 'No. The election order (epoch, zxid, sid) only decides who leads once there is a quorum; it cannot create one.' } },
          { id: 'none', text: { ko: '어느 쪽도 쓰기를 받지 못한다', en: 'Neither half can take writes' }, feedback: tail({ ko: '맞습니다.', en: 'Right.' }, a) },
          { id: 'tiebreak', text: { ko: '리더가 있던 쪽이 계속한다', en: 'The half with the old leader continues' }, feedback: { ko: `아닙니다. 리더도 ${quorumSize(n)}대의 쿼럼과 통신해야 리더로 남습니다. ${n / 2}대로는 부족합니다.`, en: `No. Even the leader must reach a quorum of ${quorumSize(n)} to stay leader; ${n / 2} is not enough.` } },
        ],
        correct: a.sidesWithQuorum === 0 ? ['none'] : [],
      };
    }
  }
}

function kafkaQuestion(rnd: () => number, id: string): QuorumQuestion {
  const rf = pick(rnd, [2, 3, 3, 5]);
  const minIsr = 1 + Math.floor(rnd() * Math.min(rf, 3));
  const down = Math.floor(rnd() * rf);
  const acks: Acks = pick(rnd, [1, 'all', 'all'] as Acks[]);
  const k: KafkaWriteInput = { replicationFactor: rf, minInsyncReplicas: minIsr, acks, down };
  const a = analyzeKafkaWrite(k);
  const ok = a.write === 'yes';
  const w: L10n = { ko: a.why.map((x) => x.ko).join(' '), en: a.why.map((x) => x.en).join(' ') };
  const fb = (right: boolean): L10n => ({ ko: `${right ? '맞습니다.' : '아닙니다.'} ${w.ko}`, en: `${right ? 'Right.' : 'No.'} ${w.en}` });
  return {
    id,
    kind: 'kafka',
    input: { voters: 3 },
    kafka: k,
    prompt: {
      ko: `복제 개수 ${rf}, min.insync.replicas=${minIsr}인 파티션에서 레플리카 ${down}개가 다운되었습니다(ISR은 살아 있는 ${rf - down}개). acks=${acks} 쓰기가 확인(ack)될까요?`,
      en: `A partition with replication factor ${rf} and min.insync.replicas=${minIsr} has ${down} replica(s) down (the ISR is the ${rf - down} live one(s)). Is an acks=${acks} write acknowledged?`,
    },
    choices: [
      { id: 'yes', text: { ko: '예', en: 'Yes' }, feedback: fb(ok) },
      { id: 'no', text: { ko: '아니요 (NOT_ENOUGH_REPLICAS)', en: 'No (NOT_ENOUGH_REPLICAS)' }, feedback: fb(!ok) },
    ],
    correct: [ok ? 'yes' : 'no'],
  };
}

const KINDS: QuizKind[] = ['tolerance', 'down', 'partition', 'observers', 'even'];
/** Every kind, Kafka's RF / min.insync.replicas / acks questions included. */
export const ALL_QUIZ_KINDS: readonly QuizKind[] = [...KINDS, 'kafka'];

/** A deterministic self-study quiz: the same seed always gives the same questions. */
export function generateQuorumQuiz(seed: number, count = 5, kinds: readonly QuizKind[] = KINDS): QuorumQuestion[] {
  const rnd = seededRandom(seed);
  const out: QuorumQuestion[] = [];
  for (let i = 0; i < count; i++) {
    const kind = kinds[i % kinds.length] as QuizKind;
    out.push(kind === 'kafka' ? kafkaQuestion(rnd, `q${i + 1}-kafka`) : makeQuestion(rnd, kind, i + 1));
  }
  return out;
}

// ---- Kafka: replication factor, min.insync.replicas and acks ----------------------------------------------

export type Acks = 0 | 1 | 'all';

export interface KafkaWriteInput {
  replicationFactor: number;
  minInsyncReplicas: number;
  acks: Acks;
  /** Replicas of the partition that are down (the ISR has shrunk to the live ones). */
  down: number;
}

export interface KafkaWriteAnalysis {
  /** Live replicas = the ISR after it shrank (all of them caught up). */
  isr: number;
  /** The partition has a leader (some replica of the ISR is alive). */
  online: boolean;
  /** 'yes': acknowledged; 'no-reply': sent without waiting (acks=0); 'refused': NOT_ENOUGH_REPLICAS; 'offline': no leader. */
  write: 'yes' | 'no-reply' | 'refused' | 'offline';
  /** How many more broker failures an acknowledged write survives (−1: no guarantee at all). */
  survives: number;
  why: L10n[];
}

export function analyzeKafkaWrite(input: KafkaWriteInput): KafkaWriteAnalysis {
  const { replicationFactor: rf, minInsyncReplicas: minIsr, acks, down } = input;
  if (!Number.isInteger(rf) || rf < 1 || rf > 12) throw new QuorumInputError('replication factor must be 1–12');
  if (!Number.isInteger(minIsr) || minIsr < 1) throw new QuorumInputError('min.insync.replicas must be ≥ 1');
  if (!Number.isInteger(down) || down < 0 || down > rf) throw new QuorumInputError('down must be 0…replication factor');
  const isr = rf - down;
  const why: L10n[] = [];
  if (isr === 0) {
    why.push({
      ko: `레플리카 ${rf}개가 모두 다운: 리더가 없어 파티션은 오프라인(Leader: none)입니다. unclean 선출이 꺼져 있으면 마지막 ISR 멤버가 돌아올 때까지 기다립니다.`,
      en: `All ${rf} replicas are down: no leader, the partition is offline (Leader: none). With unclean election off it waits for the last ISR member to return.`,
    });
    return { isr, online: false, write: 'offline', survives: -1, why };
  }
  why.push({ ko: `살아 있는 레플리카 ${isr}개가 ISR입니다(리더 포함).`, en: `${isr} live replica(s) form the ISR (the leader included).` });
  if (acks === 0) {
    why.push({ ko: 'acks=0: 프로듀서는 응답을 기다리지 않습니다. 도착했는지조차 보장되지 않습니다.', en: 'acks=0: the producer waits for no reply; not even arrival is guaranteed.' });
    return { isr, online: true, write: 'no-reply', survives: -1, why };
  }
  if (acks === 1) {
    why.push({
      ko: 'acks=1: 리더가 자기 로그에 쓰면 바로 응답합니다. min.insync.replicas는 적용되지 않습니다. 팔로워가 가져가기 전에 리더가 죽으면 확인된 레코드도 잃습니다.',
      en: 'acks=1: the leader answers once it has appended the record; min.insync.replicas does not apply. If the leader dies before the followers fetch it, the acknowledged record is lost.',
    });
    return { isr, online: true, write: 'yes', survives: 0, why };
  }
  if (isr < minIsr) {
    why.push({
      ko: `acks=all: ISR ${isr} < min.insync.replicas ${minIsr} 이므로 NOT_ENOUGH_REPLICAS로 거절됩니다(아무것도 쓰이지 않고, 재시도 가능). 가용성 대신 내구성을 지킵니다.`,
      en: `acks=all: ISR ${isr} < min.insync.replicas ${minIsr}, so the write is refused with NOT_ENOUGH_REPLICAS (nothing appended, retriable). Durability wins over availability.`,
    });
    return { isr, online: true, write: 'refused', survives: -1, why };
  }
  why.push({
    ko: `acks=all: 현재 ISR ${isr}개 모두가 가진 뒤에 응답합니다(ISR ${isr} ≥ min.insync.replicas ${minIsr}). 그래서 확인된 쓰기는 브로커 ${isr - 1}대를 더 잃어도 살아남습니다(unclean 선출이 꺼져 있을 때).`,
    en: `acks=all: the reply comes once all ${isr} current ISR members have it (ISR ${isr} ≥ min.insync.replicas ${minIsr}). An acknowledged write survives ${isr - 1} more broker loss(es) (with unclean election off).`,
  });
  if (isr === 1)
    why.push({
      ko: 'ISR이 리더 하나뿐입니다: acks=all도 리더 혼자의 확인입니다. 2013년 Jepsen이 보인 유실이 바로 이 상황에서 일어났습니다. min.insync.replicas=2가 이를 막습니다.',
      en: 'The ISR is the leader alone: acks=all is just the leader\'s word. This is exactly where Jepsen (2013) lost data; min.insync.replicas=2 prevents it.',
    });
  return { isr, online: true, write: 'yes', survives: isr - 1, why };
}
