// The daily work on a phone: a coordinator receives stock, a peer logs an encounter with a kit
// for a new code and the stock falls on the right lot, asking for more than there is is
// refused with a clear message and nothing saved, a referral goes from made to closed on the
// board, and the dashboard adds it all up. Every screen passes the accessibility check and is
// saved as a screenshot.
//
// The tests run in order and build on each other (stock received in the first is handed out
// in the next). They work on a site they create, so the demo's own data does not matter.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessibilityProblems, apiAs, login, openMenuItem, screenshot as fullPage, settled, startEnvironment } from './harness.mjs';

let env;
let coordinatorApi;
const run = Date.now().toString(36).slice(-5);
const SITE = `Riverside test site ${run}`;
const SERVICE = `Harbour Housing Help ${run}`;
let siteId;
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
// Lots: the syringes come in two lots; the one that expires first must go out first.
const EARLY = `E-${run}`;
const LATE = `L-${run}`;
const RECEIPTS = [
  { item: 'Syringe 1 mL 29G', lot: EARLY, expires: day(200), quantity: 100 },
  { item: 'Syringe 1 mL 29G', lot: LATE, expires: day(400), quantity: 100 },
  { item: 'Cooker', lot: `C-${run}`, expires: '', quantity: 50 },
  { item: 'Filter', lot: `F-${run}`, expires: day(300), quantity: 50 },
  { item: 'Alcohol swab', lot: `A-${run}`, expires: day(300), quantity: 100 },
  { item: 'Sterile water 10 mL', lot: `W-${run}`, expires: day(300), quantity: 50 },
];
// The default code questions: mother's first name, day and year of birth, a gender letter.
const ANSWERS = { "Mother's first name": `Zora${run.replace(/[^a-z]/g, '')}`, 'Day of birth': '17', 'Year of birth': '1988', 'Gender letter': 'X' };

/** A full-page screenshot with the save bar in its place (it sticks to the bottom of the screen). */
async function screenshot(page, name) {
  await page.evaluate(() => {
    if (document.getElementById('unstick')) return;
    const style = document.createElement('style');
    style.id = 'unstick';
    style.textContent = '.save-bar { position: static !important; }';
    document.head.append(style);
  });
  return fullPage(page, name);
}

async function expectAccessible(page, where) {
  assert.deepEqual(await accessibilityProblems(page), [], `accessibility on ${where}`);
}

async function stockOf(itemName) {
  const r = await coordinatorApi.get(`/api/v1/stock?site_id=${siteId}`);
  assert.equal(r.status, 200);
  const row = r.body.items.find((i) => i.item_name === itemName);
  return row ?? { quantity: 0, lots: [] };
}

async function chooseSite(page) {
  await page.getByLabel('Site', { exact: true }).selectOption({ label: SITE });
}

