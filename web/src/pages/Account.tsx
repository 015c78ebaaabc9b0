// My account: change password, and API tokens for scripts (the secret is shown only once).
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, itemsOf, type ApiToken, type NewApiToken } from '../api';
import { ErrorMessage, StatusMessage } from '../components/Alert';
import { TextField } from '../components/Field';
import { Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { formatDate, roleLabel } from '../format';
import { useSession } from '../session';

export function AccountPage() {
  const { session } = useSession();
  return (
    <Page title="My account">
      <section class="card" aria-labelledby="me-heading">
        <h2 id="me-heading">You</h2>
        <dl class="facts">
          <div>
            <dt>Name</dt>
            <dd>{session.user.display_name}</dd>
          </div>
          <div>
            <dt>Username</dt>
            <dd>{session.user.username}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{roleLabel(session.user.role)}</dd>
          </div>
          <div>
            <dt>Program</dt>
            <dd>{session.program.name}</dd>
          </div>
        </dl>
      </section>
      <ChangePassword />
      <Tokens />
    </Page>
  );
}

function ChangePassword() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [mismatch, setMismatch] = useState('');
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone('');
    setMismatch('');
    if (next !== confirm) {
      setMismatch('The two new passwords are not the same.');
      return;
    }
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setConfirm('');
      setDone('Your password has been changed.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card form-card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change your password</h2>
      <form onSubmit={submit} noValidate>
        <ErrorMessage error={error} />
        {mismatch && <ErrorMessage>{mismatch}</ErrorMessage>}
        <TextField
          id="current-password"
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
          error={fields.current_password}
        />
        <TextField
          id="new-password"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="10 to 200 characters. A few unrelated words are easy to remember and hard to guess."
          value={next}
          onValue={setNext}
          error={fields.new_password}
        />
        <TextField
          id="confirm-password"
          label="New password again"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onValue={setConfirm}
          error={mismatch || undefined}
        />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Change password'}
        </button>
        <StatusMessage>{done}</StatusMessage>
      </form>
    </section>
  );
}

function Tokens() {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const [copied, setCopied] = useState(false);
  const fields = formError instanceof ApiError ? formError.fieldErrors : {};

  const load = useCallback(() => {
    api
      .tokens()
      .then((list) => setTokens(itemsOf(list)))
      .catch(setError);
  }, []);
  useEffect(load, [load]);

  const create = async (e: Event) => {
    e.preventDefault();
    setFormError(null);
    setMessage('');
    setCopied(false);
    const n = days.trim() ? Number(days) : undefined;
    if (n !== undefined && (!Number.isInteger(n) || n < 1)) {
      setFormError(new ApiError({ status: 422, detail: 'Please check the highlighted fields.', errors: [{ field: 'expires_in_days', message: 'Enter a whole number of days, 1 or more, or leave it empty.' }] }));
      return;
    }
    setBusy(true);
    try {
      const token = await api.createToken(name.trim(), n);
      setCreated(token);
      setName('');
      load();
    } catch (err) {
      setFormError(err);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ApiToken) => {
    setError(null);
    try {
      await api.revokeToken(token.id);
      if (created?.id === token.id) setCreated(null);
      setMessage(`Token “${token.name}” revoked. Scripts using it can no longer connect.`);
      load();
    } catch (err) {
      setError(err);
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <section class="card" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p class="hint">For scripts and other tools that read or write Kinship data as you. Anyone with a token can act as you, so keep it secret.</p>

      {created && (
        <div class="alert alert-ok token-once" role="status">
          <p>
            <strong>New token “{created.name}”.</strong> Copy it now: you won't see it again.
          </p>
          <label for="new-token">Token</label>
          <input id="new-token" class="mono" readOnly value={created.token} onFocus={(e) => e.currentTarget.select()} />
          <div class="actions">
            <button type="button" class="secondary" onClick={copy}>
              {copied ? 'Copied' : 'Copy token'}
            </button>
            <button type="button" class="secondary" onClick={() => setCreated(null)}>
              I have saved it
            </button>
          </div>
        </div>
      )}

      <form onSubmit={create} noValidate class="form-stack">
        <h3>Create a token</h3>
        <ErrorMessage error={formError} />
        <TextField id="token-name" label="Token name" hint="What it is for, e.g. “monthly report script”." value={name} onValue={setName} maxLength={120} error={fields.name} />
        <TextField
          id="token-days"
          label="Expires after (days)"
          optional
          inputMode="numeric"
          pattern="[0-9]*"
          value={days}
          onValue={setDays}
          error={fields.expires_in_days}
        />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </form>

      <h3>Your tokens</h3>
      <StatusMessage>{message}</StatusMessage>
      <ErrorMessage error={error} />
      {!tokens && !error && <Loading what="Loading tokens" />}
      {tokens && tokens.length === 0 && <p class="empty">You have no API tokens.</p>}
      {tokens && tokens.length > 0 && (
        <ul class="plain-list" data-testid="token-list">
          {tokens.map((t) => (
            <li key={t.id} class="token-row">
              <div>
                <strong>{t.name}</strong>
                <p class="meta small">
                  Created {formatDate(t.created_at)} · {t.expires_at ? `expires ${formatDate(t.expires_at)}` : 'never expires'}
                </p>
              </div>
              <button type="button" class="danger" aria-label={`Revoke token ${t.name}`} onClick={() => revoke(t)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
