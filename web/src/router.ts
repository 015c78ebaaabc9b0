// Path-based routing on the History API: one signal-free store with a tiny hook.
// Links use `<Link href>`; code uses `navigate(path)`. The server answers every app path
// with index.html, so deep links and reloads work.
import { useEffect, useState } from 'preact/hooks';

type Listener = (path: string) => void;
const listeners = new Set<Listener>();
let moves = 0;

/** True once the user has moved to another screen inside the app (not on first load). */
export function hasNavigated(): boolean {
  return moves > 0;
}

function currentPath(): string {
  return window.location.pathname + window.location.search;
}

function notify(): void {
  moves++;
  const path = currentPath();
  for (const l of listeners) l(path);
}

window.addEventListener('popstate', notify);

/** Goes to `path` (pushes a history entry unless `replace`). */
export function navigate(path: string, replace = false): void {
  if (path === currentPath()) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.scrollTo(0, 0);
  notify();
}

/** The current path including the query string; re-renders on change. */
export function useLocation(): string {
  const [path, setPath] = useState(currentPath());
  useEffect(() => {
    listeners.add(setPath);
    return () => void listeners.delete(setPath);
  }, []);
  return path;
}

/** Pathname only, without the query string. */
export function pathnameOf(path: string): string {
  const i = path.indexOf('?');
  return i >= 0 ? path.slice(0, i) : path;
}

/**
 * Matches a path against a pattern with `:name` segments, e.g. matchPath('/referrals/:id',
 * '/referrals/0190…') → { id: '0190…' }; null when it does not match. `:id` segments must look
 * like ids (UUIDs), so '/participants/duplicates' never reads as a participant.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(':')) {
      const value = decodeURIComponent(got[i]);
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return null;
      out[want[i].slice(1)] = value;
    } else if (want[i] !== got[i]) {
      return null;
    }
  }
  return out;
}
