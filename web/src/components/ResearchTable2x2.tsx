// The 2×2 table form of the Research page: four counts (two groups, outcome yes or no) or a
// table of counts as CSV, tested with Pearson's chi-square (optionally with Yates' continuity
// correction) and Fisher's exact test with the conditional odds ratio, as R gives them.
import type { Ref } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiError } from '../api';
import { ErrorMessage, StatusMessage } from './Alert';
import { Checkbox } from './Field';
import { NumberField } from './Inputs';
import { stats, type TableRequest, type TableResult } from './ResearchApi';
import { CsvField, csvProblems, errorSummary } from './ResearchCsvField';
import { interval, levelText, num, pValue } from './ResearchFormat';
import { Segmented } from './Segmented';

type Entry = 'counts' | 'csv';

const ROWS = ['Group 1', 'Group 2'];
const COLUMNS = ['Yes', 'No'];
const EXAMPLE_TABLE = 'group,yes,no\nGroup 1,12,5\nGroup 2,3,10';
/** The names of the request's fields, for the error summary. */
const FIELD_LABELS: Record<string, string> = {
  ...Object.fromEntries([0, 1, 2, 3].map((i) => [`table[${Math.floor(i / 2)}][${i % 2}]`, `${ROWS[Math.floor(i / 2)]}, ${COLUMNS[i % 2].toLowerCase()}`])),
  yates: 'Yates correction',
  fisher: "Fisher's exact test",
};

