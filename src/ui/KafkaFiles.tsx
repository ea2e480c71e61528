/**
 * One replica's segment files (like `segments broker1 orders-0`): the partition directory, log start
 * offset, HW and LEO, and each segment's .log / .index / .timeindex with size, record count and base offset;
 * the active segment marked. A crashed broker's files are read from its disk.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KafkaView, ReplicaFilesView } from '../worker/api';
import { useLab } from './store';

export function KafkaFiles({ view }: { view: KafkaView }) {
  const { t } = useTranslation();
  const api = useLab((s) => s.api);
  const now = useLab((s) => s.panels?.now ?? 0);
  const [node, setNode] = useState<string>(view.brokers[0]?.node ?? '');
  const brokerId = view.brokers.find((b) => b.node === node)?.id;
  const held = view.partitions.filter((p) => brokerId !== undefined && p.replicas.includes(brokerId)).map((p) => `${p.topic}-${p.partition}`);
  const [tp, setTp] = useState<string>('');
  const chosen = held.includes(tp) ? tp : (held[0] ?? '');
  const [files, setFiles] = useState<ReplicaFilesView | null | undefined>(undefined);
  const busy = useRef(false);
  useEffect(() => {
    if (!api || !node || !chosen || busy.current) return;
    busy.current = true;
    api
      .replicaFiles(node, chosen)
      .then((f) => setFiles(f))
      .catch(() => undefined)
      .finally(() => {
        busy.current = false;
      });
  }, [api, node, chosen, now]);
  const maxBytes = Math.max(1, ...(files?.files.map((f) => f.bytes) ?? [1]));
  return (
    <div className="kfiles" data-testid="kafka-files">
      <div className="kfiles-pick">
        <label>
          {t('kview.files.broker')}{' '}
          <select value={node} onChange={(e) => setNode(e.target.value)} data-testid="kfiles-broker">
            {view.brokers.map((b) => (
              <option key={b.node} value={b.node}>
                {b.node}
                {b.status !== 'up' ? ` (${t(`status.${b.status}` as 'status.up')})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('kview.files.partition')}{' '}
          <select value={chosen} onChange={(e) => setTp(e.target.value)} data-testid="kfiles-partition">
            {held.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!chosen ? (
        <p className="muted">{t('kview.files.pick')}</p>
      ) : files === undefined ? (
        <p className="empty">{t('tree.loading')}</p>
      ) : files === null ? (
        <p className="muted">{t('kview.files.none', { node, tp: chosen })}</p>
      ) : (
        <>
          <p className="mono small" data-testid="kfiles-dir">
            {t('kview.files.dir', { node: files.node, tp: `${files.topic}-${files.partition}` })} ·{' '}
            {files.fromDisk ? t('kview.files.fromDisk') : files.leader ? t('kview.files.leaderReplica') : t('kview.files.followerReplica')}
            <br />
            {t('kview.files.summary', { logStart: files.logStart, hw: files.hw ?? '–', leo: files.leo ?? '–' })}
          </p>
          <table className="ktable kfiles-table">
            <thead>
              <tr>
                <th scope="col">{t('kview.files.file')}</th>
                <th scope="col">{t('kview.files.size')}</th>
                <th scope="col">{t('kview.files.records')}</th>
                <th scope="col">{t('kview.files.base')}</th>
              </tr>
            </thead>
            <tbody>
              {files.files.flatMap((f) => [
                <tr key={`${f.name}.log`} data-testid="kfile" data-active={f.active}>
                  <th scope="row" className="mono">
                    {f.name}.log
                    {f.active && <span className="kflag kflag-ok">{t('kview.files.active')}</span>}
                    {f.cleaned && <span className="kflag">{t('kview.files.cleaned')}</span>}
                  </th>
                  <td className="mono">
                    {t('kview.files.bytes', { n: f.bytes })}
                    <svg width={60} height={10} aria-hidden="true" focusable="false" className="kbar">
                      <rect width={60} height={10} className="kbar-bg" />
                      <rect width={(60 * f.bytes) / maxBytes} height={10} className="kbar-leo" />
                    </svg>
                  </td>
                  <td className="mono">{f.records}</td>
                  <td className="mono">{f.base}</td>
                </tr>,
                <tr key={`${f.name}.index`} className="kfile-aux">
                  <th scope="row" className="mono muted">
                    {f.name}.index
                  </th>
                  <td className="mono muted">{t('kview.files.bytes', { n: f.indexBytes })}</td>
                  <td />
                  <td />
                </tr>,
                <tr key={`${f.name}.timeindex`} className="kfile-aux">
                  <th scope="row" className="mono muted">
                    {f.name}.timeindex
                  </th>
                  <td className="mono muted">{t('kview.files.bytes', { n: f.timeIndexBytes })}</td>
                  <td />
                  <td />
                </tr>,
              ])}
            </tbody>
          </table>
          <p className="muted small">{t('kview.files.explain')}</p>
        </>
      )}
    </div>
  );
}
