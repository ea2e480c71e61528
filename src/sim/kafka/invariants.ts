/**
 * Live invariants of the Kafka cluster, checked on the world after events (at most every 200 ms of simulated
 * time, to stay cheap), with their memory kept in checkpoints:
 * one controller per controller epoch; one leader per partition per leader epoch; leader ∈ ISR unless an
 * unclean election happened; ISR ⊆ replicas; HW ≤ LEO of every ISR member; and the audit of acknowledged
 * records: a record a producer saw acknowledged that is no longer at its offset on the partition's leader is
 * reported in the trace (which record, and why); it is a violation when nothing allowed it (acks=all, no
 * unclean election on that partition, leader-epoch truncation).
 */
import type { Json } from '../kernel/types';
import type { World } from '../kernel/world';
import type { KClientContext } from './client.machine';
import { recordAt } from './log';
import type { BrokerContext } from './types';

interface Memory {
  lastCheck: number;
  controllers: Record<string, number>;
  leaders: Record<string, number>;
  unclean: Record<string, true>;
  lost: Record<string, true>;
  audited: Record<string, string>;
  pending: { node: string; detail: string } | null;
}

function fresh(): Memory {
  return { lastCheck: -1, controllers: {}, leaders: {}, unclean: {}, lost: {}, audited: {}, pending: null };
}

function brokerCtx(world: World, id: string): BrokerContext | undefined {
  if (world.status(id) === 'crashed') return undefined;
  return (world.snapshotOf(id) as unknown as { context?: BrokerContext } | undefined)?.context;
}

