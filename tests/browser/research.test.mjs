// Research on a phone: a researcher pools the example studies (Pritz 1997, metafor's
// dat.pritz1997) and sees the pooled proportion and the forest, funnel and cumulative plots;
// compares two subgroups with a cumulative analysis; gets a clear message naming the line of
// a bad CSV; and tests a 2×2 table with chi-square and Fisher's exact test. A peer worker has
// no Research page. The expected numbers come from R (metafor 3.8.1, chisq.test, fisher.test):
// see tests/reference/stats/ (meta_proportions_pritz1997.json, meta_cumulative_subgroup_
// pritz1997_DL_PLO.json, chisq_fisher.json). Every screen passes the accessibility check and
// is saved as a screenshot.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessibilityProblems, login, openMenuItem, screenshot, startEnvironment } from './harness.mjs';

const EVENTS = [16, 10, 4, 43, 10, 25, 13, 12, 22, 4, 5, 18, 58, 6];
const TOTALS = [17, 12, 8, 58, 10, 42, 14, 12, 41, 5, 6, 23, 68, 10];

let env;
before(async () => {
  env = await startEnvironment();
});
after(async () => {
  await env?.stop();
});

async function expectAccessible(page, where) {
  assert.deepEqual(await accessibilityProblems(page), [], `accessibility on ${where}`);
}

async function openResearch(page) {
  await login(page, 'researcher');
  await openMenuItem(page, 'Research');
  await page.getByRole('heading', { level: 1, name: 'Research' }).waitFor();
}

/** Waits for the plot of `kind` to be on screen and decoded; returns the <img>. */
async function plotShown(page, kind) {
  const img = page.locator(`img[data-testid="meta-plot"][data-kind="${kind}"]`);
  await img.waitFor();
  await page.locator('.research-plot:not(.refreshing)').waitFor();
  const size = await img.evaluate(async (el) => {
    await el.decode().catch(() => {});
    return { width: el.naturalWidth, height: el.naturalHeight, src: el.src };
  });
  assert.ok(size.width > 0 && size.height > 0, `the ${kind} plot loaded (${size.width}×${size.height})`);
  assert.match(size.src, /^blob:/, 'the plot is shown through an object URL');
  return img;
}

test('a researcher pools the example studies and sees the forest, funnel and cumulative plots', async () => {
  const page = await env.phonePage();
  await openResearch(page);
  const csv = page.getByLabel('Studies (CSV)');
  assert.match(await csv.inputValue(), /^study,events,total\n1,16,17\n2,10,12\n/, 'the example is filled in');
  await expectAccessible(page, 'the empty research page');

  // Logit, REML, 95%: the defaults.
  await page.getByRole('button', { name: 'Analyse' }).click();
  const pooled = page.getByTestId('meta-pooled');
  await pooled.waitFor();
  assert.equal(await page.getByTestId('pooled-proportion').innerText(), '0.757');
  const text = await pooled.innerText();
  assert.match(text, /95% CI 0\.661–0\.834/);
  assert.match(text, /95% prediction interval\s+0\.466–0\.918/);
  assert.equal(await page.getByTestId('pooled-i2').innerText(), '56.6%');
  assert.match(text, /Studies \(k\)\s+14/);
  assert.match(text, /τ²\s+0\.3646/);
  assert.match(text, /Q = 29\.79 \(df 13, p = 0\.0051\)/);

  const rows = page.getByTestId('meta-studies').locator('tbody tr');
  assert.equal(await rows.count(), 14);
  assert.match(await rows.first().innerText(), /^1\s+16\/17\s+0\.941[\s\S]*0\.\d{3}–0\.\d{3}\s+4\.1%$/);

  const forest = await plotShown(page, 'forest');
  assert.equal(await forest.getAttribute('alt'), 'Forest plot of 14 studies');
  const download = page.getByRole('link', { name: 'Download SVG' });
  assert.equal(await download.getAttribute('download'), 'forest-plot.svg');
  assert.match((await download.getAttribute('href')) ?? '', /^blob:/);
  await screenshot(page, 'research-forest');
  await expectAccessible(page, 'the pooled result with the forest plot');

  await page.getByRole('group', { name: 'Which plot' }).getByRole('button', { name: 'Funnel' }).click();
  const funnel = await plotShown(page, 'funnel');
  assert.equal(await funnel.getAttribute('alt'), 'Funnel plot of 14 studies');
  await screenshot(page, 'research-funnel');
  await expectAccessible(page, 'the funnel plot');

  await page.getByRole('group', { name: 'Which plot' }).getByRole('button', { name: 'Cumulative', exact: true }).click();
  const cumulative = await plotShown(page, 'cumulative');
  assert.equal(await cumulative.getAttribute('alt'), 'Cumulative forest plot of 14 studies');
  await screenshot(page, 'research-cumulative-plot');
  await expectAccessible(page, 'the cumulative forest plot');
  assert.deepEqual(page.kinshipProblems, []);
});

