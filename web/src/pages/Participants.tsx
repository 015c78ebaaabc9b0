// Participants: find a code (by the code questions, a card, or the short display code), see
// and update the few optional attributes a program records, and — for coordinators — merge
// codes that belong to the same person. A participant is only ever a code here: no names.
import { useState } from 'preact/hooks';
import { api, ApiError, itemsOf, type AttributeName, type DuplicatePair, type Participant } from '../api';
import { ErrorMessage, StatusMessage } from '../components/Alert';
import { CodeFinder } from '../components/CodeFinder';
import { SelectField, TextField } from '../components/Field';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { useLoad } from '../components/useLoad';
import { formatDate } from '../format';
import { ATTRIBUTE_LABELS, ATTRIBUTE_OPTIONS, attributeValueLabel } from '../labels';
import { navigate } from '../router';
import { useSession } from '../session';

export function ParticipantsPage() {
  const { session, can } = useSession();
  const allowed = can('participants.read');
  const settings = useLoad(allowed ? () => api.settings() : null, [session.program.id, allowed]);
  const [code, setCode] = useState('');
  const [matches, setMatches] = useState<Participant[] | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [searching, setSearching] = useState(false);

  if (!allowed) return <NoAccess title="Participants" />;

  const search = async (e: Event) => {
    e.preventDefault();
    const q = code.trim().toUpperCase();
    if (!q) return;
    setSearching(true);
    setSearchError(null);
    try {
      setMatches(itemsOf(await api.participants(q)));
    } catch (err) {
      setSearchError(err);
    } finally {
      setSearching(false);
    }
  };

  return (
    <Page title="Participants" intro="Find a person’s code to see their visits or update what they chose to share.">
      <section class="card" aria-labelledby="find-heading">
        <h2 id="find-heading">Find with the person</h2>
        {settings.error ? <ErrorMessage error={settings.error} /> : null}
        {!settings.data && !settings.error && <Loading what="Loading" />}
        {settings.data && (
          <CodeFinder
            settings={settings.data}
            idPrefix="find"
            canCreate={can('participants.write')}
            onFound={(p) => navigate(`/participants/${p.id}`)}
          />
        )}
      </section>

      <section class="card" aria-labelledby="search-heading">
        <h2 id="search-heading">Look up a code</h2>
        <form onSubmit={search} noValidate>
          <TextField
            id="code-search"
            label="Code"
            hint="The short code, or its first few letters, for example K7Q."
            value={code}
            onValue={setCode}
            autoCapitalize="characters"
            autoComplete="off"
            spellcheck={false}
            maxLength={40}
          />
          <button type="submit" class="secondary" disabled={searching}>
            {searching ? 'Searching…' : 'Search'}
          </button>
        </form>
        <ErrorMessage error={searchError} />
        {matches && matches.length === 0 && <p class="empty">No code starts with that.</p>}
        {matches && matches.length > 0 && (
          <ul class="plain-list link-list" data-testid="code-matches">
            {matches.map((p) => (
              <li key={p.id}>
                <Link href={`/participants/${p.id}`}>
                  <strong class="display-code">{p.display_code}</strong> · seen {p.encounter_count}{' '}
                  {p.encounter_count === 1 ? 'time' : 'times'}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {can('participants.merge') && (
        <p>
          <Link href="/participants/duplicates" class="button secondary">
            Possible duplicate codes
          </Link>
        </p>
      )}
    </Page>
  );
}

export function ParticipantPage({ id }: { id: string }) {
  const { session, can } = useSession();
  const allowed = can('participants.read');
  const participant = useLoad(allowed ? () => api.participant(id) : null, [id, allowed]);
  const settings = useLoad(allowed ? () => api.settings() : null, [session.program.id, allowed]);
  const [message, setMessage] = useState('');

  if (!allowed) return <NoAccess title="Participant" />;
  const p = participant.data;

  return (
    <Page title={p ? `Code ${p.display_code}` : 'Participant'}>
      <p>
        <Link href="/participants">← All participants</Link>
      </p>
      <StatusMessage>{message}</StatusMessage>
      {participant.error ? <ErrorMessage error={participant.error} /> : null}
      {!p && !participant.error && <Loading what="Loading the code" />}
      {p && (
        <>
          {p.merged_into && (
            <div class="alert alert-warn">
              <p>
                This code was merged into another. <Link href={`/participants/${p.merged_into}`}>Open the code it was merged into</Link>.
              </p>
            </div>
          )}
          <section class="card" aria-labelledby="about-heading">
            <h2 id="about-heading" class="visually-hidden">
              About this code
            </h2>
            <dl class="facts" data-testid="participant-facts">
              <div>
                <dt>Code</dt>
                <dd class="display-code">{p.display_code}</dd>
              </div>
              <div>
                <dt>Made from</dt>
                <dd>{p.code_kind === 'card' ? 'A card' : 'Code questions'}</dd>
              </div>
              <div>
                <dt>Visits</dt>
                <dd>{p.encounter_count}</dd>
              </div>
              <div>
                <dt>First seen</dt>
                <dd>{formatDate(p.first_seen_at)}</dd>
              </div>
              <div>
                <dt>Last seen</dt>
                <dd>{formatDate(p.last_seen_at)}</dd>
              </div>
            </dl>
            {can('participants.history') && (
              <p class="actions">
                <Link href={`/participants/${p.id}/history`} class="button secondary">
                  Visits and referrals
                </Link>
              </p>
            )}
          </section>
          {settings.data && settings.data.attributes.length > 0 && (
            <Attributes
              key={p.updated_at}
              participant={p}
              names={settings.data.attributes}
              writable={can('participants.write')}
              onSaved={(next) => {
                participant.set(next);
                setMessage('Saved.');
              }}
            />
          )}
        </>
      )}
    </Page>
  );
}

function Attributes({
  participant,
  names,
  writable,
  onSaved,
}: {
  participant: Participant;
  names: AttributeName[];
  writable: boolean;
  onSaved: (p: Participant) => void;
}) {
  const initial = () => Object.fromEntries(names.map((n) => [n, participant.attributes?.[n] ?? ''])) as Record<string, string>;
  const [values, setValues] = useState<Record<string, string>>(initial);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};

  if (!writable) {
    return (
      <section class="card" aria-labelledby="attr-heading">
        <h2 id="attr-heading">What the person shared</h2>
        <dl class="facts">
          {names.map((n) => (
            <div key={n}>
              <dt>{ATTRIBUTE_LABELS[n] ?? n}</dt>
              <dd>{attributeValueLabel(n, participant.attributes?.[n])}</dd>
            </div>
          ))}
        </dl>
      </section>
    );
  }

  const save = async (e: Event) => {
    e.preventDefault();
    const changed: Partial<Record<AttributeName, string | null>> = {};
    for (const n of names) {
      const now = values[n] || null;
      if (now !== (participant.attributes?.[n] ?? null)) changed[n] = now;
    }
    if (Object.keys(changed).length === 0) return;
    setBusy(true);
    setError(null);
    try {
      onSaved(await api.updateParticipant(participant.id, changed));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="attr-heading">
      <h2 id="attr-heading">What the person shared</h2>
      <p class="hint">Only what the person is happy to say. Every answer can stay “Not recorded”.</p>
      <form onSubmit={save} noValidate>
        <ErrorMessage error={error} />
        {names.map((n) => (
          <SelectField
            key={n}
            id={`attr-${n}`}
            label={ATTRIBUTE_LABELS[n] ?? n}
            optional
            value={values[n] ?? ''}
            onValue={(v) => setValues({ ...values, [n]: v })}
            options={[{ value: '', label: 'Not recorded' }, ...(ATTRIBUTE_OPTIONS[n] ?? [])]}
            error={fields[`attributes.${n}`] ?? fields[n]}
          />
        ))}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
      </form>
    </section>
  );
}

export function DuplicatesPage() {
  const { session, can } = useSession();
  const allowed = can('participants.merge');
  const pairs = useLoad(allowed ? () => api.duplicates().then(itemsOf) : null, [session.program.id, allowed]);
  const [message, setMessage] = useState('');
  const [shown, setShown] = useState(20);

  if (!allowed || (pairs.error instanceof ApiError && pairs.error.status === 403)) return <NoAccess title="Possible duplicate codes" />;

  return (
    <Page
      title="Possible duplicate codes"
      intro="Codes whose answers differ in one part may be the same person who answered a question differently. Merge them only when you are sure."
    >
      <p>
        <Link href="/participants">← All participants</Link>
      </p>
      <StatusMessage>{message}</StatusMessage>
      {pairs.error ? <ErrorMessage error={pairs.error} /> : null}
      {!pairs.data && !pairs.error && <Loading what="Looking for similar codes" />}
      {pairs.data && pairs.data.length === 0 && <p class="empty">No possible duplicates right now.</p>}
      {pairs.data && pairs.data.length > 0 && (
        <p class="meta">
          {pairs.data.length} {pairs.data.length === 1 ? 'pair' : 'pairs'} to check.
        </p>
      )}
      {pairs.data && pairs.data.length > 0 && (
        <ul class="cards" data-testid="duplicate-list">
          {pairs.data.slice(0, shown).map((pair) => (
            <DuplicateCard
              key={`${pair.a.id}-${pair.b.id}`}
              pair={pair}
              onMerged={(kept, gone) => {
                setMessage(`Merged ${gone} into ${kept.display_code}.`);
                pairs.reload();
              }}
            />
          ))}
        </ul>
      )}
      {pairs.data && pairs.data.length > shown && (
        <button type="button" class="secondary" onClick={() => setShown(shown + 20)}>
          Show {Math.min(20, pairs.data.length - shown)} more
        </button>
      )}
    </Page>
  );
}

function DuplicateCard({ pair, onMerged }: { pair: DuplicatePair; onMerged: (kept: Participant, gone: string) => void }) {
  const [keep, setKeep] = useState<'a' | 'b' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const seen = (p: Participant) => `${p.encounter_count} ${p.encounter_count === 1 ? 'visit' : 'visits'}, last ${formatDate(p.last_seen_at)}`;
  const kept = keep === 'a' ? pair.a : pair.b;
  const gone = keep === 'a' ? pair.b : pair.a;

  const merge = async () => {
    setBusy(true);
    setError(null);
    try {
      onMerged(await api.mergeParticipant(kept.id, gone.id), gone.display_code);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="card">
      <div class="pair">
        <p>
          <strong class="display-code">{pair.a.display_code}</strong>
          <span class="meta small"> · {seen(pair.a)}</span>
        </p>
        <p>
          <strong class="display-code">{pair.b.display_code}</strong>
          <span class="meta small"> · {seen(pair.b)}</span>
        </p>
      </div>
      <p class="meta">{pair.reason}</p>
      <ErrorMessage error={error} />
      {!keep && (
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setKeep('a')}>
            Keep {pair.a.display_code}
          </button>
          <button type="button" class="secondary" onClick={() => setKeep('b')}>
            Keep {pair.b.display_code}
          </button>
        </div>
      )}
      {keep && (
        <div class="confirm" role="group" aria-label="Confirm the merge">
          <p>
            Move every visit and referral of {gone.display_code} to {kept.display_code}? Both codes will then find{' '}
            {kept.display_code}.
          </p>
          <div class="actions">
            <button type="button" class="danger" disabled={busy} onClick={merge}>
              {busy ? 'Merging…' : `Yes, merge into ${kept.display_code}`}
            </button>
            <button type="button" class="secondary" onClick={() => setKeep(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
