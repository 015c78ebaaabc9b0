// The meta-analysis form of the Research page: studies as CSV (study, events, total and any
// other columns), the measure, the method, the confidence level, and optionally a column to
// compare subgroups by and a column to order a cumulative analysis by. The server analyses;
// its refusals are shown beside the box or option they are about and, all together, in the
// alert by the Analyse button (for the CSV, the server names the line and column: "Line 6,
// column events: must not be more than total").
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorMessage, StatusMessage } from './Alert';
import { SelectField, TextField } from './Field';
import { stats, type Measure, type MetaRequest, type MetaResult, type Method } from './ResearchApi';
import { MEASURES, METHODS } from './ResearchFormat';
import { CsvField, csvColumns, csvProblems, errorSummary } from './ResearchCsvField';
import { MetaResults } from './ResearchMetaResults';

// An example to start from: Pritz (1997), metafor's dat.pritz1997 — events out of the total in 14 studies.
const EVENTS = [16, 10, 4, 43, 10, 25, 13, 12, 22, 4, 5, 18, 58, 6];
const TOTALS = [17, 12, 8, 58, 10, 42, 14, 12, 41, 5, 6, 23, 68, 10];
export const EXAMPLE_STUDIES = ['study,events,total', ...EVENTS.map((e, i) => `${i + 1},${e},${TOTALS[i]}`)].join('\n');

/** The cumulative choice that keeps the rows in the order they are in the CSV. */
const ROW_ORDER = '#rows';
const REQUIRED_COLUMNS = new Set(['study', 'events', 'total']);
/** The names of the request's fields, for the error summary. */
const FIELD_LABELS: Record<string, string> = {
  measure: 'Measure',
  method: 'Method',
  level: 'Confidence level',
  subgroup: 'Subgroup column',
  order: 'Cumulative order',
  cumulative: 'Cumulative',
};
const isDataField = (field: string) => /^(csv|studies)\b/.test(field);

export function MetaAnalysisForm() {
  const [csv, setCsv] = useState(EXAMPLE_STUDIES);
  const [measure, setMeasure] = useState<Measure>('PLO');
  const [method, setMethod] = useState<Method>('REML');
  const [level, setLevel] = useState('95');
  const [subgroup, setSubgroup] = useState('');
  const [cumulative, setCumulative] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<{ request: MetaRequest; result: MetaResult } | null>(null);
  const resultsHeading = useRef<HTMLHeadingElement>(null);

  // Columns beyond study, events and total can group or order the studies.
  const extra = csvColumns(csv).filter((c) => !REQUIRED_COLUMNS.has(c.toLowerCase()));
  const subgroupColumn = extra.includes(subgroup) ? subgroup : '';
  const cumulativeBy = cumulative === ROW_ORDER || extra.includes(cumulative) ? cumulative : '';
  const columnOptions = extra.map((c) => ({ value: c, label: c }));

  const problem = error instanceof ApiError ? error : null;
  const fields = problem?.fieldErrors ?? {};
  const dataMessage = csvProblems(problem?.errors ?? [], isDataField, 'The studies');
  const fieldError = (name: string) => missing[name] ?? fields[name];

  const submit = async (e: Event) => {
    e.preventDefault();
    const levelNumber = Number(level.trim());
    const gaps: Record<string, string> = {};
    if (!csv.trim()) gaps.csv = 'is empty: paste the studies or open a CSV file.';
    if (level.trim() === '' || !Number.isFinite(levelNumber) || levelNumber < 50 || levelNumber >= 100) {
      gaps.level = 'must be a number from 50 to 99.9, for example 95.';
    }
    setMissing(gaps);
    if (Object.keys(gaps).length) {
      setError(null);
      return;
    }
    const body: MetaRequest = { measure, method, level: levelNumber, csv };
    if (subgroupColumn) body.subgroup = subgroupColumn;
    if (cumulativeBy) {
      body.cumulative = true;
      if (cumulativeBy !== ROW_ORDER) body.order = cumulativeBy;
    }
    setBusy(true);
    setError(null);
    try {
      const result = await stats.meta(body);
      setDone({ request: body, result });
      requestAnimationFrame(() => resultsHeading.current?.focus());
    } catch (err) {
      setDone(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form class="card form-card research-form" onSubmit={submit} noValidate aria-label="Meta-analysis of studies">
        <CsvField
          id="meta-csv"
          label="Studies (CSV)"
          hint="A header row with study, events and total, then one row per study. Other columns, such as year or region, can group or order the studies."
          value={csv}
          onValue={setCsv}
          error={missing.csv ?? dataMessage}
        />
        <div class="research-options">
          <SelectField
            id="meta-measure"
            label="Measure"
            value={measure}
            onValue={(v) => setMeasure(v as Measure)}
            options={MEASURES}
            error={fieldError('measure')}
          />
          <SelectField
            id="meta-method"
            label="Method"
            value={method}
            onValue={(v) => setMethod(v as Method)}
            options={METHODS}
            error={fieldError('method')}
          />
          <TextField
            id="meta-level"
            label="Confidence level (%)"
            value={level}
            onValue={setLevel}
            inputMode="decimal"
            autoComplete="off"
            maxLength={6}
            error={fieldError('level')}
          />
          <SelectField
            id="meta-subgroup"
            label="Subgroup column"
            optional
            hint={extra.length ? undefined : 'Add a column such as region to the CSV to compare groups of studies.'}
            value={subgroupColumn}
            onValue={setSubgroup}
            options={[{ value: '', label: 'No subgroups' }, ...columnOptions]}
            error={fieldError('subgroup')}
          />
          <SelectField
            id="meta-cumulative"
            label="Cumulative, ordered by column"
            optional
            value={cumulativeBy}
            onValue={setCumulative}
            options={[{ value: '', label: 'No cumulative analysis' }, { value: ROW_ORDER, label: 'Order of the rows' }, ...columnOptions]}
            error={fieldError('order') ?? fieldError('cumulative')}
          />
        </div>
        <ErrorMessage error={error}>{problem && errorSummary(problem, dataMessage, isDataField, FIELD_LABELS)}</ErrorMessage>
        <button type="submit" class="primary wide" disabled={busy}>
          {busy ? 'Analysing…' : 'Analyse'}
        </button>
      </form>
      <StatusMessage>{done ? `Analysed ${done.result.k} ${done.result.k === 1 ? 'study' : 'studies'}.` : ''}</StatusMessage>
      {done && <MetaResults request={done.request} result={done.result} headingRef={resultsHeading} />}
    </>
  );
}
