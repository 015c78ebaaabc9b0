// The app shell: loads the session, guards the screens, and picks the screen for the path.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler, type Session } from './api';
import { ErrorMessage } from './components/Alert';
import { Header } from './components/Header';
import { Loading } from './components/Loading';
import { AccountPage } from './pages/Account';
import { AuditPage } from './pages/Audit';
import { CatalogPage } from './pages/Catalog';
import { DashboardPage } from './pages/Dashboard';
import { EncounterPage } from './pages/Encounter';
import { HomePage } from './pages/Home';
import { LoginPage } from './pages/Login';
import { NotFoundPage } from './pages/NotFound';
import { ParticipantHistoryPage } from './pages/ParticipantHistory';
import { DuplicatesPage, ParticipantPage, ParticipantsPage } from './pages/Participants';
import { ReferralPage, ReferralsPage } from './pages/Referrals';
import { ResearchPage } from './pages/Research';
import { SitesPage } from './pages/Sites';
import { StockPage } from './pages/Stock';
import { StockCardPage } from './pages/StockCard';
import { UsersPage } from './pages/Users';
import { matchPath, navigate, pathnameOf, useLocation } from './router';
import { hasPermission, SessionContext, type SessionState } from './session';

type Boot = { state: 'loading' } | { state: 'ready' } | { state: 'failed'; error: unknown };

export function App() {
  const location = useLocation();
  const path = pathnameOf(location);
  const [session, setSessionRaw] = useState<Session | null>(null);
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });

  const setSession = useCallback((next: Session | null) => {
    setCsrfToken(next?.csrf_token ?? null);
    setSessionRaw(next);
  }, []);

  const load = useCallback(() => {
    setBoot({ state: 'loading' });
    api
      .session()
      .then((s) => {
        setSession(s);
        setBoot({ state: 'ready' });
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) {
          setSession(null);
          setBoot({ state: 'ready' });
        } else {
          setBoot({ state: 'failed', error: e });
        }
      });
  }, [setSession]);

  useEffect(() => {
    // A 401 from any call means the session ended: forget it and ask to log in again.
    setUnauthorizedHandler(() => {
      setSession(null);
      const here = pathnameOf(window.location.pathname);
      if (here !== '/login') navigate(loginPath(window.location.pathname + window.location.search), true);
    });
    load();
    return () => setUnauthorizedHandler(null);
  }, [load, setSession]);

  // Keep the URL consistent with whether someone is logged in.
  useEffect(() => {
    if (boot.state !== 'ready') return;
    if (!session && path !== '/login') navigate(loginPath(location), true);
    if (session && path === '/login') navigate(nextFrom(location), true);
  }, [boot.state, session, path, location]);

  const state = useMemo<SessionState | null>(
    () => (session ? { session, setSession, can: (p: string) => hasPermission(session, p) } : null),
    [session, setSession],
  );

  if (boot.state === 'loading') {
    return (
      <main id="main" class="center">
        <Loading what="Opening Kinship" />
      </main>
    );
  }
  if (boot.state === 'failed') {
    return (
      <main id="main" class="center">
        <h1>Kinship</h1>
        <ErrorMessage error={boot.error} />
        <button type="button" onClick={load}>
          Try again
        </button>
      </main>
    );
  }

  if (!state) {
    return <LoginPage onLoggedIn={(s) => setSession(s)} />;
  }

  return (
    <SessionContext.Provider value={state}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <div class="shell">
        <Header />
        <main id="main" tabIndex={-1}>
          <Screen path={path} />
        </main>
      </div>
    </SessionContext.Provider>
  );
}

function Screen({ path }: { path: string }) {
  switch (path) {
    case '/':
    case '/login':
      return <HomePage />;
    case '/sites':
      return <SitesPage />;
    case '/users':
      return <UsersPage />;
    case '/audit':
      return <AuditPage />;
    case '/account':
      return <AccountPage />;
    case '/encounter':
      return <EncounterPage />;
    case '/participants':
      return <ParticipantsPage />;
    case '/participants/duplicates':
      return <DuplicatesPage />;
    case '/stock':
      return <StockPage />;
    case '/stock/card':
      return <StockCardPage />;
    case '/catalog':
      return <CatalogPage />;
    case '/referrals':
      return <ReferralsPage />;
    case '/dashboard':
      return <DashboardPage />;
    case '/research':
      return <ResearchPage />;
  }
  let m = matchPath('/participants/:id', path);
  if (m) return <ParticipantPage key={m.id} id={m.id} />;
  m = matchPath('/participants/:id/history', path);
  if (m) return <ParticipantHistoryPage key={m.id} id={m.id} />;
  m = matchPath('/referrals/:id', path);
  if (m) return <ReferralPage key={m.id} id={m.id} />;
  return <NotFoundPage />;
}

function loginPath(from: string): string {
  const p = pathnameOf(from);
  return p === '/' || p === '/login' ? '/login' : `/login?next=${encodeURIComponent(from)}`;
}

/** Where to go after logging in: the `next` query parameter if it is a local app path. */
function nextFrom(location: string): string {
  const query = location.includes('?') ? location.slice(location.indexOf('?')) : '';
  const next = new URLSearchParams(query).get('next');
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/';
}