export function TableForm() {
  const [entry, setEntry] = useState<Entry>('counts');
  const [counts, setCounts] = useState<(number | null)[]>([12, 5, 3, 10]);
  const [csv, setCsv] = useState(EXAMPLE_TABLE);
  const [yates, setYates] = useState(false);
  const [fisher, setFisher] = useState(true);
  const [missing, setMissing] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TableResult | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  const problem = error instanceof ApiError ? error : null;
  const fields = problem?.fieldErrors ?? {};
  const cellField = (i: number) => `table[${Math.floor(i / 2)}][${i % 2}]`;
  const cellError = (i: number) => missing[cellField(i)] ?? fields[cellField(i)];
  // Errors about the table as a whole (or the CSV) go beside the CSV box, or under the counts.
  const isTableField = (field: string) => /^(table|csv)\b/.test(field) && !/^table\[\d+\]\[\d+\]$/.test(field);
  const tableMessage = csvProblems(problem?.errors ?? [], isTableField, 'The table');

  const submit = async (e: Event) => {
    e.preventDefault();
    const gaps: Record<string, string> = {};
    if (entry === 'counts') counts.forEach((c, i) => c === null && (gaps[cellField(i)] = 'is needed.'));
    else if (!csv.trim()) gaps.csv = 'is empty: paste the table or open a CSV file.';
    setMissing(gaps);
    if (Object.keys(gaps).length) {
      setError(null);
      return;
    }
    const body: TableRequest =
      entry === 'counts'
        ? { table: [counts.slice(0, 2) as number[], counts.slice(2) as number[]], row_labels: ROWS, column_labels: COLUMNS, yates, fisher }
        : { csv, yates, fisher };
    setBusy(true);
    setError(null);
    try {
      setResult(await stats.table(body));
      requestAnimationFrame(() => resultHeading.current?.focus());
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form class="card form-card research-form" onSubmit={submit} noValidate aria-label="Test a 2×2 table">
        <Segmented
          label="Enter the table as"
          value={entry}
          onValue={(v) => {
            setEntry(v);
            setMissing({});
            setError(null);
          }}
          options={[
            { value: 'counts', label: 'Four counts' },
            { value: 'csv', label: 'CSV' },
          ]}
        />
        {entry === 'counts' ? (
          <fieldset>
            <legend>Counts</legend>
            <p class="hint">The groups are the rows (for example exposed and not exposed); yes and no are the outcome.</p>
            <div class="research-cells">
              {counts.map((c, i) => (
                <NumberField
                  key={i}
                  id={`table-cell-${i}`}
                  label={`${ROWS[Math.floor(i / 2)]}, ${COLUMNS[i % 2].toLowerCase()}`}
                  value={c}
                  min={0}
                  onValue={(v) => setCounts(counts.map((old, j) => (j === i ? v : old)))}
                  error={cellError(i)}
                />
              ))}
            </div>
            {tableMessage && <p class="field-error">{tableMessage}</p>}
          </fieldset>
        ) : (
          <CsvField
            id="table-csv"
            label="Table (CSV)"
            hint="A header row naming the outcome columns, then one row per group: a name, then the counts."
            value={csv}
            onValue={setCsv}
            rows={4}
            error={missing.csv ?? tableMessage}
          />
        )}
        <Checkbox label="Yates continuity correction" checked={yates} onChecked={setYates} />
        <Checkbox label="Fisher's exact test" hint="With the odds ratio and its confidence interval." checked={fisher} onChecked={setFisher} />
        <ErrorMessage error={error}>{problem && errorSummary(problem, tableMessage, isTableField, FIELD_LABELS)}</ErrorMessage>
        <button type="submit" class="primary wide" disabled={busy}>
          {busy ? 'Testing…' : 'Test'}
        </button>
      </form>
      <StatusMessage>{result ? `Tested the ${result.rows.length}×${result.columns.length} table.` : ''}</StatusMessage>
      {result && <TableResults result={result} headingRef={resultHeading} />}
    </>
  );
}

function TableResults({ result: r, headingRef }: { result: TableResult; headingRef: Ref<HTMLHeadingElement> }) {
  const f = r.fisher;
  return (
    <div class="research-results" data-testid="table-results">
      <section class="card" aria-labelledby="chisq-heading" data-testid="chisq-result">
        <h2 id="chisq-heading" tabIndex={-1} ref={headingRef}>
          Chi-square test{r.yates ? ', with Yates correction' : ''}
        </h2>
        <dl class="facts">
          <div>
            <dt>Chi-square</dt>
            <dd data-testid="chisq-statistic">{num(r.statistic, 3)}</dd>
          </div>
          <div>
            <dt>Degrees of freedom</dt>
            <dd>{r.df}</dd>
          </div>
          <div>
            <dt>p-value</dt>
            <dd data-testid="chisq-p">{pValue(r.p_value)}</dd>
          </div>
        </dl>
        {(r.warnings?.length ?? 0) > 0 && (
          <div class="alert alert-warn research-warnings" data-testid="table-warnings">
            <p>Please check:</p>
            <ul>
              {r.warnings?.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          </div>
        )}
        <div class="table-scroll">
          <table class="plain-table research-table" data-testid="table-counts">
            <caption>Observed counts, with the counts expected if the groups did not differ in brackets</caption>
            <thead>
              <tr>
                <td />
                {r.columns.map((c) => (
                  <th scope="col" key={c}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.rows.map((row, i) => (
                <tr key={row}>
                  <th scope="row">{row}</th>
                  {r.columns.map((c, j) => {
                    const expected = r.expected[i]?.[j];
                    return (
                      <td key={c} class={expected !== undefined && expected < 5 ? 'research-low' : undefined}>
                        {r.observed[i]?.[j]} <span class="research-aside">({num(expected, 2)})</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {r.expected.some((row) => row.some((e) => e < 5)) && (
          <p class="hint research-between" data-testid="low-expected">
            Shaded cells expect fewer than 5. With counts this small the chi-square p-value may be off; Fisher's exact test holds
            for any counts.
          </p>
        )}
      </section>

      {f && (
        <section class="card" aria-labelledby="fisher-heading" data-testid="fisher-result">
          <h2 id="fisher-heading">Fisher's exact test</h2>
          <dl class="facts">
            <div>
              <dt>p-value (two-sided)</dt>
              <dd data-testid="fisher-p">{pValue(f.p_value)}</dd>
            </div>
            <div>
              <dt>Odds ratio (conditional)</dt>
              <dd>
                {num(f.odds_ratio, 2)}{' '}
                <span class="research-aside">
                  ({levelText(f.level)}% CI {interval(f.ci_lb, f.ci_ub, 2)})
                </span>
              </dd>
            </div>
            <div>
              <dt>Sample odds ratio</dt>
              <dd>{num(f.sample_odds_ratio, 2)}</dd>
            </div>
            <div>
              <dt>One-sided p-values</dt>
              <dd>
                less {pValue(f.p_value_less)}, greater {pValue(f.p_value_greater)}
              </dd>
            </div>
          </dl>
        </section>
      )}
    </div>
  );
}
