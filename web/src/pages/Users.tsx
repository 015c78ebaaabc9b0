// Users: who can log in to this program and with which role. Coordinators can see the list;
// admins (and network coordinators) can add people, change roles, disable and reset passwords.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiError, itemsOf, type Role, type User } from '../api';
import { ErrorMessage, StatusMessage } from '../components/Alert';
import { SelectField, TextField } from '../components/Field';
import { Loading } from '../components/Loading';
import { NoAccess } from '../components/NoAccess';
import { Page } from '../components/Page';
import { formatDateTime, ROLE_LABELS, roleLabel } from '../format';
import { useSession } from '../session';

function roleOptions(callerRole: Role) {
  const roles: Role[] = ['peer', 'coordinator', 'admin', 'researcher'];
  if (callerRole === 'network') roles.push('network');
  return roles.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
}

export function UsersPage() {
  const { session, can } = useSession();
  const [users, setUsers] = useState<User[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [adding, setAdding] = useState(false);
  const [message, setMessage] = useState('');
  const allowed = can('users.read');

  const load = useCallback(() => {
    setError(null);
    api
      .users()
      .then((list) => setUsers(itemsOf(list)))
      .catch(setError);
  }, []);

  useEffect(() => {
    if (allowed) load();
  }, [allowed, load, session.program.id]);

  if (!allowed || (error instanceof ApiError && error.status === 403)) return <NoAccess title="Users" />;

  const writable = can('users.write');
  const sorted = users ? [...users].sort((a, b) => Number(a.disabled) - Number(b.disabled) || a.display_name.localeCompare(b.display_name)) : null;

  return (
    <Page
      title="Users"
      intro={`People who can log in to ${session.program.name}, and their roles.`}
      actions={
        writable &&
        !adding && (
          <button type="button" class="primary" onClick={() => setAdding(true)}>
            Add a user
          </button>
        )
      }
    >
      <StatusMessage>{message}</StatusMessage>
      {adding && (
        <AddUserForm
          onCancel={() => setAdding(false)}
          onAdded={(user) => {
            setAdding(false);
            setMessage(`Added ${user.display_name} (${user.username}). Give them their password in person.`);
            load();
          }}
        />
      )}
      <section aria-labelledby="user-list-heading">
        <h2 id="user-list-heading">Everyone in this program</h2>
        <ErrorMessage error={error} />
        {!sorted && !error && <Loading what="Loading users" />}
        {sorted && (
          <ul class="cards" data-testid="user-list">
            {sorted.map((u) => (
              <UserCard
                key={u.id}
                user={u}
                writable={writable}
                isSelf={u.id === session.user.id}
                onChanged={(text) => {
                  setMessage(text);
                  load();
                }}
              />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function UserCard({
  user,
  writable,
  isSelf,
  onChanged,
}: {
  user: User;
  writable: boolean;
  isSelf: boolean;
  onChanged: (message: string) => void;
}) {
  const { session } = useSession();
  const [managing, setManaging] = useState(false);
  const [role, setRole] = useState<Role>(user.role);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState<unknown>(null);
  const fields = error instanceof ApiError ? error.fieldErrors : {};
  const idBase = `user-${user.username.replace(/[^a-z0-9_-]/gi, '-')}`;

  useEffect(() => setRole(user.role), [user.role]);

  const run = async (what: string, action: () => Promise<unknown>, done: string) => {
    setBusy(what);
    setError(null);
    try {
      await action();
      if (what === 'password') setPassword('');
      onChanged(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy('');
    }
  };

  return (
    <li class={`card user${user.disabled ? ' archived' : ''}`} data-username={user.username}>
      <div class="card-row">
        <h3>
          {user.display_name}
          {isSelf && <span class="you"> (you)</span>}
        </h3>
        {user.disabled ? <span class="badge">Disabled</span> : null}
      </div>
      <p class="meta">
        <span class="username">{user.username}</span> · {roleLabel(user.role)}
      </p>
      <p class="meta small">Last login: {user.last_login_at ? formatDateTime(user.last_login_at) : 'never'}</p>

      {writable && !managing && (
        <div class="actions">
          <button
            type="button"
            class="secondary"
            aria-expanded="false"
            aria-label={`Manage ${user.display_name}`}
            onClick={() => setManaging(true)}
          >
            Manage
          </button>
        </div>
      )}
      {writable && managing && (
        <div class="manage">
          <ErrorMessage error={error} />
          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              run('role', () => api.updateUser(user.id, { role }), `${user.display_name} is now: ${roleLabel(role)}.`);
            }}
          >
            <SelectField
              id={`${idBase}-role`}
              label="Role"
              value={role}
              onValue={(v) => setRole(v as Role)}
              options={roleOptions(session.user.role)}
              error={fields.role}
            />
            <button type="submit" class="secondary" disabled={busy !== '' || role === user.role}>
              {busy === 'role' ? 'Saving…' : 'Change role'}
            </button>
          </form>

          <form
            class="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              run(
                'password',
                () => api.resetPassword(user.id, password),
                `New password set for ${user.display_name}. They have been logged out everywhere.`,
              );
            }}
            noValidate
          >
            <TextField
              id={`${idBase}-password`}
              label="New password"
              type="password"
              autoComplete="new-password"
              hint="10 to 200 characters. Give it to them in person."
              value={password}
              onValue={setPassword}
              error={fields.new_password}
            />
            <button type="submit" class="secondary" disabled={busy !== '' || !password}>
              {busy === 'password' ? 'Saving…' : 'Reset password'}
            </button>
          </form>

          <div class="actions">
            {!isSelf &&
              (user.disabled ? (
                <button
                  type="button"
                  class="secondary"
                  disabled={busy !== ''}
                  onClick={() => run('disabled', () => api.updateUser(user.id, { disabled: false }), `${user.display_name} can log in again.`)}
                >
                  Enable account
                </button>
              ) : (
                <button
                  type="button"
                  class="danger"
                  disabled={busy !== ''}
                  onClick={() =>
                    run('disabled', () => api.updateUser(user.id, { disabled: true }), `${user.display_name} can no longer log in.`)
                  }
                >
                  Disable account
                </button>
              ))}
            <button type="button" class="secondary" aria-expanded="true" onClick={() => setManaging(false)}>
              Done
            </button>
          </div>
        </div>
      )}
    </li>
  );
}

function AddUserForm({ onAdded, onCancel }: { onAdded: (user: User) => void; onCancel: () => void }) {
  const { session } = useSession();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('peer');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fields = error instanceof ApiError ? error.fieldErrors : {};

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onAdded(await api.createUser({ username: username.trim(), display_name: displayName.trim(), role, password }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card form-card" aria-labelledby="add-user-heading">
      <h2 id="add-user-heading">Add a user</h2>
      <form onSubmit={submit} noValidate>
        <ErrorMessage error={error} />
        <TextField
          id="new-username"
          label="Username"
          hint="3 to 64 characters: lowercase letters, numbers, dot, dash or underscore."
          value={username}
          onValue={setUsername}
          autoComplete="off"
          autoCapitalize="none"
          spellcheck={false}
          maxLength={64}
          error={fields.username}
        />
        <TextField
          id="new-display-name"
          label="Display name"
          hint="What colleagues call them. A first name or nickname is fine."
          value={displayName}
          onValue={setDisplayName}
          maxLength={120}
          error={fields.display_name}
        />
        <SelectField
          id="new-role"
          label="Role"
          value={role}
          onValue={(v) => setRole(v as Role)}
          options={roleOptions(session.user.role)}
          error={fields.role}
        />
        <TextField
          id="new-password"
          label="First password"
          type="password"
          autoComplete="new-password"
          hint="10 to 200 characters. They can change it under “My account”."
          value={password}
          onValue={setPassword}
          error={fields.password}
        />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? 'Saving…' : 'Add user'}
          </button>
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
