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

// ---------- The daily work (issue 3) ----------

/** A count in an aggregate: researchers see small counts (1–4) as the string "<5". */
export type Count = number | string;

export type UicAnswer = 'mother_first_name' | 'father_first_name' | 'birth_day' | 'birth_month' | 'birth_year' | 'gender';
export type AttributeName = 'age_band' | 'gender' | 'housing' | 'main_route';

export interface Settings {
  code_mode: 'uic' | 'card';
  uic_formula: { answer: UicAnswer; take: string }[];
  attributes: AttributeName[];
  edit_window_hours: number;
  allow_expired_dispense: boolean;
  expiring_soon_days: number;
  follow_up_days: number;
  updated_at?: string;
}

export interface Participant {
  id: string;
  display_code: string;
  code_kind: 'uic' | 'card';
  attributes: Partial<Record<AttributeName, string | null>>;
  merged_into: string | null;
  first_seen_at: string | null;
  last_seen_at: string | null;
  encounter_count: number;
  created_at: string;
  updated_at: string;
  /** Only once, in the answer that made a new card. */
  card_code?: string;
}

/** What identifies a participant: the UIC answers or a card code. */
export type CodeKey = { answers: Partial<Record<UicAnswer, string | number>> } | { card_code: string };

export interface Lookup {
  participant: Participant | null;
  likely_duplicates: Participant[];
}

export interface DuplicatePair {
  a: Participant;
  b: Participant;
  reason: string;
}

export interface ParticipantHistory {
  participant: Participant;
  encounters: Encounter[];
  referrals: Referral[];
}

export type ItemCategory =
  | 'injecting'
  | 'smoking'
  | 'snorting'
  | 'drug_checking'
  | 'naloxone'
  | 'safer_sex'
  | 'disposal'
  | 'wound_care'
  | 'other';

export interface Item {
  id: string;
  name: string;
  unit: string;
  category: ItemCategory;
  reorder_threshold: number;
  soft_limit: number | null;
  archived: boolean;
  created_at: string;
  updated_at: string;
}

export interface ItemInput {
  name?: string;
  unit?: string;
  category?: ItemCategory;
  reorder_threshold?: number;
  soft_limit?: number | null;
  archived?: boolean;
}

export interface Kit {
  id: string;
  name: string;
  archived: boolean;
  items: { item_id: string; name: string; quantity: number }[];
  created_at?: string;
  updated_at?: string;
}

export interface Lot {
  id: string;
  item_id: string;
  item_name: string;
  lot_number: string;
  expires_on: string | null;
  created_at: string;
}

export type MovementKind =
  | 'receive'
  | 'dispense'
  | 'dispense_reversal'
  | 'transfer_out'
  | 'transfer_in'
  | 'adjust'
  | 'dispose'
  | 'expire';

export interface Movement {
  id: string;
  site_id: string;
  item_id: string;
  lot_id: string;
  lot_number: string;
  kind: MovementKind;
  quantity: number;
  balance_after: number;
  lot_balance_after: number;
  occurred_at: string;
  reason: string | null;
  encounter_id: string | null;
  transfer_id: string | null;
  user_id: string | null;
  created_at: string;
}

export interface StockLot {
  lot_id: string;
  lot_number: string;
  expires_on: string | null;
  quantity: number;
  expired: boolean;
}

export interface StockRow {
  site_id: string;
  site_name: string;
  item_id: string;
  item_name: string;
  unit: string;
  category: ItemCategory;
  quantity: number;
  reorder_threshold: number;
  low: boolean;
  lots: StockLot[];
}

export interface StockCard {
  item: Item;
  site_id: string;
  balance: number;
  items: Movement[];
  next_before: string | null;
}

export interface ExpiringLot {
  site_id: string;
  site_name: string;
  item_id: string;
  item_name: string;
  lot_id: string;
  lot_number: string;
  expires_on: string | null;
  quantity: number;
  expired: boolean;
}

export type EncounterMode = 'fixed' | 'outreach' | 'mobile' | 'delivery';
export type Service = 'education' | 'naloxone_training' | 'wound_care' | 'testing' | 'counselling' | 'drug_checking' | 'other';

export interface EncounterItem {
  item_id: string;
  item_name: string;
  quantity: number;
  for_others: number;
}

export interface Encounter {
  id: string;
  occurred_at: string;
  site_id: string;
  mode: EncounterMode;
  area: string | null;
  worker_id: string;
  participant_id: string | null;
  display_code: string | null;
  kit_id: string | null;
  items: EncounterItem[];
  returned_syringes: number;
  returned_containers: number;
  services: Service[];
  for_others_people: number;
  referrals: Referral[];
  voided: boolean;
  void_reason: string | null;
  editable_until: string;
  created_at: string;
  updated_at: string;
}

export interface EncounterInput {
  site_id: string;
  mode?: EncounterMode;
  area?: string;
  occurred_at?: string;
  participant_id?: string;
  kit_id?: string;
  items: { item_id: string; quantity: number; for_others?: number }[];
  returned_syringes?: number;
  returned_containers?: number;
  services?: Service[];
  for_others_people?: number;
  referrals?: { resource_id: string; follow_up_on?: string }[];
  use_expired?: boolean;
}

