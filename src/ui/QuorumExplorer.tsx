/**
 * The quorum-math explorer (loaded on demand): pick the voters and observers, crash servers, put the rest on
 * sides of a partition, and read per side whether it can elect, write and read — with the reasons, from
 * `analyzeQuorum` (src/lessons/quorum.ts, ZooKeeper 3.8's QuorumMaj rules). The quiz mode draws questions
 * from a numbered, deterministic generator and can open each case in the explorer.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ALL_QUIZ_KINDS, analyzeQuorum, generateQuorumQuiz } from '../lessons/quorum';
import type { QuorumInput, QuorumQuestion, SideAnalysis } from '../lessons/quorum';
import { QuizQuestion, isRight, pickChoice } from './QuizQuestion';
import { useLang } from './useLang';

const SIDES = ['A', 'B', 'C'] as const;
type Side = (typeof SIDES)[number];

interface Model {
  voters: number;
  observers: number;
  down: number[];
  side: Record<number, Side>;
}

function toInput(m: Model): QuorumInput {
  const total = m.voters + (m.voters > 1 ? m.observers : 0);
  const groups: number[][] = [];
  for (const s of SIDES) {
    const g: number[] = [];
    for (let i = 1; i <= total; i++) if ((m.side[i] ?? 'A') === s) g.push(i);
    if (g.length) groups.push(g);
  }
  return { voters: m.voters, observers: m.voters > 1 ? m.observers : 0, down: m.down.filter((d) => d <= total), groups: groups.length > 1 ? groups : [] };
}

function fromInput(input: QuorumInput): Model {
  const side: Record<number, Side> = {};
  (input.groups ?? []).forEach((g, i) => g.forEach((s) => (side[s] = SIDES[Math.min(i, SIDES.length - 1)] as Side)));
  return { voters: input.voters, observers: input.observers ?? 0, down: [...(input.down ?? [])], side };
}

function Verdict({ ok, label, text }: { ok: boolean; label: string; text: string }) {
  return (
    <span className={`qx-verdict ${ok ? 'is-good' : 'is-bad'}`}>
      <span aria-hidden="true">{ok ? '✓' : '✕'}</span> {label}: {text}
    </span>
  );
}

function SideCard({ side, index, many }: { side: SideAnalysis; index: number; many: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const read = side.reads === 'fresh' ? t('learn.explorer.readFresh') : side.reads === 'stale-until-noticed' ? t('learn.explorer.readStale') : t('learn.explorer.readNone');
  return (
    <div className="qx-side" data-testid={`qx-side-${index}`}>
      <h4>
        {many ? t('learn.explorer.sideName', { s: String.fromCharCode(65 + index) }) : t('quorum.whole')}:{' '}
        <span className="mono">{side.servers.length ? side.servers.map((s) => `zk${s}`).join(', ') : '—'}</span>
      </h4>
      <p className="qx-verdicts">
        <Verdict ok={side.canElect} label={t('learn.explorer.elect')} text={side.canElect ? t('learn.explorer.yes') : t('learn.explorer.no')} />
        <Verdict ok={side.canWrite} label={t('learn.explorer.write')} text={side.canWrite ? t('learn.explorer.yes') : t('learn.explorer.no')} />
        <Verdict ok={side.reads !== 'none'} label={t('learn.explorer.read')} text={read} />
      </p>
      <ul className="qx-why">
        {side.why.map((w, i) => (
          <li key={i}>{w[lang]}</li>
        ))}
      </ul>
    </div>
  );
}

function Explore({ model, setModel }: { model: Model; setModel(m: Model): void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const input = toInput(model);
  let result: { ok: true; a: ReturnType<typeof analyzeQuorum> } | { ok: false; error: string };
  try {
    result = { ok: true, a: analyzeQuorum(input) };
  } catch (e) {
    result = { ok: false, error: (e as Error).message };
  }
  const total = model.voters + (model.voters > 1 ? model.observers : 0);
  const servers = Array.from({ length: total }, (_, i) => i + 1);
  const toggleDown = (s: number) => setModel({ ...model, down: model.down.includes(s) ? model.down.filter((d) => d !== s) : [...model.down, s] });
  return (
    <div className="qx">
      <div className="qx-controls">
        <label>
          {t('learn.explorer.voters')}{' '}
          <select value={model.voters} onChange={(e) => setModel({ ...model, voters: Number(e.target.value), down: [], side: {} })} data-testid="qx-voters">
            {[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('learn.explorer.observers')}{' '}
          <select value={model.observers} onChange={(e) => setModel({ ...model, observers: Number(e.target.value), down: [], side: {} })} disabled={model.voters === 1} data-testid="qx-observers">
            {[0, 1, 2, 3].map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="btn btn-small" onClick={() => setModel({ ...model, down: [], side: {} })} data-testid="qx-reset">
          {t('learn.explorer.reset')}
        </button>
      </div>
      <ul className="qx-servers" aria-label={t('learn.explorer.voters')}>
        {servers.map((s) => {
          const isDown = model.down.includes(s);
          const observer = s > model.voters;
          return (
            <li key={s} className={`qx-server${isDown ? ' is-down' : ''}${observer ? ' is-observer' : ''}`} data-testid={`qx-server-${s}`}>
              <strong>zk{s}</strong>
              {observer && <span className="muted small"> ({t('learn.explorer.observer')})</span>}
              <button type="button" className="btn btn-small" aria-pressed={isDown} onClick={() => toggleDown(s)} data-testid={`qx-toggle-${s}`}>
                {isDown ? `✕ ${t('learn.explorer.down')}` : t('learn.explorer.crash')}
              </button>
              <label className="qx-side-pick">
                <span className="sr-only">{t('learn.explorer.server', { n: s })} — </span>
                {t('learn.explorer.side')}{' '}
                <select value={model.side[s] ?? 'A'} onChange={(e) => setModel({ ...model, side: { ...model.side, [s]: e.target.value as Side } })} data-testid={`qx-side-pick-${s}`}>
                  {SIDES.map((x) => (
                    <option key={x} value={x}>
                      {x}
                    </option>
                  ))}
                </select>
              </label>
            </li>
          );
        })}
      </ul>
      {result.ok ? (
        <div className="qx-result" aria-live="polite">
          <p className="qx-summary" data-testid="qx-summary">
            <strong>{t('learn.explorer.quorum', { q: result.a.quorum, n: result.a.voters, f: result.a.tolerates })}</strong>
            <br />
            {result.a.summary[lang]}
          </p>
          <div className="qx-sides">
            {result.a.sides.map((side, i) => (
              <SideCard key={i} side={side} index={i} many={result.a.sides.length > 1} />
            ))}
          </div>
        </div>
      ) : (
        <p className="lesson-warn">{result.error}</p>
      )}
    </div>
  );
}

function QuizMode({ onOpen }: { onOpen(input: QuorumInput): void }) {
  const { t } = useTranslation();
  const [seed, setSeed] = useState(1);
  const [kafka, setKafka] = useState(false);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const quiz: QuorumQuestion[] = useMemo(() => generateQuorumQuiz(seed, 5, kafka ? ALL_QUIZ_KINDS : undefined), [seed, kafka]);
  const right = quiz.filter((q) => isRight(q, answers[q.id] ?? [])).length;
  const answered = quiz.filter((q) => (answers[q.id] ?? []).length > 0).length;
  const pick = (q: QuorumQuestion, c: string) => setAnswers({ ...answers, [q.id]: pickChoice(q, answers[q.id] ?? [], c) });
  return (
    <div className="qx-quiz">
      <p className="muted">{t('learn.explorer.quizIntro')}</p>
      <div className="qx-controls">
        <label>
          {t('learn.explorer.quizSeed')}{' '}
          <input
            type="number"
            min={1}
            max={100000}
            value={seed}
            onChange={(e) => {
              const n = Number(e.target.value);
              if (Number.isInteger(n) && n >= 1 && n <= 100000) {
                setSeed(n);
                setAnswers({});
              }
            }}
            data-testid="qx-quiz-seed"
          />
        </label>
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setSeed((seed % 100000) + 1);
            setAnswers({});
          }}
          data-testid="qx-new-quiz"
        >
          {t('learn.explorer.newQuiz')}
        </button>
        <label>
          <input type="checkbox" checked={kafka} onChange={(e) => (setKafka(e.target.checked), setAnswers({}))} /> {t('learn.explorer.includeKafka')}
        </label>
      </div>
      {quiz.map((q, i) => {
        const picked = answers[q.id] ?? [];
        return (
          <QuizQuestion key={`${seed}-${q.id}`} q={q} index={i} count={quiz.length} picked={picked} onPick={(c) => pick(q, c)} testId={`qx-q-${i}`}>
            {picked.length > 0 && q.kind !== 'kafka' && (
              <button type="button" className="btn btn-small" onClick={() => onOpen(q.input)}>
                {t('learn.explorer.openInExplorer')}
              </button>
            )}
          </QuizQuestion>
        );
      })}
      <p className="quiz-score" role="status" data-testid="qx-score">
        {answered > 0 && t('learn.explorer.score', { right, n: quiz.length })}
      </p>
    </div>
  );
}

export default function QuorumExplorer() {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'explore' | 'quiz'>('explore');
  const [model, setModel] = useState<Model>({ voters: 5, observers: 0, down: [], side: {} });
  return (
    <div className="learn-dialog explorer" data-testid="quorum-explorer">
      <p className="muted">{t('learn.explorer.intro')}</p>
      <div className="seg" role="group" aria-label={t('learn.explorer.title')}>
        <button type="button" aria-pressed={mode === 'explore'} className={mode === 'explore' ? 'active' : undefined} onClick={() => setMode('explore')} data-testid="qx-mode-explore">
          {t('learn.explorer.explore')}
        </button>
        <button type="button" aria-pressed={mode === 'quiz'} className={mode === 'quiz' ? 'active' : undefined} onClick={() => setMode('quiz')} data-testid="qx-mode-quiz">
          {t('learn.explorer.quiz')}
        </button>
      </div>
      {mode === 'explore' ? (
        <Explore model={model} setModel={setModel} />
      ) : (
        <QuizMode
          onOpen={(input) => {
            setModel(fromInput(input));
            setMode('explore');
          }}
        />
      )}
    </div>
  );
}