before(async () => {
  env = await startEnvironment();
  coordinatorApi = await apiAs(env.url, 'coordinator');
  const created = await coordinatorApi.post('/api/v1/sites', { name: SITE, kind: 'fixed', area: 'Riverside' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  siteId = created.body.id;
});
after(async () => {
  await env?.stop();
});

test('(a) a coordinator receives stock for a site on the Stock page', async () => {
  const page = await env.phonePage();
  await login(page, 'coordinator');
  await openMenuItem(page, 'Stock');
  await page.getByRole('heading', { level: 1, name: 'Stock' }).waitFor();
  await chooseSite(page);
  await page.getByText('No stock at this site yet.').waitFor();
  await screenshot(page, 'stock-empty');
  await expectAccessible(page, 'the empty stock page');

  for (const [i, r] of RECEIPTS.entries()) {
    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    const form = page.getByTestId('tool-receive');
    await form.getByLabel('Item').selectOption({ label: r.item });
    await form.getByLabel('Lot number').fill(r.lot);
    if (r.expires) await form.getByLabel('Expires on').fill(r.expires);
    await form.getByLabel('Quantity').fill(String(r.quantity));
    if (i === 0) {
      await screenshot(page, 'stock-receive-form');
      await expectAccessible(page, 'the receive form');
    }
    await form.getByRole('button', { name: 'Save delivery' }).click();
    await page.getByRole('status').filter({ hasText: `Received ${r.quantity} ${r.item} (lot ${r.lot})` }).waitFor();
  }

  // A refused delivery shows the server's field error beside the field.
  await page.getByRole('button', { name: 'Receive', exact: true }).click();
  const form = page.getByTestId('tool-receive');
  await form.getByLabel('Item').selectOption({ label: 'Cooker' });
  await form.getByLabel('Lot number').fill(`X-${run}`);
  await form.getByLabel('Quantity').fill('0');
  await form.getByRole('button', { name: 'Save delivery' }).click();
  await form.locator('[aria-invalid="true"]').first().waitFor();
  await screenshot(page, 'stock-receive-error');
  await expectAccessible(page, 'the receive form with an error');
  await form.getByRole('button', { name: 'Cancel' }).click();

  const syringes = page.getByTestId('stock-list').locator('li[data-item="Syringe 1 mL 29G"]');
  await syringes.getByTestId('stock-quantity').filter({ hasText: '200' }).waitFor();
  await syringes.getByRole('button', { name: 'Lots (2)' }).click();
  await syringes.locator(`li[data-lot="${EARLY}"] .lot-qty`).filter({ hasText: '100' }).waitFor();
  await screenshot(page, 'stock');
  await expectAccessible(page, 'the stock page');

  const api = await stockOf('Syringe 1 mL 29G');
  assert.equal(api.quantity, 200);
  assert.deepEqual(page.kinshipProblems, []);
});

test('(b) a peer logs an encounter with the injection kit for a new code; stock falls on the first-expiring lot', async () => {
  const before = {};
  for (const r of RECEIPTS) before[r.item] = (await stockOf(r.item)).quantity;
  const kits = (await coordinatorApi.get('/api/v1/kits')).body.items;
  const kit = kits.find((k) => k.name === 'Injection kit');
  assert.ok(kit, 'the demo has the injection kit');

  const page = await env.phonePage();
  await login(page, 'peer');
  const started = Date.now();
  await page.getByRole('link', { name: 'Log an encounter' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Log an encounter' }).waitFor();
  await chooseSite(page);
  await screenshot(page, 'encounter-empty');
  await expectAccessible(page, 'the empty encounter form');

  for (const [label, value] of Object.entries(ANSWERS)) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Find code' }).click();
  await page.getByText('No code matches these answers.').waitFor();
  await screenshot(page, 'encounter-code-not-found');
  await expectAccessible(page, 'the encounter form, code not found');
  await page.getByRole('button', { name: 'Create this code' }).click();
  const chosen = page.getByTestId('chosen-code');
  await chosen.waitFor();
  const code = (await chosen.locator('.display-code').innerText()).trim();
  assert.match(code, /^[0-9A-Z-]{4,}$/);

  await page.getByRole('button', { name: /^Injection kit/ }).click();
  const lines = page.getByTestId('encounter-lines');
  await lines.locator('li').nth(kit.items.length - 1).waitFor();
  await screenshot(page, 'encounter-kit');
  await expectAccessible(page, 'the encounter form with a kit');

  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/encounters') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Save encounter' }).click();
  assert.equal((await saved).status(), 201);
  const done = page.getByTestId('encounter-saved');
  await done.getByRole('heading', { name: 'Encounter saved' }).waitFor();
  const seconds = (Date.now() - started) / 1000;
  assert.ok(seconds < 30, `the whole encounter took ${seconds} s in the browser`);
  assert.match(await done.innerText(), new RegExp(`for ${code}`));
  await screenshot(page, 'encounter-saved');
  await expectAccessible(page, 'the encounter confirmation');

  // The stock page shows the kit amounts gone, the syringes from the lot that expires first.
  await done.getByRole('link', { name: 'See stock' }).click();
  await page.getByRole('heading', { level: 1, name: 'Stock' }).waitFor();
  const list = page.getByTestId('stock-list');
  for (const k of kit.items) {
    const row = list.locator(`li[data-item="${k.name}"]`);
    await row.getByTestId('stock-quantity').filter({ hasText: String(before[k.name] - k.quantity) }).waitFor();
  }
  const syringes = list.locator('li[data-item="Syringe 1 mL 29G"]');
  await syringes.getByRole('button', { name: /^Lots/ }).click();
  const syringeKit = kit.items.find((i) => i.name === 'Syringe 1 mL 29G').quantity;
  await syringes.locator(`li[data-lot="${EARLY}"] .lot-qty`).filter({ hasText: String(100 - syringeKit) }).waitFor();
  await syringes.locator(`li[data-lot="${LATE}"] .lot-qty`).filter({ hasText: '100' }).waitFor();
  await screenshot(page, 'stock-after-encounter');

  // The stock card shows the dispense with the running balance.
  await syringes.getByRole('link', { name: 'Stock card: Syringe 1 mL 29G' }).click();
  await page.getByRole('heading', { level: 1, name: 'Stock card: Syringe 1 mL 29G' }).waitFor();
  await page.getByTestId('card-balance').filter({ hasText: String(200 - syringeKit) }).waitFor();
  const first = page.getByTestId('movement-list').locator('li').first();
  assert.match(await first.innerText(), new RegExp(`Handed out[\\s\\S]*${EARLY}[\\s\\S]*−${syringeKit}[\\s\\S]*balance ${200 - syringeKit}`));
  await screenshot(page, 'stock-card');
  await expectAccessible(page, 'the stock card');
  assert.deepEqual(page.kinshipProblems, []);
});

test('(c) asking for more than is in stock is refused with a clear message and nothing is saved', async () => {
  const stockBefore = await stockOf('Syringe 1 mL 29G');
  const encountersBefore = (await coordinatorApi.get(`/api/v1/encounters?site_id=${siteId}`)).body.items.length;

  const page = await env.phonePage();
  await login(page, 'peer');
  await page.goto('/encounter');
  await page.getByRole('heading', { level: 1, name: 'Log an encounter' }).waitFor();
  // The site chosen last time on this device is remembered — but this is a new phone context.
  await chooseSite(page);
  await page.getByRole('button', { name: 'Anonymous', exact: true }).click();
  await page.getByLabel('Add an item').selectOption({ label: 'Syringe 1 mL 29G' });
  const quantity = page.getByLabel('Syringe 1 mL 29G', { exact: true });
  await quantity.fill(String(stockBefore.quantity + 50));
  await page.getByLabel('Used syringes returned', { exact: true }).fill('12');

  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/encounters') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Save encounter' }).click();
  assert.equal((await answer).status(), 409);
  const message = `Only ${stockBefore.quantity} Syringe 1 mL 29G in stock at ${SITE}.`;
  await page.getByRole('alert').filter({ hasText: message }).first().waitFor();
  const line = page.getByTestId('encounter-lines').locator('li[data-item="Syringe 1 mL 29G"]');
  assert.match(await line.locator('.field-error').innerText(), new RegExp(message.replace(/[.]/g, '\\.')));
  assert.equal(await quantity.getAttribute('aria-invalid'), 'true');
  // The form is kept as it was.
  assert.equal(await quantity.inputValue(), String(stockBefore.quantity + 50));
  assert.equal(await page.getByLabel('Used syringes returned', { exact: true }).inputValue(), '12');
  await screenshot(page, 'encounter-refused');
  await expectAccessible(page, 'the refused encounter');

  assert.equal((await stockOf('Syringe 1 mL 29G')).quantity, stockBefore.quantity, 'stock unchanged');
  assert.equal((await coordinatorApi.get(`/api/v1/encounters?site_id=${siteId}`)).body.items.length, encountersBefore, 'no encounter saved');

  // Within stock, the same form saves.
  await quantity.fill('5');
  await page.getByRole('button', { name: 'Save encounter' }).click();
  const done = page.getByTestId('encounter-saved');
  await done.waitFor();
  assert.match(await done.innerText(), /anonymous/);
  assert.equal((await stockOf('Syringe 1 mL 29G')).quantity, stockBefore.quantity - 5);

  // A mistake can be undone at once: the supplies go back into stock.
  await done.getByRole('button', { name: 'Undo' }).click();
  await done.getByLabel('Why').fill('saved twice');
  await screenshot(page, 'encounter-undo');
  await expectAccessible(page, 'undoing an encounter');
  await done.getByRole('button', { name: 'Yes, undo it' }).click();
  await page.getByRole('status').filter({ hasText: 'Undone. The supplies are back in stock.' }).waitFor();
  assert.equal((await stockOf('Syringe 1 mL 29G')).quantity, stockBefore.quantity);

  await page.getByRole('button', { name: 'Log another' }).click();
  await page.getByRole('button', { name: 'Save encounter' }).waitFor();
  assert.equal(await page.getByLabel('Site', { exact: true }).inputValue(), siteId, '"Log another" keeps the site');
  // And this phone remembers the site next time.
  await page.reload();
  await page.getByRole('button', { name: 'Save encounter' }).waitFor();
  assert.equal(await page.getByLabel('Site', { exact: true }).inputValue(), siteId, 'the site is remembered');

  // Today's encounters stay within reach after "Log another", with Undo while the edit window is open.
  await page.getByRole('button', { name: 'Anonymous', exact: true }).click();
  await page.getByLabel('Add an item').selectOption({ label: 'Syringe 1 mL 29G' });
  await page.getByLabel('Syringe 1 mL 29G', { exact: true }).fill('3');
  await page.getByRole('button', { name: 'Save encounter' }).click();
  await page.getByTestId('encounter-saved').waitFor();
  assert.equal((await stockOf('Syringe 1 mL 29G')).quantity, stockBefore.quantity - 3);
  await page.getByRole('button', { name: 'Log another' }).click();
  const recent = page.getByTestId('my-recent-encounters');
  const card = recent.locator('li.card').filter({ hasText: '3 Syringe 1 mL 29G' });
  await card.waitFor();
  assert.equal(await recent.getByText('Undone', { exact: true }).count(), 1, 'the encounter undone earlier is listed as undone');
  await card.getByRole('button', { name: 'Undo' }).click();
  await card.getByLabel('Why').fill('wrong site');
  await screenshot(page, 'encounter-recent');
  await expectAccessible(page, "a peer's encounters today");
  await card.getByRole('button', { name: 'Yes, undo it' }).click();
  await card.getByText('Undone', { exact: true }).waitFor();
  assert.equal((await stockOf('Syringe 1 mL 29G')).quantity, stockBefore.quantity, 'undone from the list: stock is back');
  assert.deepEqual(page.kinshipProblems, []);
});