export interface SavedEncounter extends Encounter {
  warnings?: { item_id: string; message: string }[];
}

export type ResourceKind =
  | 'housing'
  | 'mental_health'
  | 'substance_use_treatment'
  | 'opioid_agonist_treatment'
  | 'medical'
  | 'testing'
  | 'legal'
  | 'food'
  | 'shelter'
  | 'other';

export interface Resource {
  id: string;
  name: string;
  kind: ResourceKind;
  hours: string | null;
  eligibility: string | null;
  how_to_refer: string | null;
  contact: string | null;
  area: string | null;
  archived: boolean;
  created_at?: string;
  updated_at?: string;
}

export type ResourceInput = Partial<Omit<Resource, 'id' | 'created_at' | 'updated_at'>>;

export type ReferralStatus = 'made' | 'accepted' | 'attended' | 'not_attended' | 'closed';

export interface Referral {
  id: string;
  resource_id: string;
  resource_name: string;
  encounter_id: string | null;
  participant_id: string | null;
  display_code: string | null;
  status: ReferralStatus;
  made_at: string;
  made_by: string;
  follow_up_on: string | null;
  closed_at: string | null;
  history: { status: ReferralStatus; at: string; user_id: string | null }[];
}

export interface Funnel {
  made: Count;
  accepted: Count;
  attended: Count;
  not_attended: Count;
  closed: Count;
  by_kind: { kind: ResourceKind; made: Count; accepted: Count; attended: Count }[];
}

export type Period = 'today' | 'week' | 'month';

export interface Dashboard {
  period: Period;
  from: string;
  to: string;
  encounters: Count;
  people: Count;
  anonymous_encounters: Count;
  returned_syringes: Count;
  syringes_out: Count;
  returns_ratio: number | null;
  for_others_people: Count;
  referrals: Count;
  items_out: { item_id: string; item_name: string; quantity: Count }[];
  by_site: { site_id: string; site_name: string; encounters: Count; items_out: Count }[];
  daily: { day: string; encounters: Count }[];
  /** True when small counts were hidden as "<5" (researchers). */
  small_cells_suppressed?: boolean;
  returned_containers?: Count;
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
  /** The whole problem+json body, for extra members (e.g. item_id and available on a stock refusal). */
  readonly problem: Record<string, unknown>;

