// Display helpers: dates and the plain-word names of roles and site kinds.
import type { Role, SiteKind } from './api';

export const ROLE_LABELS: Record<Role, string> = {
  peer: 'Peer worker',
  coordinator: 'Coordinator',
  admin: 'Program admin',
  researcher: 'Researcher',
  network: 'Network coordinator',
};

export const SITE_KIND_LABELS: Record<SiteKind, string> = {
  fixed: 'Fixed site',
  outreach: 'Outreach',
  mobile: 'Mobile unit',
  mail_hub: 'Mail hub',
};

export function roleLabel(role: string): string {
  return (ROLE_LABELS as Record<string, string>)[role] ?? role;
}

export function siteKindLabel(kind: string): string {
  return (SITE_KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

const dateTime = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const dateOnly = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateOnly.format(d);
}
