// The statistics routes the Research page uses (/api/v1/stats/…): a
// meta-analysis of proportions, its plots as SVG, and the chi-square and Fisher tests of a
// table of counts. JSON calls go through api.ts's `request` (session cookie, CSRF header,
// problem+json → ApiError); the plots answer image/svg+xml, which `request` returns as text.
//
//   const result = await stats.meta({ measure: 'PLO', method: 'REML', level: 95, csv });
//   const svg = await stats.plotSvg('forest', { measure: 'PLO', method: 'REML', level: 95, csv });
import { request } from '../api';

export type Measure = 'PLO' | 'PFT' | 'PAS' | 'PR';
export type Method = 'REML' | 'DL' | 'FE';
export type PlotKind = 'forest' | 'cumulative' | 'funnel';

export interface MetaRequest {
  measure: Measure;
  method: Method;
  level: number;
  csv: string;
  /** A column of the CSV whose values name the subgroups. */
  subgroup?: string;
  cumulative?: boolean;
  /** A column of the CSV to order the cumulative analysis by (the row order when absent). */
  order?: string;
}

export interface StudyResult {
  study: string;
  events: number;
  total: number;
  yi: number;
  vi: number;
  ci_lb: number;
  ci_ub: number;
  proportion: number;
  prop_ci_lb: number;
  prop_ci_ub: number;
  /** Percent of the pooled estimate's weight. */
  weight: number;
}

export interface SubgroupResult {
  group: string;
  k: number;
  estimate: number;
  ci_lb: number;
  ci_ub: number;
  prop_estimate: number;
  prop_ci_lb: number;
  prop_ci_ub: number;
  tau2: number;
  I2: number;
  Q: number;
  Q_df: number;
  Q_p: number;
}

export interface CumulativeStep {
  /** The study added at this step. */
  study: string;
  k: number;
  estimate: number;
  ci_lb: number;
  ci_ub: number;
  prop_estimate: number;
  prop_ci_lb: number;
  prop_ci_ub: number;
  tau2: number;
  I2: number;
  Q: number;
}

/** estimate and ci_* are on the measure's scale, prop_* on the proportion scale; I2 is a percent. */
export interface MetaResult {
  measure: Measure;
  method: Method;
  level: number;
  k: number;
  estimate: number;
  se: number;
  z: number;
  p_value: number;
  ci_lb: number;
  ci_ub: number;
  pi_lb: number | null;
  pi_ub: number | null;
  tau2: number;
  tau: number;
  se_tau2: number | null;
  I2: number;
  H2: number;
  Q: number;
  Q_df: number;
  Q_p: number;
  prop_estimate: number;
  prop_ci_lb: number;
  prop_ci_ub: number;
  /** None for the fixed-effect model. */
  prop_pi_lb: number | null;
  prop_pi_ub: number | null;
  studies: StudyResult[];
  subgroups?: SubgroupResult[];
  Q_between?: number;
  Q_between_df?: number;
  Q_between_p?: number;
  cumulative?: CumulativeStep[];
  warnings?: string[];
}

/** A table of counts, row by row (table[row][column]), or the same as CSV with a header row. */
export type TableRequest = ({ table: number[][]; row_labels?: string[]; column_labels?: string[] } | { csv: string }) & {
  yates: boolean;
  fisher: boolean;
};

/** Odds ratios may be infinite (a zero cell); JSON has no Infinity, so they may come as "Inf". */
export type Ratio = number | string | null;

export interface FisherResult {
  p_value: number;
  p_value_less: number;
  p_value_greater: number;
  /** The conditional maximum-likelihood estimate, as R's fisher.test gives it. */
  odds_ratio: Ratio;
  ci_lb: Ratio;
  ci_ub: Ratio;
  sample_odds_ratio: Ratio;
  level: number;
}

export interface TableResult {
  rows: string[];
  columns: string[];
  observed: number[][];
  expected: number[][];
  statistic: number;
  df: number;
  p_value: number;
  yates: boolean;
  warnings?: string[];
  /** Only when Fisher's test was asked for and the table is 2×2. */
  fisher?: FisherResult;
}

export const stats = {
  meta: (body: MetaRequest) => request<MetaResult>('POST', '/api/v1/stats/meta', body),
  table: (body: TableRequest) => request<TableResult>('POST', '/api/v1/stats/chisq', body),

  /** The plot as SVG text; throws ApiError like every `request` when the server refuses. */
  plotSvg: (kind: PlotKind, body: MetaRequest, signal?: AbortSignal) =>
    request<string>('POST', `/api/v1/stats/plot/${kind}`, body, { signal, textOf: 'image/svg+xml' }),
};
