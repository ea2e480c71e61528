/**
 * Consumer partition assignors (client side, run by the group leader): range, roundrobin, sticky and
 * cooperative-sticky (the sticky ones keep what members owned as far as balance allows; equal subscriptions).
 */
export interface AssignorMember {
  memberId: string;
  topics: string[];
  owned: Record<string, number[]>;
}

export type Assignment = Record<string, Record<string, number[]>>;

function empty(members: AssignorMember[]): Assignment {
  const out: Assignment = {};
  for (const m of members) out[m.memberId] = {};
  return out;
}

function add(a: Assignment, member: string, topic: string, p: number): void {
  const m = (a[member] ??= {});
  (m[topic] ??= []).push(p);
}

/** RangeAssignor: per topic, consecutive ranges; the first (n mod m) members get one more. */
export function range(members: AssignorMember[], partitions: Record<string, number>): Assignment {
  const out = empty(members);
  for (const topic of Object.keys(partitions).sort()) {
    const subs = members.filter((m) => m.topics.includes(topic)).sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
    const n = partitions[topic] ?? 0;
    if (subs.length === 0) continue;
    const per = Math.floor(n / subs.length);
    const extra = n % subs.length;
    subs.forEach((m, i) => {
      const start = per * i + Math.min(i, extra);
      const len = per + (i < extra ? 1 : 0);
      for (let p = start; p < start + len; p++) add(out, m.memberId, topic, p);
    });
  }
  return out;
}

/** RoundRobinAssignor: all partitions sorted, dealt to members in turn. */
export function roundRobin(members: AssignorMember[], partitions: Record<string, number>): Assignment {
  const out = empty(members);
  const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
  let i = 0;
  for (const topic of Object.keys(partitions).sort()) {
    for (let p = 0; p < (partitions[topic] ?? 0); p++) {
      for (let k = 0; k < sorted.length; k++) {
        const m = sorted[(i + k) % sorted.length] as AssignorMember;
        if (m.topics.includes(topic)) {
          add(out, m.memberId, topic, p);
          i = (i + k + 1) % sorted.length;
          break;
        }
      }
    }
  }
  return out;
}

/** StickyAssignor (equal subscriptions): keep owned partitions up to the balanced quota, then fill the least loaded. */
export function sticky(members: AssignorMember[], partitions: Record<string, number>): Assignment {
  const out = empty(members);
  const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
  const all: Array<[string, number]> = [];
  for (const topic of Object.keys(partitions).sort()) for (let p = 0; p < (partitions[topic] ?? 0); p++) all.push([topic, p]);
  const n = all.length;
  const m = sorted.length;
  if (m === 0) return out;
  const minQuota = Math.floor(n / m);
  let maxSlots = n % m;
  const taken = new Set<string>();
  const count: Record<string, number> = {};
  for (const mem of sorted) {
    const owned: Array<[string, number]> = [];
    for (const [t, ps] of Object.entries(mem.owned)) for (const p of ps) if (p < (partitions[t] ?? 0) && mem.topics.includes(t) && !taken.has(`${t}-${p}`)) owned.push([t, p]);
    owned.sort((a, b) => (a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1));
    let quota = minQuota;
    if (owned.length > minQuota && maxSlots > 0) {
      quota = minQuota + 1;
      maxSlots--;
    }
    for (const [t, p] of owned.slice(0, quota)) {
      add(out, mem.memberId, t, p);
      taken.add(`${t}-${p}`);
    }
    count[mem.memberId] = Math.min(owned.length, quota);
  }
  for (const [t, p] of all) {
    if (taken.has(`${t}-${p}`)) continue;
    const target = sorted.filter((x) => x.topics.includes(t)).sort((a, b) => (count[a.memberId] ?? 0) - (count[b.memberId] ?? 0) || (a.memberId < b.memberId ? -1 : 1))[0];
    if (!target) continue;
    add(out, target.memberId, t, p);
    count[target.memberId] = (count[target.memberId] ?? 0) + 1;
    taken.add(`${t}-${p}`);
  }
  for (const a of Object.values(out)) for (const ps of Object.values(a)) ps.sort((x, y) => x - y);
  return out;
}

/**
 * CooperativeStickyAssignor: the sticky assignment, except that a partition still owned by another member is
 * withheld this round (its owner revokes it and rejoins; the next rebalance hands it over).
 */
export function cooperativeSticky(members: AssignorMember[], partitions: Record<string, number>): Assignment {
  const out = sticky(members, partitions);
  const owner: Record<string, string> = {};
  for (const m of members) for (const [t, ps] of Object.entries(m.owned)) for (const p of ps) owner[`${t}-${p}`] ??= m.memberId;
  for (const [id, a] of Object.entries(out)) {
    for (const [t, ps] of Object.entries(a)) a[t] = ps.filter((p) => (owner[`${t}-${p}`] ?? id) === id);
  }
  return out;
}

export function assign(name: string, members: AssignorMember[], partitions: Record<string, number>): Assignment {
  if (name === 'roundrobin') return roundRobin(members, partitions);
  if (name === 'sticky') return sticky(members, partitions);
  if (name === 'cooperative-sticky') return cooperativeSticky(members, partitions);
  return range(members, partitions);
}
