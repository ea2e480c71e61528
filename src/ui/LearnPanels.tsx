/**
 * The header's panels: the lesson list, the scenario library, the quorum-math explorer (its own chunk,
 * loaded when opened) and share / save (link, run file, pictures for slides). One is open at a time.
 */
import { Suspense, lazy, useEffect, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Modal } from './Dialogs';
import { useLab } from './store';
import { useLang } from './useLang';
import { download, exportRunJson, fetchLessons, fetchScenarios, importRunText, loadScenario, shareUrl, startLesson } from './learn';
import { clusterSvgElement, dockOverlays, dockSvgElement, serializeSvg, svgToPng } from './exportView';
import type { LessonInfo } from '../worker/api';

const QuorumExplorer = lazy(() => import('./QuorumExplorer'));

function LessonList({ lessons, heading }: { lessons: LessonInfo[]; heading: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!lessons.length) return null;
  return (
    <>
      <h3>{heading}</h3>
      <ol className="card-list">
        {lessons.map((l) => (
          <li key={l.id} className="card" data-testid={`lesson-card-${l.id}`}>
            <div className="card-text">
              <h4>
                {l.title[lang]} <span className={`level level-${l.level}`}>{t(`learn.level.${l.level}`)}</span>
              </h4>
              <p>{l.summary[lang]}</p>
              <p className="muted small">{t('learn.lessons.steps', { n: l.steps.length, q: l.quiz.length })}</p>
            </div>
            <div className="card-actions">
              <button type="button" className="btn btn-primary" onClick={() => void startLesson(l.id)} data-testid={`lesson-start-${l.id}`}>
                {t('learn.lessons.start')}
              </button>
              <a className="small" href={`?lesson=${encodeURIComponent(l.id)}&lang=${lang}`} data-testid={`lesson-link-${l.id}`}>
                {t('learn.lessons.link')}
              </a>
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}

export function LessonsDialog() {
  const { t } = useTranslation();
  const lessons = useLab((s) => s.lessons);
  const setPanel = useLab((s) => s.setPanel);
  useEffect(() => {
    void fetchLessons();
  }, []);
  return (
    <Modal title={t('learn.lessons.title')} onClose={() => setPanel(null)} testId="lessons-dialog">
      <div className="learn-dialog">
        <p className="muted">{t('learn.lessons.intro')}</p>
        {!lessons ? (
          <p className="muted">{t('app.loading')}</p>
        ) : (
          <>
            <LessonList lessons={lessons.filter((l) => !l.requires)} heading={t('learn.lessons.zk')} />
            <LessonList lessons={lessons.filter((l) => l.requires === 'kafka')} heading={t('learn.lessons.kafka')} />
          </>
        )}
      </div>
    </Modal>
  );
}

export function ScenariosDialog() {
  const { t } = useTranslation();
  const lang = useLang();
  const scenarios = useLab((s) => s.scenarios);
  const setPanel = useLab((s) => s.setPanel);
  useEffect(() => {
    void fetchScenarios();
  }, []);
  return (
    <Modal title={t('learn.scenarios.title')} onClose={() => setPanel(null)} testId="scenarios-dialog">
      <div className="learn-dialog">
        <p className="muted">{t('learn.scenarios.intro')}</p>
        {!scenarios ? (
          <p className="muted">{t('app.loading')}</p>
        ) : (
          <ul className="card-list">
            {scenarios.map((s) => (
              <li key={s.id} className="card" data-testid={`scenario-card-${s.id}`}>
                <div className="card-text">
                  <h4>{s.title[lang]}</h4>
                  <p>{s.description[lang]}</p>
                  <p>
                    <strong>{t('learn.scenarios.watch')}:</strong> {s.expect[lang]}
                  </p>
                  <p className="muted small">{t('learn.scenarios.size', { servers: s.servers, brokers: s.brokers, s: Math.round(s.durationMs / 1000) })}</p>
                </div>
                <button type="button" className="btn btn-primary" onClick={() => void loadScenario(s.id)} data-testid={`scenario-load-${s.id}`}>
                  {t('learn.scenarios.load')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Modal>
  );
}

function fileName(ext: string): string {
  const { config, view } = useLab.getState();
  return `zk-lab-seed${config.seed}-t${Math.round((view?.now ?? 0) / 1000)}s.${ext}`;
}

export function ShareDialog() {
  const { t } = useTranslation();
  const setPanel = useLab((s) => s.setPanel);
  const [link, setLink] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');
  const fileRef = useRef<HTMLInputElement>(null);
  const linkRef = useRef<HTMLInputElement>(null);
  const dockTab = useLab((s) => s.dock);
  const makeLink = async () => {
    const url = await shareUrl();
    setLink(url);
    return url;
  };
  useEffect(() => {
    void makeLink();
  }, []);
  const copy = async () => {
    const url = link ?? (await makeLink());
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('learn.share.copied'));
    } catch {
      linkRef.current?.select();
      setStatus(t('learn.share.copyFailed'));
    }
  };
  const exportJson = async () => {
    const text = await exportRunJson();
    if (text) download(fileName('json'), new Blob([text], { type: 'application/json' }));
  };
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    const text = await file.text().catch(() => null);
    if (text === null) return;
    await importRunText(text);
  };
  const picture = async (which: 'cluster' | 'dock', format: 'svg' | 'png') => {
    let exported;
    if (which === 'cluster') {
      const c = clusterSvgElement();
      if (!c) return;
      exported = serializeSvg(c.svg, { title: t('app.title'), overlays: c.overlays });
    } else {
      const svg = dockSvgElement();
      if (!svg) {
        setStatus(t('learn.share.noPicture'));
        return;
      }
      exported = serializeSvg(svg, { title: t(`dock.${dockTab}`), overlays: dockOverlays() });
    }
    const name = fileName(format).replace('zk-lab-', `zk-lab-${which}-`);
    if (format === 'svg') download(name, new Blob([exported.text], { type: 'image/svg+xml' }));
    else {
      try {
        download(name, await svgToPng(exported));
      } catch (err) {
        setStatus((err as Error).message);
      }
    }
  };
  return (
    <Modal title={t('learn.share.title')} onClose={() => setPanel(null)} testId="share-dialog">
      <div className="learn-dialog share">
        <section>
          <h3>{t('learn.share.link')}</h3>
          <p className="muted">{t('learn.share.linkHint')}</p>
          <div className="share-link">
            <input ref={linkRef} readOnly value={link ?? ''} aria-label={t('learn.share.link')} data-testid="share-link" onFocus={(e) => e.target.select()} />
            <button type="button" className="btn btn-primary" onClick={() => void copy()} data-testid="share-copy">
              {t('learn.share.copy')}
            </button>
          </div>
        </section>
        <section>
          <h3>{t('learn.share.file')}</h3>
          <p className="muted">{t('learn.share.fileHint')}</p>
          <div className="share-row">
            <button type="button" className="btn" onClick={() => void exportJson()} data-testid="share-export">
              {t('learn.share.export')}
            </button>
            <button type="button" className="btn" onClick={() => fileRef.current?.click()} data-testid="share-import">
              {t('learn.share.import')}
            </button>
            <input ref={fileRef} type="file" accept="application/json,.json" hidden onChange={(e) => void onFile(e)} data-testid="share-file" />
          </div>
        </section>
        <section>
          <h3>{t('learn.share.images')}</h3>
          <p className="muted">{t('learn.share.imagesHint')}</p>
          <div className="share-row">
            <button type="button" className="btn" onClick={() => void picture('cluster', 'svg')} data-testid="export-cluster-svg">
              {t('learn.share.svg')}
            </button>
            <button type="button" className="btn" onClick={() => void picture('cluster', 'png')} data-testid="export-cluster-png">
              {t('learn.share.png')}
            </button>
            <button type="button" className="btn" onClick={() => void picture('dock', 'svg')} data-testid="export-dock-svg">
              {t('learn.share.dockSvg')}
            </button>
            <button type="button" className="btn" onClick={() => void picture('dock', 'png')} data-testid="export-dock-png">
              {t('learn.share.dockPng')}
            </button>
          </div>
        </section>
        <p className="muted small">{t('learn.share.autosave')}</p>
        <p role="status" className="share-status" data-testid="share-status">
          {status}
        </p>
      </div>
    </Modal>
  );
}

export function ExplorerDialog() {
  const { t } = useTranslation();
  const setPanel = useLab((s) => s.setPanel);
  return (
    <Modal title={t('learn.explorer.title')} onClose={() => setPanel(null)} testId="explorer-dialog">
      <Suspense fallback={<p className="muted">{t('app.loading')}</p>}>
        <QuorumExplorer />
      </Suspense>
    </Modal>
  );
}

/** The open header panel, if any. */
export function LearnPanels() {
  const panel = useLab((s) => s.panel);
  if (panel === 'lessons') return <LessonsDialog />;
  if (panel === 'scenarios') return <ScenariosDialog />;
  if (panel === 'share') return <ShareDialog />;
  if (panel === 'explorer') return <ExplorerDialog />;
  return null;
}

/** A message that is not an error (loaded from a link, restored, a link refused…). */
export function NoticeBanner() {
  const { t } = useTranslation();
  const notice = useLab((s) => s.notice);
  const setNotice = useLab((s) => s.setNotice);
  if (!notice) return null;
  return (
    <div className="banner banner-notice" role="status" data-testid="notice">
      <span>{t(notice.key as 'learn.share.imported', notice.values ?? {})}</span>
      <span className="banner-actions">
        <button type="button" className="btn btn-small btn-quiet" onClick={() => setNotice(null)}>
          {t('learn.notice.dismiss')}
        </button>
      </span>
    </div>
  );
}
