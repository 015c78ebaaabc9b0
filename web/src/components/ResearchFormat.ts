// How the Research page writes names and numbers: the measures and methods in words; numbers
// to fixed decimals, p-values to four places (smaller ones as "< 0.0001"), intervals as
// "0.661–0.834" (or "−0.41 to 0.20" when a bound is negative, where a dash would read as a
// minus), and a missing value as "—".
//
//   num(0.75749, 3) → "0.757";  pValue(0.0000012) → "< 0.0001";  interval(0.661, 0.834) → "0.661–0.834"
import type { Measure, Method } from './ResearchApi';

export const MEASURES: { value: Measure; label: string }[] = [
  { value: 'PLO', label: 'Logit' },
  { value: 'PFT', label: 'Freeman–Tukey double arcsine' },
  { value: 'PAS', label: 'Arcsine' },
  { value: 'PR', label: 'Raw proportion' },
];

export const METHODS: { value: Method; label: string }[] = [
  { value: 'REML', label: 'REML (random effects)' },
  { value: 'DL', label: 'DerSimonian–Laird (random effects)' },
  { value: 'FE', label: 'Fixed effect' },
];

/** A number to `digits` decimals; an infinite one (JSON has none, so it may come as "Inf") as ∞. */
export function num(x: number | string | null | undefined, digits: number): string {
  if (typeof x === 'string') x = /^-inf/i.test(x) ? -Infinity : /^\+?inf/i.test(x) ? Infinity : Number(x);
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toFixed(digits).replace(/^-/, '−');
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '—';
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}

/** "p = 0.0253" or "p < 0.0001". */
export function pText(p: number | null | undefined): string {
  const v = pValue(p);
  return v.startsWith('<') ? `p ${v}` : `p = ${v}`;
}

export function interval(lower: number | string | null | undefined, upper: number | string | null | undefined, digits: number): string {
  if (lower === null || lower === undefined || upper === null || upper === undefined) return '—';
  const negative = num(lower, digits).startsWith('−') || num(upper, digits).startsWith('−');
  return `${num(lower, digits)}${negative ? ' to ' : '–'}${num(upper, digits)}`;
}

/** "95" for 95, "99.5" for 99.5: a confidence level as people write it. */
export function levelText(level: number): string {
  return String(Number(level.toFixed(2)));
}
