// The logged-in session, shared with every screen through a context.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Session } from './api';

export interface SessionState {
  session: Session;
  /** Replace the session (after switching program) or clear it (after logging out). */
  setSession: (session: Session | null) => void;
  /** True when the session's permissions include `permission`, e.g. "users.write". */
  can: (permission: string) => boolean;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside a logged-in screen');
  return state;
}

export function hasPermission(session: Session | null, permission: string): boolean {
  return !!session && Array.isArray(session.permissions) && session.permissions.includes(permission);
}

/** Network coordinators act on one member program at a time and may switch between them. */
export function canSwitchProgram(session: Session): boolean {
  return session.user.role === 'network' || hasPermission(session, 'programs.switch');
}