test('(d) a referral made during an encounter goes accepted → attended → closed on the board', async () => {
  // A coordinator adds the service to the directory.
  const coordinator = await env.phonePage();
  await login(coordinator, 'coordinator');
  await openMenuItem(coordinator, 'Referrals');
  await coordinator.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
  await coordinator.getByRole('button', { name: 'Directory' }).click();
  await coordinator.getByRole('button', { name: 'Add a service' }).click();
  await coordinator.getByLabel('Name').fill(SERVICE);
  await coordinator.getByLabel('Kind', { exact: true }).selectOption('housing');
  await coordinator.getByLabel('Hours').fill('Mon–Fri 9–17');
  await coordinator.getByLabel('How to refer').fill('Walk in, or call ahead.');
  await coordinator.getByLabel('Contact').fill('+1 555 0100');
  await coordinator.getByRole('button', { name: 'Add service' }).click();
  await coordinator.getByRole('status').filter({ hasText: `Added to the directory: ${SERVICE}.` }).waitFor();
  await coordinator.getByTestId('resource-list').locator(`li[data-resource="${SERVICE}"]`).waitFor();
  await screenshot(coordinator, 'referrals-directory');
  await expectAccessible(coordinator, 'the directory');

  // The peer finds the code made earlier (same answers) and refers the person, due today.
  const page = await env.phonePage();
  await login(page, 'peer');
  await page.goto('/encounter');
  await chooseSite(page);
  for (const [label, value] of Object.entries(ANSWERS)) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Find code' }).click();
  const chosen = page.getByTestId('chosen-code');
  await chosen.getByText(/Seen 1 time before/).waitFor();
  const code = (await chosen.locator('.display-code').innerText()).trim();
  await page.getByRole('button', { name: /^Injection kit/ }).click();
  await page.getByLabel('Safer use education').check();
  await page.getByLabel('Refer to').selectOption({ label: `${SERVICE} (Housing)` });
  await page.getByLabel('Follow up on').fill(day(0));
  await screenshot(page, 'encounter-referral');
  await expectAccessible(page, 'the encounter form with a referral');
  await page.getByRole('button', { name: 'Save encounter' }).click();
  await page.getByTestId('encounter-saved').getByText(`Referral made to ${SERVICE}`).waitFor();

  // On the board: accepted, attended, closed.
  await openMenuItem(page, 'Referrals');
  await page.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
  const card = page.getByTestId('referral-board').locator('li.referral').filter({ hasText: SERVICE });
  await card.waitFor();
  assert.match(await card.innerText(), new RegExp(code));
  const referralId = await card.getAttribute('data-referral');
  await screenshot(page, 'referrals-board');
  await expectAccessible(page, 'the referral board');
  for (const [button, status] of [
    ['Mark accepted', 'Accepted'],
    ['Mark attended', 'Attended'],
  ]) {
    await card.getByRole('button', { name: button }).click();
    await card.getByTestId('referral-status').filter({ hasText: status }).waitFor();
  }
  await screenshot(page, 'referrals-board-attended');
  await card.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('status').filter({ hasText: 'closed' }).waitFor();
  await card.waitFor({ state: 'detached' });

  const referral = await coordinatorApi.get(`/api/v1/referrals/${referralId}`);
  assert.equal(referral.body.status, 'closed');
  assert.deepEqual(referral.body.history.map((h) => h.status), ['made', 'accepted', 'attended', 'closed']);

  // The referral's own page and the list show it closed.
  await page.goto(`/referrals/${referralId}`);
  await page.getByTestId('referral-status').filter({ hasText: 'Closed' }).waitFor();
  await screenshot(page, 'referral-detail');
  await expectAccessible(page, 'the referral page');
  await page.goto('/referrals?tab=list');
  await page.getByLabel('Status').selectOption('closed');
  await page.getByLabel('Service').selectOption({ label: SERVICE });
  await page.getByTestId('referral-list').getByText(SERVICE).waitFor();
  await screenshot(page, 'referrals-list');
  await expectAccessible(page, 'the referral list');
  assert.deepEqual(page.kinshipProblems, []);
  assert.deepEqual(coordinator.kinshipProblems, []);
});

