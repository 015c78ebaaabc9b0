// Typed client for the Kinship HTTP API (docs/API.md).
// Every call goes through `request`, which sends the session cookie and the CSRF header,
// and turns an application/problem+json answer into an `ApiError` the screens can show.
// Example:
//   try { await api.createSite({ name: 'Harbour St', kind: 'fixed' }); }
//   catch (e) { if (e instanceof ApiError) show(e.detail, e.fieldErrors); }

export type Role = 'peer' | 'coordinator' | 'admin' | 'researcher' | 'network';
export type SiteKind = 'fixed' | 'outreach' | 'mobile' | 'mail_hub';

export interface SessionUser {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  program_id: string;
}

export interface Program {
  id: string;
  name: string;
  slug?: string;
}

export interface Session {
  user: SessionUser;
  program: Program;
  csrf_token: string;
  expires_at: string;
  permissions: string[];
}

export interface Site {
  id: string;
  program_id: string;
  name: string;
  kind: SiteKind;
  area: string | null;
  archived: boolean;
  created_at: string;
  updated_at: string;
}

export interface User {
  id: string;
  program_id: string;
  username: string;
  display_name: string;
  role: Role;
  disabled: boolean;
  created_at: string;
  last_login_at: string | null;
}

export interface AuditEntry {
  seq: number;
  at: string;
  program_id: string;
  user_id: string | null;
  entity: string;
  entity_id: string;
  action: string;
  digest: string;
  hash: string;
}

export interface AuditVerification {
  ok: boolean;
  checked: number;
  first_broken_seq?: number;
  reason?: string;
}

export interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  expires_at: string | null;
  last_used_at?: string | null;
}

export interface NewApiToken extends ApiToken {
  token: string;
}

export interface List<T> {
  items: T[];
  next_after?: string | null;
  /** The audit log pages backwards by sequence number. */
  next_before?: number | null;
}

export interface FieldError {
  field: string;
  message: string;
}

/** A failed API call: the server's problem+json, or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string;
  readonly requestId: string | null;
  readonly errors: FieldError[];
  readonly retryAfter: number | null;

  constructor(init: {
    status: number;
    type?: string;
    title?: string;
    detail?: string;
    requestId?: string | null;
    errors?: FieldError[];
    retryAfter?: number | null;
  }) {
    const detail = init.detail || init.title || defaultMessage(init.status);
    super(detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.title = init.title ?? '';
    this.detail = detail;
    this.requestId = init.requestId ?? null;
    this.errors = init.errors ?? [];
    this.retryAfter = init.retryAfter ?? null;
  }

  /** The problem slug, e.g. "invalid-credentials" or "csrf". */
  get slug(): string {
    const i = this.type.lastIndexOf('/');
    return i >= 0 ? this.type.slice(i + 1) : this.type;
  }

  /** Field name → first message for that field. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const e of this.errors) if (e.field && !(e.field in out)) out[e.field] = e.message;
    return out;
  }
}

function defaultMessage(status: number): string {
  switch (status) {
    case 0:
      return "Can't reach the server. Check your connection and try again.";
    case 401:
      return 'Please log in again.';
    case 403:
      return "You don't have permission to do that.";
    case 404:
      return 'Not found. It may have been removed.';
    case 409:
      return 'This conflicts with something that already exists.';
    case 413:
      return 'That is too much data to send at once.';
    case 422:
      return 'Please check the highlighted fields.';
    case 429:
      return 'Too many attempts. Please wait a few minutes and try again.';
    default:
      return status >= 500 ? 'Something went wrong on the server. Please try again.' : `Request failed (${status}).`;
  }
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remember the session's CSRF token; it is sent with every unsafe request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request (except logging in) answers 401. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

interface RequestOptions {
  /** Don't treat 401 as "session ended" (used by the login form). */
  allow401?: boolean;
  signal?: AbortSignal;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sends one request; resolves with the parsed JSON (undefined for 204), throws ApiError. */
export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (UNSAFE.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError({ status: 0 });
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = await toApiError(response);
  if (error.status === 401 && !options.allow401 && onUnauthorized) onUnauthorized();
  throw error;
}

async function toApiError(response: Response): Promise<ApiError> {
  const retry = Number(response.headers.get('Retry-After'));
  const base = { status: response.status, retryAfter: Number.isFinite(retry) && retry > 0 ? retry : null };
  let problem: Record<string, unknown> = {};
  try {
    const text = await response.text();
    if (text) problem = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON (e.g. a proxy's HTML error page): fall back to a plain message.
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  const errors = Array.isArray(problem.errors)
    ? (problem.errors as unknown[])
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .map((e) => ({ field: String(e.field ?? ''), message: String(e.message ?? '') }))
    : [];
  return new ApiError({
    ...base,
    type: str(problem.type),
    title: str(problem.title),
    detail: str(problem.detail),
    requestId: str(problem.request_id) ?? response.headers.get('X-Request-Id'),
    errors,
  });
}

const enc = encodeURIComponent;

/** One function per route the web app uses. */
export const api = {
  login: (username: string, password: string) =>
    request<Session>('POST', '/api/v1/session', { username, password }, { allow401: true }),
  session: () => request<Session>('GET', '/api/v1/session'),
  logout: () => request<void>('DELETE', '/api/v1/session'),
  changePassword: (current_password: string, new_password: string) =>
    request<void>('PUT', '/api/v1/session/password', { current_password, new_password }),
  switchProgram: (program_id: string) => request<Session>('PUT', '/api/v1/session/program', { program_id }),

  programs: () => request<List<Program>>('GET', '/api/v1/programs'),

  sites: (includeArchived: boolean) =>
    request<List<Site>>('GET', `/api/v1/sites${includeArchived ? '?include_archived=true' : ''}`),
  createSite: (site: { name: string; kind: SiteKind; area?: string }) => request<Site>('POST', '/api/v1/sites', site),
  updateSite: (id: string, patch: Partial<Pick<Site, 'name' | 'kind' | 'area' | 'archived'>>) =>
    request<Site>('PATCH', `/api/v1/sites/${enc(id)}`, patch),
  archiveSite: (id: string) => request<void>('DELETE', `/api/v1/sites/${enc(id)}`),

  users: () => request<List<User>>('GET', '/api/v1/users'),
  createUser: (user: { username: string; display_name: string; role: Role; password: string }) =>
    request<User>('POST', '/api/v1/users', user),
  updateUser: (id: string, patch: Partial<Pick<User, 'display_name' | 'role' | 'disabled'>>) =>
    request<User>('PATCH', `/api/v1/users/${enc(id)}`, patch),
  resetPassword: (id: string, new_password: string) =>
    request<void>('POST', `/api/v1/users/${enc(id)}/password`, { new_password }),

  audit: (before?: number, limit = 50) =>
    request<List<AuditEntry>>(
      'GET',
      `/api/v1/audit?limit=${limit}${before !== undefined ? `&before=${before}` : ''}`,
    ),
  verifyAudit: () => request<AuditVerification>('GET', '/api/v1/audit/verify'),

  tokens: () => request<List<ApiToken>>('GET', '/api/v1/tokens'),
  createToken: (name: string, expires_in_days?: number) =>
    request<NewApiToken>('POST', '/api/v1/tokens', expires_in_days ? { name, expires_in_days } : { name }),
  revokeToken: (id: string) => request<void>('DELETE', `/api/v1/tokens/${enc(id)}`),
};

/** Lists may come as {items: [...]} (documented) or a bare array; accept both. */
export function itemsOf<T>(list: List<T> | T[] | undefined): T[] {
  if (!list) return [];
  return Array.isArray(list) ? list : list.items ?? [];
}
