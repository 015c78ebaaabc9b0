// What a meta-analysis of proportions found: the pooled proportion with its confidence and
// prediction intervals and the heterogeneity (τ², I², H², Q), the plot, each study's
// proportion and weight, and, when asked for, the subgroups and the cumulative analysis.
// Proportions are shown to three decimals on the proportion scale.
import type { Ref } from 'preact';
import type { MetaRequest, MetaResult } from './ResearchApi';
import { interval, levelText, MEASURES, METHODS, num, pText } from './ResearchFormat';
import { MetaPlot } from './ResearchPlot';

export function MetaResults({
  request,
  result: r,
  headingRef,
}: {
  request: MetaRequest;
  result: MetaResult;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const level = levelText(r.level ?? request.level);
  const measure = MEASURES.find((m) => m.value === r.measure)?.label ?? r.measure;
  const method = METHODS.find((m) => m.value === r.method)?.label ?? r.method;
  const fixed = r.prop_pi_lb === null || r.prop_pi_lb === undefined;

  return (
    <div class="research-results" data-testid="meta-results">
      <section class="card" aria-labelledby="meta-pooled-heading" data-testid="meta-pooled">
        <h2 id="meta-pooled-heading" tabIndex={-1} ref={headingRef}>
          Pooled proportion
        </h2>
        <p class="research-headline">
          <strong data-testid="pooled-proportion">{num(r.prop_estimate, 3)}</strong>
          <span>
            {level}% CI {interval(r.prop_ci_lb, r.prop_ci_ub, 3)}
          </span>
        </p>
        <dl class="facts">
          <div>
            <dt>{level}% prediction interval</dt>
            <dd>{fixed ? 'None for a fixed-effect model' : interval(r.prop_pi_lb, r.prop_pi_ub, 3)}</dd>
          </div>
          <div>
            <dt>Studies (k)</dt>
            <dd>{r.k}</dd>
          </div>
          <div>
            <dt>Heterogeneity: I²</dt>
            <dd data-testid="pooled-i2">{num(r.I2, 1)}%</dd>
          </div>
          <div>
            <dt>Between-study variance: τ²</dt>
            <dd>
              {num(r.tau2, 4)}
              {r.se_tau2 !== null && r.se_tau2 !== undefined && <span class="research-aside"> (SE {num(r.se_tau2, 4)})</span>}
            </dd>
          </div>
          <div>
            <dt>H²</dt>
            <dd>{num(r.H2, 2)}</dd>
          </div>
          <div>
            <dt>Q test of heterogeneity</dt>
            <dd>
              Q = {num(r.Q, 2)} <span class="research-aside">(df {r.Q_df}, {pText(r.Q_p)})</span>
            </dd>
          </div>
        </dl>
        <p class="hint research-model">
          {measure} scale, {method}. On that scale the estimate is {num(r.estimate, 3)} ({level}% CI {interval(r.ci_lb, r.ci_ub, 3)}), z ={' '}
          {num(r.z, 2)}, {pText(r.p_value)}.
        </p>
      </section>

      {(r.warnings?.length ?? 0) > 0 && (
        <div class="alert alert-warn" data-testid="meta-warnings">
          <p>Please check:</p>
          <ul>
            {r.warnings?.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}

      <MetaPlot request={request} studies={r.k} />

      <section class="card" aria-labelledby="meta-studies-heading">
        <h2 id="meta-studies-heading">Studies</h2>
        <div class="table-scroll">
          <table class="plain-table research-table" data-testid="meta-studies">
            <caption class="visually-hidden">Each study's proportion with its {level}% confidence interval, and its weight</caption>
            <thead>
              <tr>
                <th scope="col">Study</th>
                <th scope="col">Events / total</th>
                <th scope="col">Proportion ({level}% CI)</th>
                <th scope="col">Weight</th>
              </tr>
            </thead>
            <tbody>
              {r.studies.map((s, i) => (
                <tr key={`${i}-${s.study}`}>
                  <th scope="row">{s.study}</th>
                  <td>
                    {s.events}/{s.total}
                  </td>
                  <td>
                    <Proportion estimate={s.proportion} lower={s.prop_ci_lb} upper={s.prop_ci_ub} />
                  </td>
                  <td>{num(s.weight, 1)}%</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {r.subgroups && r.subgroups.length > 0 && (
        <section class="card" aria-labelledby="meta-subgroups-heading">
          <h2 id="meta-subgroups-heading">Subgroups by {request.subgroup}</h2>
          <div class="table-scroll">
            <table class="plain-table research-table" data-testid="meta-subgroups">
              <caption class="visually-hidden">Each subgroup's pooled proportion and heterogeneity</caption>
              <thead>
                <tr>
                  <th scope="col">{request.subgroup}</th>
                  <th scope="col">k</th>
                  <th scope="col">Proportion ({level}% CI)</th>
                  <th scope="col">I²</th>
                </tr>
              </thead>
              <tbody>
                {r.subgroups.map((g) => (
                  <tr key={g.group}>
                    <th scope="row">{g.group}</th>
                    <td>{g.k}</td>
                    <td>
                      <Proportion estimate={g.prop_estimate} lower={g.prop_ci_lb} upper={g.prop_ci_ub} />
                    </td>
                    <td>{num(g.I2, 1)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {r.Q_between !== undefined && (
            <p class="research-between" data-testid="meta-q-between">
              Difference between subgroups: Q = {num(r.Q_between, 2)} (df {r.Q_between_df}, {pText(r.Q_between_p)})
            </p>
          )}
        </section>
      )}

      {r.cumulative && r.cumulative.length > 0 && (
        <section class="card" aria-labelledby="meta-cumulative-heading">
          <h2 id="meta-cumulative-heading">Cumulative, {request.order ? `ordered by ${request.order}` : 'in the order of the rows'}</h2>
          <div class="table-scroll">
            <table class="plain-table research-table" data-testid="meta-cumulative">
              <caption class="visually-hidden">The pooled proportion as each study is added</caption>
              <thead>
                <tr>
                  <th scope="col">Study added</th>
                  <th scope="col">k</th>
                  <th scope="col">Proportion ({level}% CI)</th>
                  <th scope="col">I²</th>
                </tr>
              </thead>
              <tbody>
                {r.cumulative.map((c) => (
                  <tr key={c.k}>
                    <th scope="row">{c.study}</th>
                    <td>{c.k}</td>
                    <td>
                      <Proportion estimate={c.prop_estimate} lower={c.prop_ci_lb} upper={c.prop_ci_ub} />
                    </td>
                    <td>{num(c.I2, 1)}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </div>
  );
}

/** "0.941" over its interval "0.712–0.990", so a table of them fits a phone. */
function Proportion({ estimate, lower, upper }: { estimate: number; lower: number; upper: number }) {
  return (
    <>
      {num(estimate, 3)}
      <span class="research-ci">
        <span class="visually-hidden">, interval </span>
        {interval(lower, upper, 3)}
      </span>
    </>
  );
}