test('(e) the coordinator sees the dashboard with the numbers', async () => {
  const expected = (await coordinatorApi.get('/api/v1/dashboard?period=today')).body;
  assert.ok(expected.encounters >= 2, `encounters today (the undone one does not count): ${JSON.stringify(expected)}`);

  const page = await env.phonePage();
  await login(page, 'coordinator');
  await openMenuItem(page, 'Dashboard');
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  const cards = page.getByTestId('dashboard-cards');
  const stat = (name) => cards.locator(`li[data-stat="${name}"] .stat-value`);
  await stat('Encounters').filter({ hasText: String(expected.encounters) }).waitFor();
  assert.equal(await stat('People').innerText(), String(expected.people));
  assert.equal(await stat('Syringes out').innerText(), expected.syringes_out.toLocaleString('en-GB'));
  assert.equal(await stat('Referrals').innerText(), String(expected.referrals));
  await page.getByTestId('items-out').getByText('Syringe 1 mL 29G').waitFor();
  await page.getByTestId('funnel').getByText('Made').waitFor();
  await settled(page);
  await screenshot(page, 'dashboard-today');
  await expectAccessible(page, 'the dashboard');

  for (const period of ['This week', 'This month']) {
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/dashboard?period='));
    await page.getByRole('button', { name: period }).click();
    assert.equal((await answer).status(), 200);
    await page.getByRole('button', { name: period, pressed: true }).waitFor();
  }
  await settled(page);
  await screenshot(page, 'dashboard-month');
  await expectAccessible(page, 'the dashboard for a month');

  // A researcher sees the same dashboard; small counts may be hidden as "<5".
  const researcher = await env.phonePage();
  await login(researcher, 'researcher');
  await researcher.goto('/dashboard');
  await researcher.getByTestId('dashboard-cards').waitFor();
  await settled(researcher);
  await screenshot(researcher, 'dashboard-researcher');
  await expectAccessible(researcher, 'the researcher dashboard');
  assert.deepEqual(page.kinshipProblems, []);
  assert.deepEqual(researcher.kinshipProblems, []);
});

