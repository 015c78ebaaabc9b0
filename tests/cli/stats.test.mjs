// `kinship stats`: the command-line contract (docs/STATS.md). The JSON figures of every
// method are checked against the R reference values in tests/reference/stats, through the
// real binary; bad input exits 1 naming the line and column; --svg writes a picture.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { REPO, cleanup, kinship, tempDir } from './harness.mjs';

after(cleanup);

const REFERENCE = join(REPO, 'tests', 'reference', 'stats');
const reference = async (name) => JSON.parse(await readFile(join(REFERENCE, name), 'utf8'));

function near(actual, expected, what) {
  if (expected === 'Inf') return assert.equal(actual, null, `${what}: infinite is null`);
  assert.equal(typeof actual, 'number', `${what} is a JSON number (got ${JSON.stringify(actual)})`);
  const error = Math.abs(actual - expected);
  const ok = Math.abs(expected) < 1e-300 ? error <= 1e-12 : error <= 1e-8 * Math.abs(expected);
  assert.ok(ok, `${what}: got ${actual}, R gives ${expected}`);
}

async function stats(args, input) {
  const r = await kinship(['stats', ...args], { input });
  assert.equal(r.code, 0, `kinship stats ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

async function statsJson(args, input) {
  return JSON.parse((await stats([...args, '--json'], input)).stdout);
}

test('meta --json matches metafor for every measure and method (pritz1997, edge cases)', async () => {
  for (const file of ['meta_proportions_pritz1997.json', 'meta_proportions_edgecases.json']) {
    const ref = await reference(file);
    const { study, xi, ni } = ref.inputs;
    const csv = 'study,events,total\n' + study.map((s, i) => `${s},${xi[i]},${ni[i]}`).join('\n') + '\n';
    for (const a of ref.analyses) {
      const what = `${file} ${a.measure}/${a.method}`;
      const out = await statsJson(['meta', '--measure', a.measure, '--method', a.method, '-'], csv);
      for (const [mine, theirs] of [['estimate', 'estimate'], ['se', 'se'], ['z', 'zval'], ['p_value', 'pval'],
        ['ci_lb', 'ci_lb'], ['ci_ub', 'ci_ub'], ['tau2', 'tau2'], ['I2', 'I2_percent'], ['H2', 'H2'], ['Q', 'Q'],
        ['Q_p', 'Q_pval'], ['prop_estimate', 'prop_estimate'], ['prop_ci_lb', 'prop_ci_lb'], ['prop_ci_ub', 'prop_ci_ub']]) {
        near(out[mine], a[theirs], `${what} ${mine}`);
      }
      assert.equal(out.Q_df, a.Q_df);
      assert.equal(out.k, a.k);
      if (a.pi_lb === null) {
        assert.equal(out.pi_lb, null, `${what}: no prediction interval`);
      } else {
        for (const k of ['pi_lb', 'pi_ub', 'prop_pi_lb', 'prop_pi_ub', 'se_tau2']) near(out[k], a[k], `${what} ${k}`);
      }
      a.yi.forEach((y, i) => near(out.studies[i].yi, y, `${what} yi[${i}]`));
      a.weights_percent.forEach((w, i) => near(out.studies[i].weight, w, `${what} weight[${i}]`));
    }
  }
});

test('meta --cumulative --order and --subgroup match metafor', async () => {
  const ref = await reference('meta_cumulative_subgroup_pritz1997_DL_PLO.json');
  const { study, xi, ni, subgroup } = ref.inputs;
  // A year column in reverse, so --order must really reorder back to study order.
  const csv = 'study,events,total,half,year\n' +
    study.map((s, i) => `${s},${xi[i]},${ni[i]},${subgroup[i]},${2020 - (study.length - i)}`).join('\n');
  const dir = await tempDir();
  const file = join(dir, 'studies.csv');
  await writeFile(file, csv);
  const out = await statsJson(['meta', '--method', 'DL', '--cumulative', '--order', 'year', '--subgroup', 'half', file]);
  ref.cumulative.forEach((c, i) => {
    assert.equal(out.cumulative[i].study, c.study);
    near(out.cumulative[i].estimate, c.estimate_logit, `cumulative ${i} estimate`);
    near(out.cumulative[i].prop_ci_lb, c.ci_lb, `cumulative ${i} ci_lb`);
    near(out.cumulative[i].tau2 + 1, c.tau2 + 1, `cumulative ${i} tau2`);
  });
  ref.subgroups.forEach((g, i) => {
    assert.equal(out.subgroups[i].group, g.group);
    near(out.subgroups[i].estimate, g.estimate_logit, `subgroup ${g.group}`);
    near(out.subgroups[i].tau2, g.tau2, `subgroup ${g.group} tau2`);
  });
  near(out.Q_between, ref.Q_between, 'Q_between');
  near(out.Q_between_p, ref.Q_between_p, 'Q_between_p');
});

test('chisq --json matches chisq.test and fisher.test', async () => {
  const ref = await reference('chisq_fisher.json');
  for (const t of ref.tables_2x2) {
    const csv = 'group,yes,no\n' + t.table.map((row, i) => `g${i + 1},${row.join(',')}`).join('\n') + '\n';
    const yates = await statsJson(['chisq', '--yates', '--fisher', '-'], csv);
    near(yates.statistic + 1, t.chisq_yates.statistic + 1, `${t.name} yates statistic`);
    near(yates.p_value, t.chisq_yates.pval, `${t.name} yates p`);
    assert.deepEqual(yates.warnings.filter((w) => !w.includes('infinite')), t.chisq_yates.warnings);
    near(yates.fisher.p_value, t.fisher.pval_two_sided, `${t.name} fisher p`);
    near(yates.fisher.odds_ratio, t.fisher.precise_logOR_tol1e14.conditional_mle_odds_ratio, `${t.name} OR`);
    near(yates.fisher.ci_lb, t.fisher.precise_logOR_tol1e14.or_ci_95[0], `${t.name} OR lb`);
    near(yates.fisher.ci_ub, t.fisher.precise_logOR_tol1e14.or_ci_95[1], `${t.name} OR ub`);
    const plain = await statsJson(['chisq', '-'], csv);
    near(plain.statistic, t.chisq_no_correction.statistic, `${t.name} statistic`);
    t.chisq_no_correction.expected.forEach((row, i) => row.forEach((e, j) => near(plain.expected[i][j], e, `${t.name} E[${i}][${j}]`)));
  }
  for (const t of ref.tables_rxc) {
    const csv = 'a,b,c\n' + t.table.map((row) => row.join(',')).join('\n');
    const out = await statsJson(['chisq', '-'], csv);
    near(out.statistic, t.chisq.statistic, `${t.name} statistic`);
    assert.equal(out.df, t.chisq.df);
    near(out.p_value, t.chisq.pval, `${t.name} p`);
  }
});

test('trend, prop and mcnemar --json match R', async () => {
  const trend = await reference('cochran_armitage_trend.json');
  for (const d of trend.datasets) {
    const plain = await statsJson(['trend', '-'], 'events,total\n' + d.x.map((x, i) => `${x},${d.n[i]}`).join('\n'));
    if (Math.abs(d.default_scores.prop_trend_test.chisq) > 1e-20) {
      near(plain.statistic, d.default_scores.prop_trend_test.chisq, `${d.name} chisq`);
      near(plain.z, d.default_scores.z, `${d.name} z`);
    }
    const s = d.custom_scores;
    const scored = await statsJson(['trend', '-'],
      'events,total,score\n' + d.x.map((x, i) => `${x},${d.n[i]},${s.score[i]}`).join('\n'));
    near(scored.statistic, s.prop_trend_test.chisq, `${d.name} custom chisq`);
    near(scored.p_value_decreasing, s.z_pval_one_sided_decreasing, `${d.name} one-sided`);
  }
  const props = await reference('proportion_ci.json');
  for (const c of props.cases) {
    for (const [method, key] of [['wilson', 'wilson'], ['wilson-cc', 'wilson_cc'], ['exact', 'clopper_pearson'],
      ['agresti-coull', 'agresti_coull_clipped']]) {
      const out = await statsJson(['prop', '--events', String(c.x), '--total', String(c.n), '--method', method]);
      near(out.ci_lb + 1, c[key][0] + 1, `${c.x}/${c.n} ${method} lb`);
      near(out.ci_ub, c[key][1], `${c.x}/${c.n} ${method} ub`);
    }
  }
  const m = await statsJson(['mcnemar', '--both-yes', '20', '--yes-no', '15', '--no-yes', '5', '--both-no', '60']);
  assert.equal(m.statistic, 4.05);
  assert.equal(m.statistic_uncorrected, 5);
  near(m.exact_p_value, 0.0413894653320312, 'exact p');
});

test('ears --json matches the EARS definitions', async () => {
  const ref = await reference('ears_c1_c2_c3.json');
  const series = ref.series.A;
  const start = Date.UTC(2026, 0, 1);
  const csv = 'date,count\n' +
    series.map((y, i) => `${new Date(start + i * 86400000).toISOString().slice(0, 10)},${y}`).join('\n');
  const out = await statsJson(['ears', '--minsigma', '0', '-'], csv);
  assert.equal(out.days.length, series.length);
  for (const r of ref.results.A) {
    const key = r.method.toLowerCase();
    r.day.forEach((day, i) => {
      near(out.days[day - 1][key] + 10, r.statistic[i] + 10, `${r.method} day ${day}`);
      assert.equal(out.days[day - 1][`${key}_alarm`], r.alarm_statistic_ge_z[i]);
    });
  }
  assert.equal(out.days[0].c1, null);
});

test('readable output, --svg, and bad input that names the line and column', async () => {
  const dir = await tempDir();
  const svg = join(dir, 'forest.svg');
  const csv = 'study,events,total\nA,16,17\nB,10,12\nC,4,8\n';
  const table = await stats(['meta', '--svg', svg, '--title', 'Test', '-'], csv);
  assert.match(table.stdout, /Pooled proportion\s+0\.\d{4} \[0\.\d{4}, 0\.\d{4}\]/);
  assert.match(table.stdout, /Heterogeneity\s+tau2/);
  const picture = await readFile(svg, 'utf8');
  assert.match(picture, /^<svg|^<\?xml/);
  assert.match(picture, /<\/svg>\s*$/);

  const chisq = await stats(['chisq', '--fisher', '-'], 'group,yes,no\nfirst,12,5\nsecond,3,10\n');
  assert.match(chisq.stdout, /Fisher's exact test: p 0\.0253/);
  assert.match(chisq.stdout, /first\s+12 \(8\.50\)/);

  const bad = await kinship(['stats', 'meta', '-'], { input: 'study,events,total\nA,3,10\nB,12,10\nC,x,4\n' });
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /line 3, column events: must not be more than total \(10\)/);
  assert.match(bad.stderr, /line 4, column events: must be a whole number/);
  assert.equal(bad.stdout, '');

  const missing = await kinship(['stats', 'trend', join(dir, 'nope.csv')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /cannot read/);

  const usage = await kinship(['stats', 'meta', '--measure', 'OR', '-']);
  assert.equal(usage.code, 2);
  const noTotal = await kinship(['stats', 'prop', '--events', '3']);
  assert.equal(noTotal.code, 2);
  const mcnemar = await kinship(['stats', 'mcnemar', '--both-yes', '1', '--yes-no', '0', '--no-yes', '0', '--both-no', '2']);
  assert.equal(mcnemar.code, 1);
  assert.match(mcnemar.stderr, /discordant pair/);
  const gap = await kinship(['stats', 'ears', '-'], { input: 'date,count\n2026-01-01,3\n2026-01-03,4\n' });
  assert.equal(gap.code, 1);
  assert.match(gap.stderr, /line 3, column date: leaves a gap/);
});
