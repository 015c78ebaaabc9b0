// A network coordinator switches between member programs; a program never sees another's sites.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessibilityProblems, login, openMenuItem, screenshot, startEnvironment } from './harness.mjs';

let env;
before(async () => {
  env = await startEnvironment();
});
after(async () => {
  await env?.stop();
});

test('a network coordinator switches program and the whole app follows', async () => {
  const page = await env.phonePage();
  await login(page, 'network');
  const programName = page.getByTestId('program-name');
  const before = (await programName.innerText()).trim();
  const select = page.locator('main').getByLabel('Program you are working in');
  await page.locator('#home-program-select option').nth(1).waitFor({ state: 'attached' });
  const options = await page.locator('#home-program-select option').allInnerTexts();
  assert.ok(options.includes('Eastside Peer Network'), `programs listed: ${options}`);
  assert.ok(options.includes('Harbour Outreach'), `programs listed: ${options}`);
  await screenshot(page, 'home-network');
  assert.deepEqual(await accessibilityProblems(page), []);

  const target = before === 'Harbour Outreach' ? 'Eastside Peer Network' : 'Harbour Outreach';
  await select.selectOption({ label: target });
  await page.locator('main').getByRole('button', { name: 'Switch program' }).click();
  await page.locator('main').getByRole('status').filter({ hasText: `You are now working in ${target}.` }).waitFor();
  assert.equal((await programName.innerText()).trim(), target);
  assert.equal(await page.getByTestId('home-program').innerText(), target);
  await screenshot(page, 'home-network-switched');

  // The server remembers the active program for this session.
  await page.reload();
  await page.getByTestId('program-name').filter({ hasText: target }).waitFor();

  // Sites now come from the chosen program only.
  await openMenuItem(page, 'Sites');
  await page.getByTestId('site-list').waitFor();
  const harbourAdmin = await env.phonePage();
  await login(harbourAdmin, 'harbour.admin');
  await harbourAdmin.goto('/sites');
  await harbourAdmin.getByTestId('site-list').waitFor();
  const harbourSites = await harbourAdmin.getByTestId('site-list').getByRole('heading', { level: 3 }).allInnerTexts();
  const shown = await page.getByTestId('site-list').getByRole('heading', { level: 3 }).allInnerTexts();
  if (target === 'Harbour Outreach') assert.deepEqual(shown.sort(), harbourSites.sort());
  else assert.equal(shown.filter((s) => harbourSites.includes(s)).length, 0);
  assert.deepEqual(page.kinshipProblems, []);
});

test('only network coordinators get a program switcher', async () => {
  const page = await env.phonePage();
  await login(page, 'harbour.admin');
  assert.equal(await page.getByTestId('program-name').innerText(), 'Harbour Outreach');
  assert.equal(await page.getByRole('button', { name: 'Switch program' }).count(), 0);
});
