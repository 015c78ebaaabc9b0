// Plain words for the daily work's codes (categories, services, statuses, …) and small
// helpers the daily-work screens share: days in UTC, the remembered site, counts that may be
// the string "<5".
import type {
  AttributeName,
  Count,
  EncounterMode,
  ItemCategory,
  MovementKind,
  ReferralStatus,
  ResourceKind,
  Service,
  SiteKind,
  UicAnswer,
} from './api';

export const CATEGORY_LABELS: Record<ItemCategory, string> = {
  injecting: 'Injecting',
  smoking: 'Smoking',
  snorting: 'Snorting',
  drug_checking: 'Drug checking',
  naloxone: 'Naloxone',
  safer_sex: 'Safer sex',
  disposal: 'Disposal',
  wound_care: 'Wound care',
  other: 'Other',
};

export const MOVEMENT_LABELS: Record<MovementKind, string> = {
  receive: 'Received',
  dispense: 'Handed out',
  dispense_reversal: 'Back in stock (encounter undone)',
  transfer_out: 'Sent to another site',
  transfer_in: 'Came from another site',
  adjust: 'Corrected',
  dispose: 'Disposed of',
  expire: 'Expired',
};

export const SERVICE_LABELS: Record<Service, string> = {
  education: 'Safer use education',
  naloxone_training: 'Naloxone training',
  wound_care: 'Wound care',
  testing: 'Testing',
  counselling: 'Counselling',
  drug_checking: 'Drug checking',
  other: 'Other service',
};

export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  housing: 'Housing',
  mental_health: 'Mental health',
  substance_use_treatment: 'Substance use treatment',
  opioid_agonist_treatment: 'Opioid agonist treatment',
  medical: 'Medical care',
  testing: 'Testing',
  legal: 'Legal help',
  food: 'Food',
  shelter: 'Shelter',
  other: 'Other',
};

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  made: 'Made',
  accepted: 'Accepted',
  attended: 'Attended',
  not_attended: 'Did not attend',
  closed: 'Closed',
};

/** The steps a referral may take from each status (anything else is refused with 409). */
export const NEXT_STATUSES: Record<ReferralStatus, ReferralStatus[]> = {
  made: ['accepted', 'closed'],
  accepted: ['attended', 'not_attended', 'closed'],
  attended: ['closed'],
  not_attended: ['closed'],
  closed: [],
};

/** The button that moves a referral to a status. */
export const STATUS_ACTIONS: Record<ReferralStatus, string> = {
  made: 'Made',
  accepted: 'Mark accepted',
  attended: 'Mark attended',
  not_attended: 'Did not attend',
  closed: 'Close',
};

export const MODE_LABELS: Record<EncounterMode, string> = {
  fixed: 'At the site',
  outreach: 'Outreach',
  mobile: 'Mobile unit',
  delivery: 'Delivery',
};

/** How people are usually met at each kind of site. */
export function modeForSite(kind: SiteKind | undefined): EncounterMode {
  switch (kind) {
    case 'outreach':
      return 'outreach';
    case 'mobile':
      return 'mobile';
    case 'mail_hub':
      return 'delivery';
    default:
      return 'fixed';
  }
}

export const ATTRIBUTE_LABELS: Record<AttributeName, string> = {
  age_band: 'Age',
  gender: 'Gender',
  housing: 'Housing',
  main_route: 'Main way of using',
};

const opts = (pairs: [string, string][]) => pairs.map(([value, label]) => ({ value, label }));

