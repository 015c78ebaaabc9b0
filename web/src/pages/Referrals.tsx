// Referrals: the board of referrals due for follow-up (with the next steps as buttons), all
// referrals by status, and the directory of services people are referred to (ResourceDirectory.tsx). Statuses move
// forward only: made → accepted → attended or did not attend → closed (any open one may close).
import { useState } from 'preact/hooks';
import { api, ApiError, itemsOf, type Referral, type ReferralStatus } from '../api';
import { ErrorMessage, StatusMessage } from '../components/Alert';
import { SelectField } from '../components/Field';
import { DateField } from '../components/Inputs';
import { Link } from '../components/Link';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { Segmented } from '../components/Segmented';
import { useLoad } from '../components/useLoad';
import { formatDateTime } from '../format';
import {
  addDays,
  daysFromToday,
  formatDay,
  label,
  NEXT_STATUSES,
  optionsOf,
  queryParam,
  REFERRAL_STATUS_LABELS,
  RESOURCE_KIND_LABELS,
  STATUS_ACTIONS,
  todayDay,
} from '../labels';
import { navigate } from '../router';
import { useSession } from '../session';
import { Directory } from './ResourceDirectory';

type Tab = 'board' | 'list' | 'directory';

const PAGE = 20;

export function ReferralsPage() {
  const { can } = useSession();
  const allowed = can('referrals.read');
  const initial = queryParam('tab');
  const [tab, setTabRaw] = useState<Tab>(initial === 'list' || initial === 'directory' ? initial : 'board');
  const [message, setMessage] = useState('');

  if (!allowed) return <NoAccess title="Referrals" />;

  const setTab = (t: Tab) => {
    setTabRaw(t);
    setMessage('');
    navigate(t === 'board' ? '/referrals' : `/referrals?tab=${t}`, true);
  };

  return (
    <Page title="Referrals" intro="Connecting people with services, and following up.">
      <Segmented
        label="Show"
        value={tab}
        onValue={setTab}
        options={[
          { value: 'board', label: 'Follow up' },
          { value: 'list', label: 'All' },
          { value: 'directory', label: 'Directory' },
        ]}
      />
      <StatusMessage>{message}</StatusMessage>
      {tab === 'board' && <Board onMessage={setMessage} />}
      {tab === 'list' && <ReferralList />}
      {tab === 'directory' && <Directory onMessage={setMessage} />}
    </Page>
  );
}

function Board({ onMessage }: { onMessage: (m: string) => void }) {
  const { session, can } = useSession();
  const board = useLoad(() => api.referralBoard().then(itemsOf), [session.program.id]);
  // The overdue list can be long: it shows a page at a time.
  const [making, setMaking] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const writable = can('referrals.write');
  const today = todayDay();
  const all = board.data ?? [];
  const groups = [
    { key: 'today', title: 'Due today', items: all.filter((r) => !r.follow_up_on || r.follow_up_on >= today) },
    { key: 'overdue', title: 'Overdue', items: all.filter((r) => r.follow_up_on && r.follow_up_on < today) },
  ];
  const changed = (next: Referral, text: string) => {
    onMessage(text);
    // Closed ones and ones moved to a later day leave the board.
    if (next.status === 'closed' || (next.follow_up_on && next.follow_up_on > today)) {
      board.set(all.filter((x) => x.id !== next.id));
    } else {
      board.set(all.map((x) => (x.id === next.id ? next : x)));
    }
  };

  return (
    <section aria-labelledby="board-heading">
      <div class="list-head">
        <h2 id="board-heading">Due for follow-up</h2>
        {writable && !making && (
          <button type="button" class="primary" onClick={() => setMaking(true)}>
            Make a referral
          </button>
        )}
      </div>
      {making && (
        <NewReferral
          onCancel={() => setMaking(false)}
          onMade={(r) => {
            setMaking(false);
            onMessage(`Referral made to ${r.resource_name}${r.follow_up_on ? `, follow up on ${formatDay(r.follow_up_on)}` : ''}.`);
            board.reload();
          }}
        />
      )}
      <ErrorMessage error={board.error} />
      {!board.data && !board.error && <Loading what="Loading the board" />}
      {board.data && board.data.length === 0 && <p class="empty">Nothing is due. Referrals appear here on their follow-up day.</p>}
      {board.data && board.data.length > 0 && (
        <div data-testid="referral-board">
          {groups.map((g) =>
            g.items.length === 0 ? null : (
              <div key={g.key} class="board-group">
                <h3 id={`board-${g.key}`}>
                  {g.title} ({g.items.length})
                </h3>
                <ul class="cards" aria-labelledby={`board-${g.key}`}>
                  {g.items.slice(0, g.key === 'overdue' ? shown : undefined).map((r) => (
                    <ReferralCard key={r.id} referral={r} writable={writable} onChanged={changed} />
                  ))}
                </ul>
                {g.key === 'overdue' && g.items.length > shown && (
                  <button type="button" class="secondary" onClick={() => setShown(shown + PAGE)}>
                    Show {Math.min(PAGE, g.items.length - shown)} more
                  </button>
                )}
              </div>
            ),
          )}
        </div>
      )}
    </section>
  );
}