export function installKafkaInvariants(world: World, everyMs = 200): void {
  let mem = fresh();
  const brokers = world.nodeIds().filter((id) => world.spec(id).kind === 'broker');
  const clients = world.nodeIds().filter((id) => world.spec(id).kind === 'kafka-client');
  const memory = {
    save: (): Json => mem as unknown as Json,
    restore: (s: Json) => {
      mem = structuredClone(s) as unknown as Memory;
    },
  };

  world.addInvariant(
    'kafka.cluster',
    (w) => {
      if (mem.lastCheck >= 0 && w.now - mem.lastCheck < everyMs) return mem.pending;
      mem.lastCheck = w.now;
      let pending: { node: string; detail: string } | null = null;
      const ctxs: Record<string, BrokerContext> = {};
      for (const id of brokers) {
        const b = brokerCtx(w, id);
        if (b) ctxs[id] = b;
      }
      let legacy = false;
      for (const [id, b] of Object.entries(ctxs)) {
        legacy ||= b.cfg.legacyHwTruncation;
        if (b.ctl) {
          const k = String(b.ctl.epoch);
          const prev = mem.controllers[k];
          if (prev !== undefined && prev !== b.brokerId) pending ??= { node: id, detail: `two controllers in epoch ${k}: ${prev} and ${b.brokerId}` };
          mem.controllers[k] = b.brokerId;
          for (const [tp, st] of Object.entries(b.ctl.partitions)) {
            if (st.recovering) mem.unclean[tp] = true;
            const { topic, partition } = { topic: tp.slice(0, tp.lastIndexOf('-')), partition: tp.slice(tp.lastIndexOf('-') + 1) };
            const replicas = b.ctl.topics[topic]?.assignment[partition] ?? [];
            if (st.isr.some((m) => !replicas.includes(m))) pending ??= { node: id, detail: `${tp}: ISR ${st.isr.join(',')} not within replicas ${replicas.join(',')}` };
            if (st.leader >= 0 && !st.isr.includes(st.leader) && !mem.unclean[tp]) pending ??= { node: id, detail: `${tp}: leader ${st.leader} not in ISR ${st.isr.join(',')} without an unclean election` };
          }
        }
        for (const [tp, r] of Object.entries(b.replicas)) {
          if (r.leader !== b.brokerId) continue;
          if (r.recovering) mem.unclean[tp] = true;
          const k = `${tp}@${r.leaderEpoch}`;
          const prev = mem.leaders[k];
          if (prev !== undefined && prev !== b.brokerId) pending ??= { node: id, detail: `${tp}: two leaders in leader epoch ${r.leaderEpoch}: ${prev} and ${b.brokerId}` };
          mem.leaders[k] = b.brokerId;
          if (r.hw > r.leo) pending ??= { node: id, detail: `${tp}: HW ${r.hw} above the leader's LEO ${r.leo}` };
          if (!legacy) {
            for (const m of r.isr) {
              const f = ctxs[`broker${m}`]?.replicas[tp];
              if (f && f.leaderEpoch === r.leaderEpoch && f.leo < r.hw && w.status(`broker${m}`) === 'up') {
                pending ??= { node: id, detail: `${tp}: HW ${r.hw} above the LEO ${f.leo} of ISR member ${m}` };
              }
            }
          }
        }
      }
      // the audit of acknowledged records
      const leaderOf: Record<string, BrokerContext> = {};
      for (const b of Object.values(ctxs)) {
        for (const [tp, r] of Object.entries(b.replicas)) if (r.leader === b.brokerId) leaderOf[tp] = b;
      }
      for (const cid of clients) {
        if (w.status(cid) === 'crashed') continue;
        const c = (w.snapshotOf(cid) as unknown as { context?: KClientContext } | undefined)?.context;
        if (!c) continue;
        for (const [tp, list] of Object.entries(c.acked)) {
          const lb = leaderOf[tp];
          const r = lb?.replicas[tp];
          if (!lb || !r) continue;
          const last = list[list.length - 1];
          const sig = `${lb.brokerId}:${r.leaderEpoch}:${r.leo}:${list.length}:${last?.[0] ?? -1}:${last?.[1] ?? ''}`;
          const akey = `${cid}|${tp}`;
          const prev = mem.audited[akey];
          if (prev === sig) continue;
          mem.audited[akey] = sig;
          // same leader, same leader epoch, log not shorter: the entries audited last time are still there (a
          // leader only appends within its epoch; retention and compaction are skipped below), so only the
          // entries acknowledged since then need a look
          let from = 0;
          if (prev !== undefined) {
            const [pb, pe, pleo, , poff, ...rest] = prev.split(':');
            const pval = rest.join(':');
            if (pb === String(lb.brokerId) && pe === String(r.leaderEpoch) && Number(pleo) <= r.leo) {
              for (let i = list.length - 1; i >= 0; i--) {
                const e = list[i] as [number, string, number];
                if (String(e[0]) === poff && e[1] === pval) {
                  from = i + 1;
                  break;
                }
              }
            }
          }
          for (let i = from; i < list.length; i++) {
            const [offset, value, acks] = list[i] as [number, string, number];
            if (offset < r.logStart) continue;
            const rec = offset < r.leo ? recordAt(r, offset) : undefined;
            if (rec && rec.value === value) continue;
            if (offset < r.leo && !rec) continue; // compacted away
            const lkey = `${tp}@${offset}:${value}`;
            if (mem.lost[lkey]) continue;
            mem.lost[lkey] = true;
            const why = acks !== -1 ? `acks=${acks}` : mem.unclean[tp] ? 'unclean leader election' : legacy ? 'high-watermark truncation (pre-KIP-101)' : 'nothing allowed it';
            const detail = JSON.stringify({ tp, offset, value, acks, leader: lb.brokerId, leaderEpoch: r.leaderEpoch, now: rec ? String(rec.value) : 'missing', why });
            w.trace.record({ t: w.now, kind: 'note', node: cid, what: 'kafka.audit.ackedRecordLost', detail });
            if (why === 'nothing allowed it') pending ??= { node: cid, detail: `acknowledged record lost: ${detail}` };
          }
        }
      }
      mem.pending = pending;
      return pending;
    },
    memory,
  );
}
