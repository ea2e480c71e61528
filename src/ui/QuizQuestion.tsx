/**
 * One quiz question with instant feedback (the lesson quiz and the quorum-math quiz): a radio or, when
 * several answers are right, checkbox per choice; the feedback of each picked choice; a verdict.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Question } from '../worker/api';
import { useLang } from './useLang';

export function isRight(q: Question, picked: readonly string[]): boolean {
  return picked.length === q.correct.length && q.correct.every((c) => picked.includes(c));
}

/** The picked choices after clicking `choice` (toggle for pick-all questions, replace otherwise). */
export function pickChoice(q: Question, had: readonly string[], choice: string): string[] {
  if (q.correct.length <= 1) return [choice];
  return had.includes(choice) ? had.filter((c) => c !== choice) : [...had, choice];
}

export function QuizQuestion(props: { q: Question; index: number; count: number; picked: readonly string[]; onPick(choice: string): void; testId: string; children?: ReactNode }) {
  const { q, index, count, picked, onPick, testId, children } = props;
  const { t } = useTranslation();
  const lang = useLang();
  const multiple = q.correct.length > 1;
  const wrongPick = picked.some((p) => !q.correct.includes(p));
  const verdict = !picked.length ? null : isRight(q, picked) ? 'correct' : wrongPick ? 'wrong' : 'partly';
  return (
    <fieldset className="quiz-q" data-testid={testId}>
      <legend>
        <span className="muted">{t('learn.explorer.question', { i: index + 1, n: count })}</span> {q.prompt[lang]}
      </legend>
      {multiple && <p className="muted small">{t('learn.player.pickAll')}</p>}
      <ul className="quiz-choices">
        {q.choices.map((c) => {
          const on = picked.includes(c.id);
          const good = q.correct.includes(c.id);
          return (
            <li key={c.id}>
              <label className={`quiz-choice${on ? (good ? ' is-good' : ' is-bad') : ''}`}>
                <input type={multiple ? 'checkbox' : 'radio'} name={`q-${q.id}`} checked={on} onChange={() => onPick(c.id)} data-testid={`choice-${q.id}-${c.id}`} />
                <span>{c.text[lang]}</span>
                {on && (
                  <span className="quiz-mark" aria-hidden="true">
                    {good ? '✓' : '✕'}
                  </span>
                )}
              </label>
              {on && <p className={`quiz-feedback ${good ? 'is-good' : 'is-bad'}`}>{c.feedback[lang]}</p>}
            </li>
          );
        })}
      </ul>
      {verdict && (
        <p className={`quiz-verdict is-${verdict}`} role="status" data-testid={`verdict-${q.id}`}>
          {t(`learn.player.${verdict}`)}
        </p>
      )}
      {children}
    </fieldset>
  );
}