test('(f) a coordinator transfers, corrects, disposes of and counts stock', async () => {
  const otherSite = (await coordinatorApi.get('/api/v1/sites')).body.items.find((s) => s.id !== siteId && !s.archived);
  const before = {};
  for (const item of ['Syringe 1 mL 29G', 'Cooker', 'Filter', 'Alcohol swab']) before[item] = await stockOf(item);

  const page = await env.phonePage();
  await login(page, 'coordinator');
  await page.goto(`/stock?site_id=${siteId}`);
  await page.getByTestId('stock-list').waitFor();
  const tool = async (name, testId) => {
    await page.getByRole('button', { name, exact: true }).click();
    const form = page.getByTestId(testId);
    await form.waitFor();
    return form;
  };

  // Transfer: the lot that expires first goes first.
  let form = await tool('Transfer', 'tool-transfer');
  await form.getByLabel('Item').selectOption({ label: `Syringe 1 mL 29G (${before['Syringe 1 mL 29G'].quantity})` });
  await form.getByLabel('To site').selectOption({ label: otherSite.name });
  await form.getByLabel('Quantity').fill('20');
  await screenshot(page, 'stock-transfer');
  await expectAccessible(page, 'the transfer form');
  await form.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('status').filter({ hasText: `Sent 20 Syringe 1 mL 29G to ${otherSite.name}.` }).waitFor();
  assert.equal((await stockOf('Syringe 1 mL 29G')).quantity, before['Syringe 1 mL 29G'].quantity - 20);

  // Correct a miscount (−2), then dispose of a damaged one.
  form = await tool('Correct or dispose', 'tool-adjust');
  await form.getByLabel('Item').selectOption({ label: `Cooker (${before.Cooker.quantity})` });
  await form.getByLabel('Lot', { exact: true }).selectOption({ index: 1 });
  await form.getByLabel('Change').fill('-2');
  await form.getByLabel('Reason').fill('miscounted');
  await screenshot(page, 'stock-adjust');
  await expectAccessible(page, 'the correction form');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Corrected Cooker by -2.' }).waitFor();
  assert.equal((await stockOf('Cooker')).quantity, before.Cooker.quantity - 2);

  form = await tool('Correct or dispose', 'tool-adjust');
  await form.getByLabel('Item').selectOption({ label: `Filter (${before.Filter.quantity})` });
  await form.getByRole('button', { name: 'Dispose', exact: true }).click();
  await form.getByLabel('Lot', { exact: true }).selectOption({ index: 1 });
  await form.getByLabel('Quantity to dispose of').fill('1');
  await form.getByLabel('Reason').fill('damaged');
  await form.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Disposed of 1 Filter.' }).waitFor();
  assert.equal((await stockOf('Filter')).quantity, before.Filter.quantity - 1);

  // A physical count one short of the books corrects that lot.
  form = await tool('Count', 'tool-count');
  await form.getByLabel('Item').selectOption({ label: `Alcohol swab (${before['Alcohol swab'].quantity})` });
  const lot = before['Alcohol swab'].lots[0];
  await form.getByLabel(`Lot ${lot.lot_number}`).fill(String(lot.quantity - 1));
  await screenshot(page, 'stock-count');
  await expectAccessible(page, 'the count form');
  await form.getByRole('button', { name: 'Save count' }).click();
  await page.getByRole('status').filter({ hasText: 'Count saved for Alcohol swab: 1 lot corrected.' }).waitFor();
  assert.equal((await stockOf('Alcohol swab')).quantity, before['Alcohol swab'].quantity - 1);

  // More than there is: the server's message, nothing moved.
  form = await tool('Transfer', 'tool-transfer');
  const now = (await stockOf('Syringe 1 mL 29G')).quantity;
  await form.getByLabel('Item').selectOption({ label: `Syringe 1 mL 29G (${now})` });
  await form.getByLabel('To site').selectOption({ label: otherSite.name });
  await form.getByLabel('Quantity').fill(String(now + 1));
  await form.getByRole('button', { name: 'Send' }).click();
  await form.getByRole('alert').filter({ hasText: `Only ${now} Syringe 1 mL 29G in stock at ${SITE}.` }).waitFor();
  assert.equal((await stockOf('Syringe 1 mL 29G')).quantity, now);
  assert.deepEqual(page.kinshipProblems, []);
});

