/**
 * Election and quorum: the quorum arithmetic for the ensemble as it is now (per side of a partition),
 * each server's current vote and who agrees with it, and every proposal's ACK count against the quorum.
 */
import { useTranslation } from 'react-i18next';
import type { IslandView, ZkServerView } from '../worker/api';
import { useLab } from './store';
import { roleColors } from './layout';

function YesNo({ ok, label }: { ok: boolean; label: string }) {
  const { t } = useTranslation();
  return (
    <span className={`yn ${ok ? 'yn-yes' : 'yn-no'}`}>
      <span aria-hidden="true">{ok ? '✓' : '✕'}</span> {label}: {ok ? t('quorum.yes') : t('quorum.no')}
    </span>
  );
}

function Island({ island, index, many }: { island: IslandView; index: number; many: boolean }) {
  const { t } = useTranslation();
  return (
    <li className={`island ${island.canElect ? 'island-ok' : 'island-bad'}`} data-testid={`island-${index}`} data-can-write={island.canWrite}>
      <div className="island-head">
        <strong>{many ? t('quorum.side', { n: String.fromCharCode(65 + index) }) : t('quorum.whole')}</strong>{' '}
        <span className="mono">{island.members.join(', ')}</span>
      </div>
      <div className="island-math">
        {t('quorum.votersUp', { up: island.votersUp, voters: island.voters })}
        {island.leader ? ` · ${t('quorum.leaderIs', { id: island.leader })}` : ''}
      </div>
      <div className="island-can">
        <YesNo ok={island.canElect} label={t('quorum.elect')} />
        <YesNo ok={island.canWrite} label={t('quorum.write')} />
        <YesNo ok={island.canRead} label={t('quorum.read')} />
      </div>
      <div className="island-serving">
        {island.serving.length ? t('quorum.servingNow', { ids: island.serving.join(', ') }) : t('quorum.servingNone')}
      </div>
    </li>
  );
}

function VoteRow({ s, needed }: { s: ZkServerView; needed: number }) {
  const { t } = useTranslation();
  const [fg, bg] = roleColors(s.role ?? '');
  const looking = s.role === 'LOOKING';
  return (
    <tr data-testid={`vote-${s.id}`} data-role={s.role ?? ''} data-epoch={s.epoch} data-serving={s.serving}>
      <th scope="row" className="mono">
        {s.id}
        {s.observer ? ` (${t('quorum.observer')})` : ''}
      </th>
      <td>
        {s.role ? (
          <span className="pill" style={{ color: fg, background: bg }}>
            {s.role}
          </span>
        ) : (
          <span className="pill pill-down">{t(`status.${s.status}` as 'status.up')}</span>
        )}
      </td>
      <td className="mono">{s.role ? s.epoch : '–'}</td>
      <td className="mono">{s.role ? s.lastZxid : '–'}</td>
      <td className="mono">
        {s.vote ? t('quorum.voteFor', { sid: s.vote.leader, zxid: s.vote.zxid, epoch: s.vote.epoch }) : '–'}
        {looking && s.round ? <span className="muted"> · {t('quorum.round', { n: s.round })}</span> : null}
      </td>
      <td>
        {looking ? (
          <span className={s.agree.length >= needed ? 'ok' : undefined}>
            {t('quorum.agree', { ids: s.agree.join(', ') || '–', n: s.agree.length, needed })}
            {s.finalizing ? ` · ${t('quorum.finalizing')}` : ''}
          </span>
        ) : s.leader !== null ? (
          t('quorum.follows', { sid: s.leader })
        ) : (
          '–'
        )}
      </td>
    </tr>
  );
}

export function QuorumPanel() {
  const { t } = useTranslation();
  const zk = useLab((s) => s.panels?.zk);
  if (!zk) return <p className="empty">{t('quorum.noEnsemble')}</p>;
  const q = zk.quorum;
  return (
    <div className="quorum" data-testid="quorum-panel">
      <div className="quorum-left">
        <p className="quorum-math" data-testid="quorum-math">
          {t('quorum.math', { n: q.voters, majority: q.majority, f: q.tolerated, up: q.votersUp })}
          {q.observers ? ` ${t('quorum.observers', { count: q.observers })}` : ''}
          {q.voters % 2 === 0 && q.voters > 0 ? ` ${t('quorum.even', { n: q.voters, f: q.tolerated, m: q.voters - 1 })}` : ''}
        </p>
        <ul className="islands">
          {q.islands.map((isl, i) => (
            <Island key={isl.members.join(',')} island={isl} index={i} many={q.partitioned} />
          ))}
        </ul>
      </div>
      <div className="quorum-right">
        <h3>{t('quorum.votesTitle')}</h3>
        <table className="votes">
          <thead>
            <tr>
              <th scope="col">{t('quorum.server')}</th>
              <th scope="col">{t('quorum.role')}</th>
              <th scope="col">{t('quorum.epoch')}</th>
              <th scope="col">{t('quorum.zxid')}</th>
              <th scope="col">{t('quorum.vote')}</th>
              <th scope="col">{t('quorum.agreement')}</th>
            </tr>
          </thead>
          <tbody>
            {zk.servers.map((s) => (
              <VoteRow key={s.id} s={s} needed={q.majority} />
            ))}
          </tbody>
        </table>
        <h3>{t('quorum.proposalsTitle')}</h3>
        {zk.phases.length === 0 && zk.proposals.length === 0 && <p className="muted">{t('quorum.noProposals')}</p>}
        <ul className="proposals" data-testid="proposals">
          {zk.phases.map((p) => (
            <li key={`phase-${p.leader}`} className="proposal">
              <span className="mono">{p.leader}</span> {t('quorum.phase', { epoch: p.epoch, zab: p.zab })}{' '}
              <AckBar acks={p.acks.length} needed={p.needed} />
              <span className="muted"> ({p.acks.join(', ')})</span>
            </li>
          ))}
          {zk.proposals.map((p) => (
            <li key={`${p.leader}-${p.zxid}`} className="proposal" data-testid="proposal">
              <span className="mono">
                {p.leader} {p.zxid}
              </span>{' '}
              <span className="mono op">{p.op}</span> <AckBar acks={p.acks.length} needed={p.needed} />
              <span className="muted"> ({t('quorum.ackedBy', { ids: p.acks.join(', ') || '–' })})</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function AckBar({ acks, needed }: { acks: number; needed: number }) {
  const { t } = useTranslation();
  const w = 80;
  return (
    <span className={`ackbar ${acks >= needed ? 'ok' : ''}`}>
      <svg width={w} height={12} aria-hidden="true" focusable="false">
        <rect width={w} height={12} rx={3} className="ackbar-bg" />
        <rect width={Math.min(w, (w * acks) / needed)} height={12} rx={3} className="ackbar-fg" />
      </svg>{' '}
      <strong>{t('quorum.acks', { n: acks, needed })}</strong>
    </span>
  );
}