  constructor(init: {
    status: number;
    type?: string;
    title?: string;
    detail?: string;
    requestId?: string | null;
    errors?: FieldError[];
    retryAfter?: number | null;
    problem?: Record<string, unknown>;
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
    this.problem = init.problem ?? {};
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
  /** Ask for this type instead of JSON and return the body as text (e.g. 'image/svg+xml'). */
  textOf?: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sends one request; resolves with the parsed JSON (undefined for 204), throws ApiError. */
export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: options.textOf ? `${options.textOf}, application/problem+json` : 'application/json',
  };
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
    if (options.textOf) return text as T;
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
    problem,
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

  settings: () => request<Settings>('GET', '/api/v1/settings'),

  lookupParticipant: (key: CodeKey) => request<Lookup>('POST', '/api/v1/participants/lookup', key),
  createParticipant: (body: CodeKey | { new_card: true }) => request<Participant>('POST', '/api/v1/participants', body),
  participants: (code: string) => request<List<Participant>>('GET', `/api/v1/participants?code=${enc(code)}`),
  participant: (id: string) => request<Participant>('GET', `/api/v1/participants/${enc(id)}`),
  updateParticipant: (id: string, attributes: Partial<Record<AttributeName, string | null>>) =>
    request<Participant>('PATCH', `/api/v1/participants/${enc(id)}`, { attributes }),
  participantHistory: (id: string) => request<ParticipantHistory>('GET', `/api/v1/participants/${enc(id)}/history`),
  duplicates: () => request<List<DuplicatePair>>('GET', '/api/v1/participants/duplicates'),
  mergeParticipant: (keepId: string, fromId: string) =>
    request<Participant>('POST', `/api/v1/participants/${enc(keepId)}/merge`, { from_id: fromId }),

  items: (includeArchived = false) =>
    request<List<Item>>('GET', `/api/v1/items?limit=500${includeArchived ? '&include_archived=true' : ''}`),
  createItem: (item: ItemInput) => request<Item>('POST', '/api/v1/items', item),
  updateItem: (id: string, patch: ItemInput) => request<Item>('PATCH', `/api/v1/items/${enc(id)}`, patch),
  kits: () => request<List<Kit>>('GET', '/api/v1/kits?limit=500'),
  createKit: (kit: { name: string; items: { item_id: string; quantity: number }[] }) =>
    request<Kit>('POST', '/api/v1/kits', kit),
  updateKit: (id: string, patch: { name?: string; items?: { item_id: string; quantity: number }[] }) =>
    request<Kit>('PATCH', `/api/v1/kits/${enc(id)}`, patch),
  archiveKit: (id: string) => request<void>('DELETE', `/api/v1/kits/${enc(id)}`),

  stock: (siteId: string) => request<List<StockRow>>('GET', `/api/v1/stock?site_id=${enc(siteId)}`),
  stockCard: (siteId: string, itemId: string, before?: string, limit = 50) =>
    request<StockCard>(
      'GET',
      `/api/v1/stock/card?site_id=${enc(siteId)}&item_id=${enc(itemId)}&limit=${limit}${before ? `&before=${enc(before)}` : ''}`,
    ),
  expiring: () => request<List<ExpiringLot>>('GET', '/api/v1/stock/expiring'),
  receiveStock: (body: {
    site_id: string;
    item_id: string;
    lot_number: string;
    expires_on?: string;
    quantity: number;
    reason?: string;
  }) => request<{ movements: Movement[] }>('POST', '/api/v1/stock/receive', body),
  transferStock: (body: { from_site_id: string; to_site_id: string; item_id: string; quantity: number; lot_id?: string }) =>
    request<{ transfer_id: string; movements: Movement[] }>('POST', '/api/v1/stock/transfer', body),
  adjustStock: (body: { site_id: string; lot_id: string; quantity: number; reason: string }) =>
    request<{ movements: Movement[] }>('POST', '/api/v1/stock/adjust', body),
  disposeStock: (body: { site_id: string; lot_id: string; quantity: number; reason: string }) =>
    request<{ movements: Movement[] }>('POST', '/api/v1/stock/dispose', body),
  countStock: (body: { site_id: string; item_id: string; counts: { lot_id: string; counted: number }[] }) =>
    request<{ movements: Movement[] }>('POST', '/api/v1/stock/count', body),

  createEncounter: (body: EncounterInput) => request<SavedEncounter>('POST', '/api/v1/encounters', body),
  encounter: (id: string) => request<Encounter>('GET', `/api/v1/encounters/${enc(id)}`),
  /** The caller's own encounters since a day (UTC), newest first. */
  myEncounters: (fromDay: string, limit = 20) =>
    request<List<Encounter>>('GET', `/api/v1/encounters?worker_id=me&from=${enc(fromDay)}&limit=${limit}`),
  voidEncounter: (id: string, reason: string) =>
    request<Encounter>('POST', `/api/v1/encounters/${enc(id)}/void`, { reason }),
  dashboard: (period: Period, siteId?: string) =>
    request<Dashboard>('GET', `/api/v1/dashboard?period=${period}${siteId ? `&site_id=${enc(siteId)}` : ''}`),

  resources: (kind?: ResourceKind) =>
    request<List<Resource>>('GET', `/api/v1/resources?limit=500${kind ? `&kind=${enc(kind)}` : ''}`),
  createResource: (body: ResourceInput) => request<Resource>('POST', '/api/v1/resources', body),
  updateResource: (id: string, patch: ResourceInput) => request<Resource>('PATCH', `/api/v1/resources/${enc(id)}`, patch),
  referrals: (filter: { status?: ReferralStatus; participant_id?: string; resource_id?: string } = {}, after?: string) => {
    const q = new URLSearchParams({ limit: '100' });
    for (const [k, v] of Object.entries(filter)) if (v) q.set(k, v);
    if (after) q.set('after', after);
    return request<List<Referral>>('GET', `/api/v1/referrals?${q}`);
  },
  referral: (id: string) => request<Referral>('GET', `/api/v1/referrals/${enc(id)}`),
  createReferral: (body: { resource_id: string; participant_id?: string; encounter_id?: string; follow_up_on?: string }) =>
    request<Referral>('POST', '/api/v1/referrals', body),
  updateReferral: (id: string, patch: { status?: ReferralStatus; follow_up_on?: string | null }) =>
    request<Referral>('PATCH', `/api/v1/referrals/${enc(id)}`, patch),
  /** The whole follow-up board (page after page, up to 5,000 referrals), oldest follow-up first. */
  referralBoard: async (): Promise<List<Referral>> => {
    const items: Referral[] = [];
    let after: string | null | undefined = null;
    do {
      const q = new URLSearchParams({ limit: '500' });
      if (after) q.set('after', after);
      const page: List<Referral> = await request<List<Referral>>('GET', `/api/v1/referrals/board?${q}`);
      items.push(...page.items);
      after = page.next_after;
    } while (after && items.length < 5000);
    return { items, next_after: after ?? null };
  },
  funnel: (from?: string, to?: string) => {
    const q = new URLSearchParams();
    if (from) q.set('from', from);
    if (to) q.set('to', to);
    const qs = q.toString();
    return request<Funnel>('GET', `/api/v1/referrals/funnel${qs ? `?${qs}` : ''}`);
  },
};

/** Lists may come as {items: [...]} (documented) or a bare array; accept both. */
export function itemsOf<T>(list: List<T> | T[] | undefined): T[] {
  if (!list) return [];
  return Array.isArray(list) ? list : list.items ?? [];
}
