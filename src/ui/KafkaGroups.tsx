/**
 * Kafka consumer groups (like `kafka-consumer-groups.sh --describe --members`): each group's state,
 * generation, assignor and coordinator; its members with their partitions (idle ones marked); and per
 * partition the committed offset, log end offset and lag, with a lag bar. Fetched from the worker when the
 * panels refresh.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupView } from '../worker/api';
import { useLab } from './store';

export function KafkaGroups() {
  const { t } = useTranslation();
  const api = useLab((s) => s.api);
  const now = useLab((s) => s.panels?.now ?? 0);
  const [groups, setGroups] = useState<GroupView[] | null>(null);
  const busy = useRef(false);
  useEffect(() => {
    if (!api || busy.current) return;
    busy.current = true;
    api
      .kafkaGroups()
      .then((g) => setGroups(g))
      .catch(() => undefined)
      .finally(() => {
        busy.current = false;
      });
  }, [api, now]);
  if (groups === null) return <p className="empty">{t('tree.loading')}</p>;
  if (!groups.length) return <p className="muted">{t('kview.groups.none')}</p>;
  return (
    <div className="kgroups" data-testid="kafka-groups">
      <p className="muted small">{t('kview.groups.explain')}</p>
      {groups.map((g) => {
        const maxLag = Math.max(1, ...g.partitions.map((p) => p.lag ?? 0));
        return (
          <section key={g.groupId} className="kgroup" data-testid={`kgroup-${g.groupId}`} data-state={g.state}>
            <h3>
              {t('kview.groups.title', { group: g.groupId })} <span className={`kstate kstate-${g.state}`}>{g.state}</span>
            </h3>
            <p className="mono small">
              {t('kview.groups.meta', {
                state: g.state,
                generation: g.generation,
                protocol: g.protocol ?? '–',
                coordinator: g.coordinator >= 0 ? `broker${g.coordinator}` : t('kview.groups.noCoordinator'),
                p: g.offsetsPartition,
              })}
            </p>
            <div className="kgroup-tables">
              <table className="ktable">
                <caption>{t('kview.groups.members')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('kview.groups.member')}</th>
                    <th scope="col">{t('kview.groups.node')}</th>
                    <th scope="col">{t('kview.groups.assigned')}</th>
                  </tr>
                </thead>
                <tbody>
                  {g.members.map((m) => (
                    <tr key={m.memberId} data-testid="kmember" data-idle={m.partitions.length === 0}>
                      <th scope="row" className="mono small">
                        {m.clientId}
                        {g.leader === m.memberId ? <span className="muted"> ({t('kview.groups.leader')})</span> : null}
                      </th>
                      <td className="mono">{m.node}</td>
                      <td className="mono">{m.partitions.length ? m.partitions.join(', ') : <span className="kflag kflag-warn">{t('kview.groups.idle')}</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <table className="ktable">
                <thead>
                  <tr>
                    <th scope="col">{t('kview.groups.partition')}</th>
                    <th scope="col">{t('kview.groups.owner')}</th>
                    <th scope="col">{t('kview.groups.committed')}</th>
                    <th scope="col">{t('kview.groups.logEnd')}</th>
                    <th scope="col">{t('kview.groups.lag')}</th>
                  </tr>
                </thead>
                <tbody>
                  {g.partitions.map((p) => {
                    const owner = g.members.find((m) => m.memberId === p.owner);
                    return (
                      <tr key={`${p.topic}-${p.partition}`} data-testid={`kgp-${p.topic}-${p.partition}`} data-lag={p.lag ?? ''}>
                        <th scope="row" className="mono">
                          {p.topic}-{p.partition}
                        </th>
                        <td className="mono small">{owner ? `${owner.clientId} (${owner.node})` : t('kview.groups.unassigned')}</td>
                        <td className="mono">{p.committed ?? '–'}</td>
                        <td className="mono">{p.logEnd ?? '–'}</td>
                        <td className="mono">
                          {p.lag ?? '–'}
                          {p.lag !== null && (
                            <svg width={60} height={10} aria-hidden="true" focusable="false" className="kbar">
                              <rect width={60} height={10} className="kbar-bg" />
                              <rect width={(60 * p.lag) / maxLag} height={10} className="kbar-lag" />
                            </svg>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        );
      })}
    </div>
  );
}
