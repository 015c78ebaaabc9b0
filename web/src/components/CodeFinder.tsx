// Finding a participant's code: by the answers of the unique identifier code (the questions
// come from the program's settings) or by the code on their card. The answers go to the
// server only to be hashed; they are never stored or shown again. When no code matches, the
// worker can create it (or give a new card) in one tap.
import { useState } from 'preact/hooks';
import { api, ApiError, type CodeKey, type Lookup, type Participant, type Settings, type UicAnswer } from '../api';
import { UIC_QUESTIONS } from '../labels';
import { ErrorMessage } from './Alert';
import { TextField } from './Field';
import { Segmented } from './Segmented';

export type Way = 'answers' | 'card';

/** How a program usually finds codes: by the code questions, or by card. */
export function defaultWay(settings: Settings): Way {
  return settings.code_mode === 'card' || (settings.uic_formula ?? []).length === 0 ? 'card' : 'answers';
}

export function CodeFinder({
  settings,
  idPrefix,
  canCreate,
  onFound,
  way: given,
}: {
  settings: Settings;
  idPrefix: string;
  canCreate: boolean;
  onFound: (participant: Participant, how: 'found' | 'created') => void;
  /** Chosen outside (the encounter form has one switch for questions, card or anonymous). */
  way?: Way;
}) {
  const formula = settings.uic_formula ?? [];
  const [own, setWay] = useState<Way>(defaultWay(settings));
  const way = given ?? own;
  const [answers, setAnswers] = useState<Partial<Record<UicAnswer, string>>>({});
  const [card, setCard] = useState('');
  const [result, setResult] = useState<Lookup | null>(null);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState('');

  const serverFields = error instanceof ApiError ? error.fieldErrors : {};
  const fieldError = (name: string) =>
    missing[name] ?? serverFields[`answers.${name}`] ?? serverFields[name] ?? serverFields[`answers[${name}]`];

  /** The key to send, or null after marking what is missing. */
  const key = (): CodeKey | null => {
    if (way === 'card') {
      const code = card.trim().toUpperCase();
      if (!code) {
        setMissing({ card_code: 'is needed' });
        return null;
      }
      setMissing({});
      return { card_code: code };
    }
    const out: Partial<Record<UicAnswer, string | number>> = {};
    const gaps: Record<string, string> = {};
    for (const part of formula) {
      const raw = (answers[part.answer] ?? '').trim();
      const q = UIC_QUESTIONS[part.answer];
      if (!raw) {
        gaps[part.answer] = 'is needed';
        continue;
      }
      if (q?.numeric) {
        const n = Number(raw);
        if (!Number.isInteger(n) || (q.min !== undefined && n < q.min) || (q.max !== undefined && n > q.max)) {
          gaps[part.answer] = `must be a number from ${q.min} to ${q.max}`;
          continue;
        }
        out[part.answer] = n;
      } else {
        out[part.answer] = raw;
      }
    }
    setMissing(gaps);
    return Object.keys(gaps).length ? null : { answers: out };
  };

  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };

  const find = (e: Event) => {
    e.preventDefault();
    const k = key();
    if (!k) return;
    void run('find', async () => {
      setResult(null);
      const found = await api.lookupParticipant(k);
      setResult(found);
      if (found.participant) onFound(found.participant, 'found');
    });
  };

  const create = () => {
    const k = key();
    if (!k) return;
    void run('create', async () => {
      try {
        onFound(await api.createParticipant(k), 'created');
      } catch (e) {
        // Someone made the same code a moment ago: use it.
        const existing = e instanceof ApiError && e.status === 409 ? e.problem.participant_id : null;
        if (typeof existing === 'string') onFound(await api.participant(existing), 'found');
        else throw e;
      }
    });
  };

  const newCard = () =>
    run('card', async () => {
      onFound(await api.createParticipant({ new_card: true }), 'created');
    });

  const change = (w: Way) => {
    setWay(w);
    setResult(null);
    setMissing({});
    setError(null);
  };

  return (
    <form class="code-finder" onSubmit={find} noValidate aria-label="Find a participant's code">
      {!given && formula.length > 0 && (
        <Segmented
          label="How to find the code"
          value={way}
          onValue={change}
          options={[
            { value: 'answers', label: 'Code questions' },
            { value: 'card', label: 'Card' },
          ]}
        />
      )}
      {way === 'answers' ? (
        <div class="answers">
          {formula.map((part) => {
            const q = UIC_QUESTIONS[part.answer];
            return (
              <div key={part.answer} class={q?.numeric || part.answer === 'gender' ? 'half' : 'whole'}>
              <TextField
                id={`${idPrefix}-${part.answer}`}
                label={q?.label ?? part.answer}
                hint={q?.hint}
                value={answers[part.answer] ?? ''}
                onValue={(v) => {
                  setAnswers({ ...answers, [part.answer]: v });
                  setResult(null);
                }}
                inputMode={q?.numeric ? 'numeric' : 'text'}
                autoComplete="off"
                autoCapitalize={part.answer === 'gender' ? 'characters' : 'words'}
                autoCorrect="off"
                spellcheck={false}
                maxLength={q?.maxLength}
                error={fieldError(part.answer)}
              />
              </div>
            );
          })}
        </div>
      ) : (
        <TextField
          id={`${idPrefix}-card`}
          label="Card code"
          hint="As printed on the card, for example C-7KQ3-XF9M."
          value={card}
          onValue={(v) => {
            setCard(v);
            setResult(null);
          }}
          autoComplete="off"
          autoCapitalize="characters"
          autoCorrect="off"
          spellcheck={false}
          maxLength={40}
          error={fieldError('card_code')}
        />
      )}
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="submit" class="primary" disabled={!!busy}>
          {busy === 'find' ? 'Looking…' : 'Find code'}
        </button>
        {way === 'card' && canCreate && (
          <button type="button" class="secondary" disabled={!!busy} onClick={newCard}>
            {busy === 'card' ? 'Making a card…' : 'Give a new card'}
          </button>
        )}
      </div>
      {result && !result.participant && (
        <div class="not-found" role="status">
          <p>
            <strong>No code matches {way === 'card' ? 'this card' : 'these answers'}.</strong>{' '}
            {way === 'answers' ? 'Check the answers with the person, or create the code if this is their first visit.' : ''}
          </p>
          {result.likely_duplicates.length > 0 && (
            <div class="similar">
              <p>Similar codes already exist. If one of them is this person, use it:</p>
              <ul class="plain-list">
                {result.likely_duplicates.map((p) => (
                  <li key={p.id}>
                    <button type="button" class="secondary" onClick={() => onFound(p, 'found')}>
                      Use {p.display_code} (seen {p.encounter_count} {p.encounter_count === 1 ? 'time' : 'times'})
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          )}
          {canCreate && (
            <button type="button" class="primary" disabled={!!busy} onClick={create}>
              {busy === 'create' ? 'Creating…' : way === 'answers' ? 'Create this code' : 'Register this card'}
            </button>
          )}
        </div>
      )}
    </form>
  );
}