function ReferralCard({
  referral: r,
  writable,
  onChanged,
}: {
  referral: Referral;
  writable: boolean;
  onChanged: (next: Referral, message: string) => void;
}) {
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<unknown>(null);
  const overdue = r.follow_up_on ? -daysFromToday(r.follow_up_on) : 0;

  const update = async (what: string, patch: { status?: ReferralStatus; follow_up_on?: string }, text: (n: Referral) => string) => {
    setBusy(what);
    setError(null);
    try {
      const next = await api.updateReferral(r.id, patch);
      onChanged(next, text(next));
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };

  const who = r.display_code ? `for ${r.display_code}` : 'without a code';
  return (
    <li class="card referral" data-referral={r.id} data-status={r.status}>
      <div class="card-row">
        <h3>
          <Link href={`/referrals/${r.id}`}>{r.resource_name}</Link>
        </h3>
        <span class={`badge status-${r.status}`} data-testid="referral-status">
          {label(REFERRAL_STATUS_LABELS, r.status)}
        </span>
      </div>
      <p class="meta">
        {r.display_code ? <strong class="display-code">{r.display_code}</strong> : 'No code'} · made {formatDay(r.made_at)}
      </p>
      {r.follow_up_on && (
        <p class="meta small">
          Follow up {formatDay(r.follow_up_on)}
          {overdue > 0 ? ` · ${overdue} ${overdue === 1 ? 'day' : 'days'} overdue` : overdue === 0 ? ' · today' : ''}
        </p>
      )}
      <ErrorMessage error={error} />
      {writable && NEXT_STATUSES[r.status].length > 0 && (
        <div class="actions" role="group" aria-label={`Next step for the referral to ${r.resource_name} ${who}`}>
          {NEXT_STATUSES[r.status].map((s) => (
            <button
              key={s}
              type="button"
              class={s === 'closed' ? 'secondary' : 'primary'}
              disabled={!!busy}
              onClick={() => update(s, { status: s }, (n) => `${n.resource_name} ${who}: ${label(REFERRAL_STATUS_LABELS, n.status).toLowerCase()}.`)}
            >
              {busy === s ? 'Saving…' : STATUS_ACTIONS[s]}
            </button>
          ))}
          <button
            type="button"
            class="secondary"
            disabled={!!busy}
            onClick={() =>
              update('later', { follow_up_on: addDays(todayDay(), 7) }, (n) => `${n.resource_name} ${who}: follow up on ${formatDay(n.follow_up_on)}.`)
            }
          >
            {busy === 'later' ? 'Saving…' : 'Follow up in a week'}
          </button>
        </div>
      )}
    </li>
  );
}

function NewReferral({ onMade, onCancel }: { onMade: (r: Referral) => void; onCancel: () => void }) {
  const { session } = useSession();
  const resources = useLoad(() => api.resources().then((l) => itemsOf(l).filter((r) => !r.archived)), [session.program.id]);
  const settings = useLoad(() => api.settings(), [session.program.id]);
  const [resourceId, setResourceId] = useState('');
  const [followUp, setFollowUp] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};
  const day = followUp ?? addDays(todayDay(), settings.data?.follow_up_days ?? 7);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onMade(await api.createReferral({ resource_id: resourceId, ...(day ? { follow_up_on: day } : {}) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card form-card" aria-labelledby="new-referral-heading">
      <h3 id="new-referral-heading">Make a referral</h3>
      <p class="hint">For a person with a code, make the referral while logging their encounter.</p>
      <form onSubmit={submit} noValidate>
        <ErrorMessage error={error} />
        <ErrorMessage error={resources.error} />
        <SelectField
          id="new-referral-resource"
          label="Refer to"
          value={resourceId}
          onValue={setResourceId}
          options={[
            { value: '', label: 'Choose a service…' },
            ...(resources.data ?? []).map((r) => ({ value: r.id, label: `${r.name} (${label(RESOURCE_KIND_LABELS, r.kind)})` })),
          ]}
          error={fields.resource_id}
        />
        <DateField id="new-referral-follow-up" label="Follow up on" optional value={day} onValue={setFollowUp} error={fields.follow_up_on} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Make referral'}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}

function ReferralList() {
  const { session } = useSession();
  const [status, setStatus] = useState<ReferralStatus | ''>('');
  const [resourceId, setResourceId] = useState('');
  const resources = useLoad(() => api.resources().then(itemsOf), [session.program.id]);
  const filter = { ...(status ? { status } : {}), ...(resourceId ? { resource_id: resourceId } : {}) };
  const [extra, setExtra] = useState<Referral[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const list = useLoad(
    () =>
      api.referrals(filter).then((l) => {
        setExtra([]);
        setNext(l.next_after ?? null);
        return itemsOf(l);
      }),
    [session.program.id, status, resourceId],
  );

  const more = async () => {
    if (!next) return;
    try {
      const l = await api.referrals(filter, next);
      setExtra([...extra, ...itemsOf(l)]);
      setNext(l.next_after ?? null);
    } catch (e) {
      setMoreError(e);
    }
  };

  const all = [...(list.data ?? []), ...extra];
  return (
    <section aria-labelledby="list-heading">
      <h2 id="list-heading">All referrals</h2>
      <div class="filters">
      <SelectField
        id="referral-status-filter"
        label="Status"
        value={status}
        onValue={(v) => setStatus(v as ReferralStatus | '')}
        options={[{ value: '', label: 'Any status' }, ...optionsOf(REFERRAL_STATUS_LABELS)]}
      />
      <SelectField
        id="referral-resource-filter"
        label="Service"
        value={resourceId}
        onValue={setResourceId}
        options={[{ value: '', label: 'Any service' }, ...(resources.data ?? []).map((r) => ({ value: r.id, label: r.name }))]}
      />
      </div>
      <ErrorMessage error={list.error ?? moreError} />
      {!list.data && !list.error && <Loading what="Loading referrals" />}
      {list.data && all.length === 0 && <p class="empty">No referrals{status ? ' with this status' : ''}.</p>}
      <ul class="cards" data-testid="referral-list">
        {all.map((r) => (
          <li key={r.id} class="card">
            <div class="card-row">
              <h3>
                <Link href={`/referrals/${r.id}`}>{r.resource_name}</Link>
              </h3>
              <span class={`badge status-${r.status}`}>{label(REFERRAL_STATUS_LABELS, r.status)}</span>
            </div>
            <p class="meta small">
              {r.display_code ?? 'No code'} · made {formatDay(r.made_at)}
              {r.follow_up_on && r.status !== 'closed' ? ` · follow up ${formatDay(r.follow_up_on)}` : ''}
            </p>
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" class="secondary" onClick={more}>
          More
        </button>
      )}
    </section>
  );
}

export function ReferralPage({ id }: { id: string }) {
  const { can } = useSession();
  const allowed = can('referrals.read');
  const referral = useLoad(allowed ? () => api.referral(id) : null, [id, allowed]);
  const [message, setMessage] = useState('');
  const [followUp, setFollowUp] = useState<string | null>(null);
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<unknown>(null);

  if (!allowed) return <NoAccess title="Referral" />;
  const r = referral.data;
  const writable = can('referrals.write');

  const update = async (what: string, patch: { status?: ReferralStatus; follow_up_on?: string }) => {
    setBusy(what);
    setError(null);
    try {
      const next = await api.updateReferral(id, patch);
      referral.set(next);
      setFollowUp(null);
      setMessage(patch.status ? `Now: ${label(REFERRAL_STATUS_LABELS, next.status)}.` : `Follow up on ${formatDay(next.follow_up_on)}.`);
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };
  const fields = error instanceof ApiError ? error.fieldErrors : {};

  return (
    <Page title={r ? `Referral to ${r.resource_name}` : 'Referral'}>
      <p>
        <Link href="/referrals">← Referrals</Link>
      </p>
      <StatusMessage>{message}</StatusMessage>
      <ErrorMessage error={referral.error} />
      {!r && !referral.error && <Loading what="Loading the referral" />}
      {r && (
        <>
          <section class="card" aria-labelledby="referral-facts-heading">
            <h2 id="referral-facts-heading" class="visually-hidden">
              About this referral
            </h2>
            <dl class="facts">
              <div>
                <dt>Status</dt>
                <dd data-testid="referral-status">{label(REFERRAL_STATUS_LABELS, r.status)}</dd>
              </div>
              <div>
                <dt>Code</dt>
                <dd>
                  {r.participant_id && can('participants.read') ? (
                    <Link href={`/participants/${r.participant_id}`}>{r.display_code}</Link>
                  ) : (
                    r.display_code ?? 'No code'
                  )}
                </dd>
              </div>
              <div>
                <dt>Made</dt>
                <dd>{formatDateTime(r.made_at)}</dd>
              </div>
              <div>
                <dt>{r.status === 'closed' ? 'Closed' : 'Follow up'}</dt>
                <dd>{r.status === 'closed' ? formatDateTime(r.closed_at) : formatDay(r.follow_up_on)}</dd>
              </div>
            </dl>
            <ErrorMessage error={error} />
            {writable && NEXT_STATUSES[r.status].length > 0 && (
              <div class="actions" role="group" aria-label="Next step">
                {NEXT_STATUSES[r.status].map((s) => (
                  <button key={s} type="button" class={s === 'closed' ? 'secondary' : 'primary'} disabled={!!busy} onClick={() => update(s, { status: s })}>
                    {busy === s ? 'Saving…' : STATUS_ACTIONS[s]}
                  </button>
                ))}
              </div>
            )}
          </section>
          {writable && r.status !== 'closed' && (
            <section class="card" aria-labelledby="follow-heading">
              <h2 id="follow-heading">Change the follow-up day</h2>
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  void update('follow', { follow_up_on: followUp ?? r.follow_up_on ?? todayDay() });
                }}
                noValidate
              >
                <DateField id="referral-follow-up-day" label="Follow up on" value={followUp ?? r.follow_up_on ?? ''} onValue={setFollowUp} error={fields.follow_up_on} />
                <button type="submit" class="secondary" disabled={!!busy}>
                  {busy === 'follow' ? 'Saving…' : 'Save day'}
                </button>
              </form>
            </section>
          )}
          <section aria-labelledby="history-heading">
            <h2 id="history-heading">What happened</h2>
            <ol class="timeline">
              {(r.history ?? []).map((h, i) => (
                <li key={i}>
                  <strong>{label(REFERRAL_STATUS_LABELS, h.status)}</strong> <span class="meta small">{formatDateTime(h.at)}</span>
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </Page>
  );
}
