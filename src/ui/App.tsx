import { useTranslation } from 'react-i18next';
import { Header } from './Header';
import { Transport } from './Transport';
import { ClusterView } from './ClusterView';
import { Console } from './Console';
import { EventLog } from './EventLog';
import { ErrorBanner, LiveRegion, ViolationBanner } from './Banners';
import { useShortcuts } from './shortcuts';
import { useLab } from './store';

export function App() {
  const { t } = useTranslation();
  const ready = useLab((s) => s.view !== null);
  useShortcuts();
  return (
    <div className="app">
      <Header />
      <Transport />
      <ErrorBanner />
      <main className="workspace">
        <div className="stage">
          <ViolationBanner />
          {ready ? <ClusterView /> : <p className="loading">{t('app.loading')}</p>}
        </div>
        <aside className="side" aria-label={`${t('console.title')} / ${t('events.title')}`}>
          <Console />
          <EventLog />
        </aside>
      </main>
      <LiveRegion />
    </div>
  );
}
