/**
 * The lesson player: the step's narration, what the step waits for, the claims it makes (checked on the
 * run), the "try it" task with hint and "show me", and the quiz with instant feedback. It sits above the
 * console, so the student reads, types and watches side by side.
 */
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from './store';
import type { LessonPlay } from './store';
import { endLesson, nextStep, previousStep, solveStep, toggleAnswer } from './learn';
import type { L10n } from '../worker/api';
import { QuizQuestion, isRight } from './QuizQuestion';
import { useLang } from './useLang';

function Quiz({ lesson }: { lesson: LessonPlay }) {
  const { t } = useTranslation();
  const quiz = lesson.info.quiz;
  const right = quiz.filter((q) => isRight(q, lesson.answers[q.id] ?? [])).length;
  const answered = quiz.filter((q) => (lesson.answers[q.id] ?? []).length > 0).length;
  return (
    <div className="quiz">
      <p>{t('learn.player.quizIntro')}</p>
      {quiz.map((q, i) => (
        <QuizQuestion key={q.id} q={q} index={i} count={quiz.length} picked={lesson.answers[q.id] ?? []} onPick={(c) => toggleAnswer(q, c)} testId={`quiz-${q.id}`} />
      ))}
      {answered === quiz.length && (
        <p className="quiz-score" data-testid="quiz-score">
          <strong>{t('learn.player.finished', { right, n: quiz.length })}</strong>
        </p>
      )}
    </div>
  );
}

function Claims({ claims, lang }: { claims: Array<{ label: L10n; ok: boolean }>; lang: 'ko' | 'en' }) {
  const { t } = useTranslation();
  if (!claims.length) return null;
  return (
    <div className="lesson-claims">
      <h4>{t('learn.player.claims')}</h4>
      <ul>
        {claims.map((c, i) => (
          <li key={i} className={c.ok ? 'is-good' : 'is-pending'}>
            <span aria-hidden="true">{c.ok ? '✓' : '…'}</span> {c.label[lang]}
            <span className="sr-only"> ({c.ok ? t('learn.player.claimOk') : t('learn.player.claimNo')})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function LessonPlayer() {
  const { t } = useTranslation();
  const lang = useLang();
  const lesson = useLab((s) => s.lesson);
  const playUntil = useLab((s) => s.playUntil);
  const setPanel = useLab((s) => s.setPanel);
  const headRef = useRef<HTMLHeadingElement>(null);
  const index = lesson?.index;
  useEffect(() => {
    // move focus to the new step's text for keyboard and screen-reader users (without scrolling the page)
    headRef.current?.focus({ preventScroll: true });
  }, [index]);
  if (!lesson) return null;
  const { info } = lesson;
  const inQuiz = lesson.index >= info.steps.length;
  const step = info.steps[lesson.index];
  const outcome = lesson.outcome;
  const isTry = step?.kind === 'try';
  const last = lesson.index === info.steps.length - 1;
  const canNext = !lesson.busy && (!isTry || lesson.done);
  return (
    <section className="panel lesson" aria-labelledby="lesson-title" data-testid="lesson">
      <div className="panel-head lesson-head">
        <h2 id="lesson-title">
          <span className="muted">{t('learn.player.label')} · </span>
          {info.title[lang]}
        </h2>
        <button type="button" className="btn btn-small btn-quiet" onClick={() => void endLesson()} data-testid="lesson-leave">
          {t('learn.player.leave')}
        </button>
      </div>
      <div className="lesson-body">
        <div className="lesson-progress" aria-hidden="true">
          {info.steps.map((s, i) => (
            <span key={s.id} className={`dot${i < lesson.index ? ' past' : i === lesson.index ? ' now' : ''}${s.kind === 'try' ? ' try' : ''}`} />
          ))}
          <span className={`dot quiz${inQuiz ? ' now' : ''}`} />
        </div>
        <h3 ref={headRef} tabIndex={-1} className="lesson-step-title" data-testid="lesson-step">
          {inQuiz ? t('learn.player.quizStep') : t('learn.player.step', { i: lesson.index + 1, n: info.steps.length })}
          {isTry && <span className="lesson-try-badge">{t('learn.player.tryIt')}</span>}
        </h3>
        {inQuiz ? (
          <>
            <Quiz lesson={lesson} />
            <div className="lesson-actions">
              <button type="button" className="btn btn-small" onClick={previousStep} data-testid="lesson-back">
                {t('learn.player.back')}
              </button>
              <button type="button" className="btn btn-small btn-primary" onClick={() => setPanel('lessons')} data-testid="lesson-more">
                {t('learn.player.moreLessons')}
              </button>
            </div>
          </>
        ) : (
          step && (
            <>
              <p className="lesson-narration" data-testid="lesson-narration">
                {step.narration[lang]}
              </p>
              {lesson.busy && (
                <p className="muted" role="status">
                  {t('learn.player.running')}
                </p>
              )}
              {!lesson.busy && step.waitLabel && outcome?.waitReached === false && (
                <p className="lesson-warn" role="status">
                  {t('learn.player.waitMissed', { what: step.waitLabel[lang] })}
                </p>
              )}
              {isTry && step.task && (
                <div className={`lesson-task${lesson.done ? ' is-done' : ''}`} data-testid="lesson-task">
                  <p>
                    <strong>{t('learn.player.tryIt')}:</strong> {step.task[lang]}
                  </p>
                  {step.hint && lesson.hint && <p className="muted">💡 {step.hint[lang]}</p>}
                  <p role="status" className={lesson.done ? 'lesson-done' : 'muted'} data-testid="lesson-task-status">
                    {lesson.done ? `✓ ${t('learn.player.done')}` : t('learn.player.notYet')}
                  </p>
                  {!lesson.done && (
                    <div className="lesson-actions">
                      {step.hint && !lesson.hint && (
                        <button type="button" className="btn btn-small" onClick={() => useLab.setState({ lesson: { ...lesson, hint: true } })} data-testid="lesson-hint">
                          {t('learn.player.hint')}
                        </button>
                      )}
                      <button type="button" className="btn btn-small" onClick={() => void solveStep()} disabled={lesson.busy} data-testid="lesson-solve">
                        {t('learn.player.showMe')}
                      </button>
                    </div>
                  )}
                </div>
              )}
              {outcome && (!isTry || lesson.done) && <Claims claims={outcome.claims} lang={lang} />}
              <div className="lesson-actions">
                <button type="button" className="btn btn-small" onClick={previousStep} disabled={lesson.busy || lesson.index === 0} data-testid="lesson-back">
                  {t('learn.player.back')}
                </button>
                {outcome && outcome.endedAt > outcome.startedAt && (
                  <button
                    type="button"
                    className="btn btn-small"
                    disabled={lesson.busy || playUntil !== null}
                    onClick={() => {
                      const st = useLab.getState();
                      void st.seek(outcome.startedAt).then(() => useLab.getState().playTo(outcome.endedAt));
                    }}
                    data-testid="lesson-replay"
                  >
                    {t('learn.player.replay')}
                  </button>
                )}
                <button type="button" className="btn btn-small btn-primary" onClick={() => void nextStep()} disabled={!canNext} data-testid="lesson-next">
                  {last ? t('learn.player.toQuiz') : t('learn.player.next')}
                </button>
              </div>
            </>
          )
        )}
      </div>
    </section>
  );
}