test('a CSV file with a region column: subgroups, and a cumulative analysis in the order of the rows', async () => {
  const page = await env.phonePage();
  await openResearch(page);
  // As a spreadsheet saves it: a byte-order mark and Windows line ends.
  const lines = EVENTS.map((e, i) => `${i + 1},${e},${TOTALS[i]},${i < 7 ? 'A' : 'B'}`);
  const file = `\uFEFF${['study,events,total,region', ...lines].join('\r\n')}\r\n`;
  await page.getByLabel('Or open a CSV file').setInputFiles({ name: 'studies.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
  await page.getByRole('status').filter({ hasText: 'Opened studies.csv: 14 rows after the header.' }).waitFor();
  assert.match(await page.getByLabel('Studies (CSV)').inputValue(), /^study,events,total,region\r?\n1,16,17,A/);
  await page.getByLabel('Method').selectOption('DL');
  await page.getByLabel('Subgroup column').selectOption('region');
  await page.getByLabel('Cumulative, ordered by column').selectOption({ label: 'Order of the rows' });
  await page.getByRole('button', { name: 'Analyse' }).click();

  const groups = page.getByTestId('meta-subgroups').locator('tbody tr');
  await groups.first().waitFor();
  assert.equal(await groups.count(), 2);
  assert.match(await groups.nth(0).innerText(), /^A\s+7\s+0\.766/);
  assert.match(await groups.nth(1).innerText(), /^B\s+7\s+0\.757/);
  assert.match(await page.getByTestId('meta-q-between').innerText(), /Q = 0\.01 \(df 1, p = 0\.9234\)/);

  const steps = page.getByTestId('meta-cumulative').locator('tbody tr');
  assert.equal(await steps.count(), 14);
  assert.match(await steps.nth(2).innerText(), /^3\s+3\s+0\.792[\s\S]*0\.447–0\.947\s+63\.5%$/);
  assert.match(await steps.nth(13).innerText(), /^14\s+14\s+0\.757[\s\S]*0\.661–0\.833/);
  await plotShown(page, 'forest');
  await screenshot(page, 'research-subgroups');
  await expectAccessible(page, 'subgroups and the cumulative analysis');
  assert.deepEqual(page.kinshipProblems, []);
});

test('a study with more events than its total is refused with a message naming the line', async () => {
  const page = await env.phonePage();
  await openResearch(page);
  const csv = page.getByLabel('Studies (CSV)');
  const example = await csv.inputValue();
  await csv.fill(example.replace('\n5,10,10\n', '\n5,12,10\n'));
  await page.getByRole('button', { name: 'Analyse' }).click();
  await page.getByRole('alert').first().waitFor();
  assert.equal(await csv.getAttribute('aria-invalid'), 'true');
  const message = await page.locator('#meta-csv-error').innerText();
  assert.match(message, /Line 6, column (events|total)/, `the message names the line and column: ${message}`);
  assert.equal(await page.getByTestId('meta-results').count(), 0, 'no results are shown for refused data');
  await screenshot(page, 'research-error');
  await expectAccessible(page, 'the refused CSV');

  // Put right, it analyses.
  await csv.fill(example);
  await page.getByRole('button', { name: 'Analyse' }).click();
  await page.getByTestId('pooled-proportion').filter({ hasText: '0.757' }).waitFor();
  assert.equal(await csv.getAttribute('aria-invalid'), null);
  assert.deepEqual(page.kinshipProblems, []);
});

test('a 2×2 table: chi-square with and without Yates, and Fisher’s exact test', async () => {
  const page = await env.phonePage();
  await openResearch(page);
  await page.getByRole('group', { name: 'Analysis' }).getByRole('button', { name: '2×2 table' }).click();
  await page.getByLabel('Group 1, yes').fill('12');
  await page.getByLabel('Group 1, no').fill('5');
  await page.getByLabel('Group 2, yes').fill('3');
  await page.getByLabel('Group 2, no').fill('10');
  await page.getByRole('button', { name: 'Test', exact: true }).click();

  await page.getByTestId('chisq-result').waitFor();
  assert.equal(await page.getByTestId('chisq-statistic').innerText(), '6.652');
  assert.equal(await page.getByTestId('chisq-p').innerText(), '0.0099');
  assert.equal(await page.getByTestId('fisher-p').innerText(), '0.0253');
  const fisher = await page.getByTestId('fisher-result').innerText();
  assert.match(fisher, /Odds ratio \(conditional\)\s+7\.38 \(95% CI 1\.22–60\.9\d\)/);
  assert.match(fisher, /Sample odds ratio\s+8\.00/);
  const counts = await page.getByTestId('table-counts').innerText();
  assert.match(counts, /Group 1\s+12 \(8\.50\)\s+5 \(8\.50\)/);
  assert.match(counts, /Group 2\s+3 \(6\.50\)\s+10 \(6\.50\)/);
  await screenshot(page, 'research-2x2');
  await expectAccessible(page, 'the 2×2 result');

  await page.getByLabel('Yates continuity correction').check();
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await page.getByTestId('chisq-statistic').filter({ hasText: '4.887' }).waitFor();
  assert.equal(await page.getByTestId('chisq-p').innerText(), '0.0271');

  // Small expected counts are flagged.
  await page.getByRole('button', { name: 'CSV', exact: true }).click();
  await page.getByLabel('Table (CSV)').fill('group,yes,no\nA,3,1\nB,1,3');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await page.getByTestId('table-warnings').waitFor();
  assert.ok((await page.getByTestId('table-warnings').locator('li').count()) >= 1, 'the server’s warning is shown');
  assert.equal(await page.getByTestId('table-counts').locator('td.research-low').count(), 4, 'each cell expects 2: all four are shaded');
  await page.getByTestId('low-expected').waitFor();
  await screenshot(page, 'research-2x2-warning');
  await expectAccessible(page, 'the 2×2 result with a warning');
  assert.deepEqual(page.kinshipProblems, []);
});

test('a peer worker has no Research page', async () => {
  const page = await env.phonePage();
  await login(page, 'peer');
  await page.getByRole('button', { name: 'Menu' }).click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Home' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Research' }).count(), 0, 'no Research item in the menu');
  await page.goto('/research');
  await page.getByRole('heading', { name: "You don't have access to this page" }).waitFor();
  assert.equal(await page.getByLabel('Studies (CSV)').count(), 0);
  assert.deepEqual(page.kinshipProblems, []);
});
