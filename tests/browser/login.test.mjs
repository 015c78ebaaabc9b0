// Logging in and out, and a coordinator's everyday task: adding a site.
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

test('wrong password shows the server message and stays on the login page', async () => {
  const page = await env.phonePage();
  await page.goto('/');
  await page.waitForURL('**/login');
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  await screenshot(page, 'login');
  assert.deepEqual(await accessibilityProblems(page), []);

  await page.getByLabel('Username').fill('coordinator');
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = (await alert.innerText()).trim();
  assert.ok(text.length > 0, 'the error message is not empty');
  assert.ok(new URL(page.url()).pathname === '/login', `still on /login, got ${page.url()}`);
  assert.equal(await page.getByLabel('Password', { exact: true }).inputValue(), '', 'password field is cleared');
  await screenshot(page, 'login-error');
  assert.deepEqual(await accessibilityProblems(page), []);
  assert.deepEqual(page.kinshipProblems, []);
});

test('coordinator logs in, adds a site, sees it in the list, and logs out', async () => {
  const page = await env.phonePage();
  await login(page, 'coordinator');
  assert.equal(new URL(page.url()).pathname, '/');
  await page.getByRole('heading', { level: 1, name: /^Hello,/ }).waitFor();
  assert.equal(await page.getByTestId('home-role').innerText(), 'Coordinator');
  assert.equal(await page.getByTestId('home-program').innerText(), 'Eastside Peer Network');
  await screenshot(page, 'home-coordinator');
  assert.deepEqual(await accessibilityProblems(page), []);

  await page.getByRole('button', { name: 'Menu' }).click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Sites', exact: true }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Audit log' }).count(), 0, 'a coordinator has no audit log item');
  await screenshot(page, 'menu-open');
  await nav.getByRole('link', { name: 'Sites', exact: true }).click();
  await page.waitForURL('**/sites');
  await page.getByRole('heading', { level: 1, name: 'Sites' }).waitFor();
  await page.getByTestId('site-list').waitFor();
  await screenshot(page, 'sites');

  await page.getByRole('button', { name: 'Add a site' }).click();
  // An empty name is refused by the server and the message appears next to the field.
  await page.getByRole('button', { name: 'Save site' }).click();
  await page.getByRole('alert').first().waitFor();
  assert.equal(await page.getByLabel('Name').getAttribute('aria-invalid'), 'true', 'the name field is marked invalid');
  await screenshot(page, 'sites-add-error');
  assert.deepEqual(await accessibilityProblems(page), []);

  const name = `Station Road drop-in ${Date.now() % 100000}`;
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Kind').selectOption('outreach');
  await page.getByLabel(/^Area/).fill('North End');
  await page.getByRole('button', { name: 'Save site' }).click();
  await page.getByRole('status').filter({ hasText: `Site added: ${name}.` }).waitFor();
  const card = page.getByTestId('site-list').getByRole('listitem').filter({ hasText: name });
  await card.waitFor();
  assert.match(await card.innerText(), /Outreach/);
  assert.match(await card.innerText(), /North End/);
  await screenshot(page, 'sites-added');
  assert.deepEqual(await accessibilityProblems(page), []);

  // A reload on the deep link keeps the session and shows the new site.
  await page.reload();
  await page.getByTestId('site-list').getByRole('listitem').filter({ hasText: name }).waitFor();

  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL('**/login');
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  // After logging out, the app's pages send you back to log in.
  await page.goto('/sites');
  await page.waitForURL(/\/login\?next=%2Fsites$/);
  assert.deepEqual(page.kinshipProblems, []);
});

test('a deep link asks to log in, then opens the page that was asked for', async () => {
  const page = await env.phonePage();
  await page.goto('/account');
  await page.waitForURL(/\/login\?next=%2Faccount$/);
  await page.getByLabel('Username').fill('peer');
  await page.getByLabel('Password', { exact: true }).fill('kinship-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL('**/account');
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  await openMenuItem(page, 'Home');
  await page.waitForURL((u) => u.pathname === '/');
});

test('keyboard only: log in, open and close the menu, skip to content', async () => {
  const page = await env.phonePage();
  await page.goto('/login');
  await page.getByLabel('Username').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'username');
  await page.keyboard.type('researcher');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'password');
  await page.keyboard.type('kinship-demo');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /^Hello,/ }).waitFor();

  // After a reload, the first Tab reaches the skip link, which is then visible.
  await page.reload();
  await page.getByRole('heading', { level: 1, name: /^Hello,/ }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Skip to content');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'focus is visible');

  await page.getByRole('button', { name: 'Menu' }).focus();
  await page.keyboard.press('Enter');
  // Preact renders on the next tick: wait for the state rather than racing it on a busy machine.
  await page.waitForFunction(() => document.getElementById('menu-button')?.getAttribute('aria-expanded') === 'true');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sites' }).waitFor();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.getElementById('menu-button')?.getAttribute('aria-expanded') === 'false');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'menu-button', 'focus returns to the menu button');
});

test('after too many failed logins the page says to wait (429)', async () => {
  // Fail enough times through the API to trip the per-account throttle, then try in the browser.
  let status = 0;
  for (let i = 0; i < 30 && status !== 429; i++) {
    const r = await fetch(`${env.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'harbour.admin', password: `wrong-${i}` }),
    });
    status = r.status;
  }
  assert.equal(status, 429, 'the server throttles repeated failures');

  const page = await env.phonePage();
  await page.goto('/login');
  await page.getByLabel('Username').fill('harbour.admin');
  await page.getByLabel('Password', { exact: true }).fill('kinship-demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').filter({ hasText: /wait .* and try again/i }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/login');
  await screenshot(page, 'login-throttled');
});
