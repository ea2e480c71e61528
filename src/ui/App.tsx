import { useTranslation } from 'react-i18next';
import { Header } from './Header';
import { Transport } from './Transport';
import { Timeline } from './Timeline';
import { ClusterView } from './ClusterView';
import { Dock } from './Dock';
import { Console } from './Console';
import { EventLog } from './EventLog';
import { ErrorBanner, LiveRegion, ViolationBanner } from './Banners';
import { HelpDialog, SettingsDialog } from './Dialogs';
import { useShortcuts } from './shortcuts';
import { useLab } from './store';
import { LessonPlayer } from './LessonPlayer';
import { LearnPanels, NoticeBanner } from './LearnPanels';

export function App() {
  const { t } = useTranslation();
  const ready = useLab((s) => s.view !== null);
  const presenter = useLab((s) => s.presenter);
  const inLesson = useLab((s) => s.lesson !== null);
  useShortcuts();
  return (
    <div className={`app${presenter ? ' presenter' : ''}`} data-testid="app">
      <Header />
      <Transport />
      {ready && <Timeline />}
      <ErrorBanner />
      <NoticeBanner />
      <main className="workspace">
        <div className="stage">
          <ViolationBanner />
          {ready ? <ClusterView /> : <p className="loading">{t('app.loading')}</p>}
          {ready && <Dock />}
        </div>
        <aside className={`side${inLesson ? ' with-lesson' : ''}`} aria-label={`${t('console.title')} / ${t('events.title')}`}>
          <LessonPlayer />
          <Console />
          <EventLog />
        </aside>
      </main>
      <HelpDialog />
      <SettingsDialog />
      <LearnPanels />
      <LiveRegion />
    </div>
  );
}