export const ATTRIBUTE_OPTIONS: Record<AttributeName, { value: string; label: string }[]> = {
  age_band: opts([
    ['under_18', 'Under 18'],
    ['18-24', '18–24'],
    ['25-34', '25–34'],
    ['35-44', '35–44'],
    ['45-54', '45–54'],
    ['55-64', '55–64'],
    ['65+', '65 or older'],
  ]),
  gender: opts([
    ['woman', 'Woman'],
    ['man', 'Man'],
    ['non_binary', 'Non-binary'],
    ['trans_woman', 'Trans woman'],
    ['trans_man', 'Trans man'],
    ['two_spirit', 'Two-spirit'],
    ['other', 'Another gender'],
    ['prefer_not_to_say', 'Prefers not to say'],
  ]),
  housing: opts([
    ['housed', 'Housed'],
    ['unstably_housed', 'Unstably housed'],
    ['shelter', 'In a shelter'],
    ['unsheltered', 'Unsheltered'],
    ['prefer_not_to_say', 'Prefers not to say'],
  ]),
  main_route: opts([
    ['injecting', 'Injecting'],
    ['smoking', 'Smoking'],
    ['snorting', 'Snorting'],
    ['oral', 'Swallowing'],
    ['other', 'Another way'],
    ['prefer_not_to_say', 'Prefers not to say'],
  ]),
};

export function attributeValueLabel(name: AttributeName, value: string | null | undefined): string {
  if (!value) return 'Not recorded';
  return ATTRIBUTE_OPTIONS[name]?.find((o) => o.value === value)?.label ?? value;
}

/** The question a peer asks for each part of the unique identifier code. */
export const UIC_QUESTIONS: Record<
  UicAnswer,
  { label: string; hint?: string; numeric?: boolean; min?: number; max?: number; maxLength: number }
> = {
  mother_first_name: { label: "Mother's first name", hint: 'As the person says it. Only a few letters are kept.', maxLength: 60 },
  father_first_name: { label: "Father's first name", hint: 'As the person says it. Only a few letters are kept.', maxLength: 60 },
  birth_day: { label: 'Day of birth', hint: '1 to 31', numeric: true, min: 1, max: 31, maxLength: 2 },
  birth_month: { label: 'Month of birth', hint: '1 to 12', numeric: true, min: 1, max: 12, maxLength: 2 },
  birth_year: { label: 'Year of birth', hint: 'For example 1985', numeric: true, min: 1900, max: 2100, maxLength: 4 },
  gender: { label: 'Gender letter', hint: 'One letter: F, M, X…', maxLength: 1 },
};

export function label<K extends string>(labels: Record<K, string>, key: string | null | undefined): string {
  if (!key) return '—';
  return (labels as Record<string, string>)[key] ?? key;
}

/** Options for a <select> from a label table. */
export function optionsOf<K extends string>(labels: Record<K, string>): { value: K; label: string }[] {
  return (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));
}

// ---------- Days (the API's days are UTC) ----------

export function todayDay(): string {
  return new Date().toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** "7 Mar 2026" for a YYYY-MM-DD day (read as UTC, so it never shifts a day). */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : dayFormat.format(d);
}

export function formatShortDay(day: string): string {
  const d = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : shortDay.format(d);
}

/** Days from today to `day` (negative when past). */
export function daysFromToday(day: string): number {
  const ms = new Date(`${day}T00:00:00Z`).getTime() - new Date(`${todayDay()}T00:00:00Z`).getTime();
  return Math.round(ms / 86_400_000);
}

// ---------- Counts that may be hidden ("<5") ----------

export function countText(c: Count | null | undefined): string {
  if (c === null || c === undefined) return '—';
  return typeof c === 'number' ? c.toLocaleString('en-GB') : c;
}

/** A number to draw a bar with: a hidden small count is drawn as a small bar. */
export function countValue(c: Count | null | undefined): number {
  if (typeof c === 'number') return c;
  if (typeof c === 'string' && c.startsWith('<')) return 2.5;
  const n = Number(c);
  return Number.isFinite(n) ? n : 0;
}

// ---------- The site a worker last used, per program ----------

const siteKey = (programId: string) => `kinship.site.${programId}`;

export function rememberedSite(programId: string): string | null {
  try {
    return window.localStorage.getItem(siteKey(programId));
  } catch {
    return null;
  }
}

export function rememberSite(programId: string, siteId: string): void {
  try {
    window.localStorage.setItem(siteKey(programId), siteId);
  } catch {
    // Private mode or storage full: the picker simply starts at the first site next time.
  }
}

/** Reads one query parameter of the current URL. */
export function queryParam(name: string): string | null {
  return new URLSearchParams(window.location.search).get(name);
}