test('participants, catalog and the other new screens pass the accessibility check', async () => {
  const page = await env.phonePage();
  await login(page, 'coordinator');

  await openMenuItem(page, 'Participants');
  await page.getByRole('heading', { level: 1, name: 'Participants' }).waitFor();
  await settled(page);
  await screenshot(page, 'participants');
  await expectAccessible(page, 'participants');
  for (const [label, value] of Object.entries(ANSWERS)) await page.getByLabel(label).fill(value);
  await page.getByRole('button', { name: 'Find code' }).click();
  await page.getByRole('heading', { level: 1, name: /^Code / }).waitFor();
  await page.getByTestId('participant-facts').waitFor();
  await page.getByLabel('Age').selectOption('25-34');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await screenshot(page, 'participant');
  await expectAccessible(page, 'a participant');
  await page.getByRole('link', { name: 'Visits and referrals' }).click();
  await page.getByTestId('history-encounters').locator('li').first().waitFor();
  await screenshot(page, 'participant-history');
  await expectAccessible(page, 'a participant history');

  await page.goto('/participants/duplicates');
  await page.getByRole('heading', { level: 1, name: 'Possible duplicate codes' }).waitFor();
  await settled(page);
  await screenshot(page, 'participants-duplicates');
  await expectAccessible(page, 'duplicates');
  const pairs = (await coordinatorApi.get('/api/v1/participants/duplicates')).body.items;
  if (pairs.length > 0) {
    // Merge the first pair the page shows: keep the first code.
    const first = page.getByTestId('duplicate-list').locator('li').first();
    const keep = (await first.locator('.display-code').first().innerText()).trim();
    await first.getByRole('button', { name: `Keep ${keep}` }).click();
    await first.getByRole('button', { name: `Yes, merge into ${keep}` }).click();
    await page.getByRole('status').filter({ hasText: `into ${keep}.` }).waitFor();
    const kept = (await coordinatorApi.get(`/api/v1/participants?code=${keep}`)).body.items.find((p) => p.display_code === keep);
    assert.ok(kept && !kept.merged_into, 'the kept code is still there');
  }

  await openMenuItem(page, 'Catalog');
  await page.getByRole('heading', { level: 1, name: 'Catalog' }).waitFor();
  await page.getByTestId('item-list').locator('li').first().waitFor();
  await page.getByRole('button', { name: 'Edit Cooker' }).click();
  await page.getByLabel('Usual limit per visit').fill('20');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved: Cooker.' }).waitFor();
  await screenshot(page, 'catalog-items');
  await expectAccessible(page, 'catalog items');
  await page.getByRole('button', { name: 'Kits' }).click();
  await page.getByTestId('kit-list').locator('li[data-kit="Injection kit"]').waitFor();
  await page.getByRole('button', { name: 'Edit Naloxone kit' }).click();
  await screenshot(page, 'catalog-kits');
  await expectAccessible(page, 'catalog kits');

  // Desktop: the encounter form holds on a wide screen too.
  const wide = await env.phonePage({ width: 1280, height: 800 });
  await login(wide, 'peer');
  await wide.goto('/encounter');
  await wide.getByRole('button', { name: 'Find code' }).waitFor();
  await screenshot(wide, 'encounter-desktop');
  await expectAccessible(wide, 'the encounter form on a wide screen');
  assert.deepEqual(page.kinshipProblems, []);
});
