// Log in with username and password. Shows the server's own message when it refuses.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, type Session } from '../api';
import { ErrorMessage } from '../components/Alert';
import { TextField } from '../components/Field';

export function LoginPage({ onLoggedIn }: { onLoggedIn: (session: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Log in · Kinship';
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    try {
      const session = await api.login(username.trim(), password);
      onLoggedIn(session);
    } catch (err) {
      setError(loginMessage(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" class="login">
      <div class="login-card">
        <div class="login-brand">
          <img src="/icons/icon.svg" alt="" width={56} height={56} />
          <p class="login-name">Kinship</p>
          <p class="login-tagline">Tools for peer-led harm reduction programs</p>
        </div>
        <h1>Log in</h1>
        <form onSubmit={submit} noValidate>
          {error && <ErrorMessage>{error}</ErrorMessage>}
          <TextField
            id="username"
            label="Username"
            value={username}
            onValue={setUsername}
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellcheck={false}
            inputMode="text"
          />
          <TextField
            id="password"
            label="Password"
            type="password"
            value={password}
            onValue={setPassword}
            autoComplete="current-password"
          />
          <button type="submit" class="primary wide" disabled={busy}>
            {busy ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        <p class="login-help">Forgot your password? Ask your program admin to reset it.</p>
      </div>
    </main>
  );
}

function loginMessage(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Something went wrong. Please try again.';
  if (err.status === 429 && err.retryAfter) {
    // The server counts in seconds; people think in minutes.
    const minutes = Math.max(1, Math.ceil(err.retryAfter / 60));
    return `Too many failed logins. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`;
  }
  return err.detail;
}
