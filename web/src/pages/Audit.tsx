// Audit log: every change, newest first, and a check that the hash chain is unbroken.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, itemsOf, type AuditEntry, type AuditVerification, type List } from '../api';
import { ErrorMessage } from '../components/Alert';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { formatDateTime } from '../format';
import { useSession } from '../session';

const PAGE = 50;

const ACTION_LABELS: Record<string, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Removed',
  login: 'Logged in',
  logout: 'Logged out',
};

export function AuditPage() {
  const { session, can } = useSession();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [more, setMore] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [names, setNames] = useState<Record<string, string>>({});
  const allowed = can('audit.read');

  useEffect(() => {
    if (!allowed) return;
    setEntries(null);
    setError(null);
    api
      .audit(undefined, PAGE)
      .then((list) => {
        const items = itemsOf(list);
        setEntries(items);
        setMore(hasMore(list, items));
      })
      .catch(setError);
    if (can('users.read')) {
      api
        .users()
        .then((list) => setNames(Object.fromEntries(itemsOf(list).map((u) => [u.id, u.username]))))
        .catch(() => undefined);
    }
  }, [allowed, session.program.id]);

  if (!allowed || (error instanceof ApiError && error.status === 403)) return <NoAccess title="Audit log" />;

  const loadMore = async () => {
    if (!entries || entries.length === 0) return;
    setLoadingMore(true);
    try {
      const list = await api.audit(entries[entries.length - 1].seq, PAGE);
      const items = itemsOf(list);
      setEntries([...entries, ...items]);
      setMore(hasMore(list, items));
    } catch (e) {
      setError(e);
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <Page title="Audit log" intro="Every change made in this program, newest first. Each entry is chained to the one before it, so any later edit shows.">
      <VerifyChain />
      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading">Entries</h2>
        <ErrorMessage error={error} />
        {!entries && !error && <Loading what="Loading the audit log" />}
        {entries && entries.length === 0 && <p class="empty">No entries yet.</p>}
        {entries && entries.length > 0 && (
          <table class="audit" data-testid="audit-table">
            <caption class="visually-hidden">Audit log entries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">What</th>
                <th scope="col">Record</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.seq}>
                  <td data-label="#">{e.seq}</td>
                  <td data-label="When">{formatDateTime(e.at)}</td>
                  <td data-label="What">{ACTION_LABELS[e.action] ?? e.action}</td>
                  <td data-label="Record">
                    <span>
                      {e.entity}{' '}
                      <span class="mono" title={e.entity_id}>
                        {shortId(e.entity_id)}
                      </span>
                    </span>
                  </td>
                  <td data-label="By">
                    <span>{e.user_id ? names[e.user_id] ?? <span class="mono">{shortId(e.user_id)}</span> : 'System'}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {more && (
          <button type="button" class="secondary" onClick={loadMore} disabled={loadingMore}>
            {loadingMore ? 'Loading…' : 'Show older entries'}
          </button>
        )}
      </section>
    </Page>
  );
}

/** The server says where the next page starts (next_before); without it, a full page means maybe more. */
function hasMore(list: List<AuditEntry>, items: AuditEntry[]): boolean {
  if (list && 'next_before' in list) return list.next_before !== null && list.next_before !== undefined && items.length > 0;
  return items.length >= PAGE;
}

function shortId(id: string): string {
  return id && id.length > 8 ? `…${id.slice(-8)}` : id;
}

function VerifyChain() {
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.verifyAudit());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Check the log</h2>
      <p class="hint">Recomputes every entry's hash to show that nothing was changed or removed.</p>
      <button type="button" class="primary" onClick={verify} disabled={busy}>
        {busy ? 'Checking…' : 'Verify chain'}
      </button>
      <ErrorMessage error={error} />
      <div role="status" aria-live="polite" data-testid="verify-result">
        {result && result.ok && (
          <div class="alert alert-ok">
            <p>
              The audit log is intact. {result.checked} {result.checked === 1 ? 'entry' : 'entries'} checked.
            </p>
          </div>
        )}
      </div>
      {result && !result.ok && (
        <div class="alert alert-error" role="alert">
          <p>
            The audit log has been changed
            {result.first_broken_seq !== undefined ? ` at entry #${result.first_broken_seq}` : ''}. {result.reason}
          </p>
          <p class="small">{result.checked} entries checked. Tell your program admin and keep a backup of the database as it is now.</p>
        </div>
      )}
    </section>
  );
}
