// Every screen passes the basic accessibility check on a phone; audit log and account work.
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

test('every screen an admin can open passes the accessibility check', async () => {
  const page = await env.phonePage();
  await login(page, 'admin');
  const screens = [
    ['Home', /^Hello,/, 'home-admin'],
    ['Sites', 'Sites', null],
    ['Users', 'Users', null],
    ['Audit log', 'Audit log', null],
    ['My account', 'My account', null],
  ];
  for (const [item, heading, shot] of screens) {
    await openMenuItem(page, item);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.locator('.loading').first().waitFor({ state: 'detached' }).catch(() => {});
    if (shot) await screenshot(page, shot);
    assert.deepEqual(await accessibilityProblems(page), [], `on ${item}`);
    assert.ok((await page.title()).includes(item === 'Home' ? 'Hello' : item), `title on ${item}: ${await page.title()}`);
  }

  await page.goto('/no-such-page');
  await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
  assert.deepEqual(await accessibilityProblems(page), []);
  assert.deepEqual(page.kinshipProblems, []);
});

test('the audit log lists entries newest first and the chain verifies', async () => {
  const page = await env.phonePage();
  await login(page, 'admin');
  await page.goto('/audit');
  const table = page.getByTestId('audit-table');
  await table.waitFor();
  const seqs = (await table.locator('tbody tr td:first-child').allInnerTexts()).map((s) => Number(s.replace(/\D/g, '')));
  assert.ok(seqs.length > 0, 'there are audit entries (at least this login)');
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i - 1] > seqs[i], `newest first: ${seqs.slice(0, 10)}`);

  await page.getByRole('button', { name: 'Verify chain' }).click();
  const result = page.getByTestId('verify-result');
  await result.getByText(/The audit log is intact\. \d+ entr(y|ies) checked\./).waitFor();
  await screenshot(page, 'audit');
  assert.deepEqual(await accessibilityProblems(page), []);
});

test('account: create an API token (shown once), use it, revoke it, change password', async () => {
  const page = await env.phonePage();
  await login(page, 'coordinator');
  await openMenuItem(page, 'My account');
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();

  await page.getByLabel('Token name').fill('monthly report script');
  await page.getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByLabel('Token', { exact: true }).inputValue();
  assert.match(secret, /^kst_/);
  await page.getByTestId('token-list').getByText('monthly report script').waitFor();
  await screenshot(page, 'account-token');
  assert.deepEqual(await accessibilityProblems(page), []);

  const withToken = await fetch(`${env.url}/api/v1/sites`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(withToken.status, 200, 'the new token works');

  await page.getByRole('button', { name: 'I have saved it' }).click();
  assert.equal(await page.getByLabel('Token', { exact: true }).count(), 0, 'the secret is not shown again');
  await page.getByRole('button', { name: 'Revoke token monthly report script' }).click();
  await page.getByRole('status').filter({ hasText: 'revoked' }).waitFor();
  const revoked = await fetch(`${env.url}/api/v1/sites`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(revoked.status, 401, 'the revoked token is refused');

  // Wrong current password: the server's field error is shown next to the field.
  await page.getByLabel('Current password').fill('not my password');
  await page.getByLabel('New password', { exact: true }).fill('a brand new passphrase');
  await page.getByLabel('New password again').fill('a brand new passphrase');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('alert').first().waitFor();
  await screenshot(page, 'account-password-error');
  assert.deepEqual(await accessibilityProblems(page), []);

  await page.getByLabel('Current password').fill('kinship-demo');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('status').filter({ hasText: 'Your password has been changed.' }).waitFor();
  const other = await env.phonePage();
  await login(other, 'coordinator', 'a brand new passphrase');
  assert.deepEqual(page.kinshipProblems, []);
});

test('on a wide screen the menu is a sidebar and the layout holds', async () => {
  const page = await env.phonePage({ width: 1280, height: 800 });
  await login(page, 'admin');
  await page.goto('/sites');
  await page.getByTestId('site-list').waitFor();
  assert.ok(await page.getByRole('navigation', { name: 'Main' }).isVisible(), 'menu shown without opening it');
  assert.equal(await page.getByRole('button', { name: 'Menu' }).isVisible(), false);
  await screenshot(page, 'sites-desktop');
  assert.deepEqual(await accessibilityProblems(page), []);
});

test('the app is installable: manifest, icons, and a service worker that never caches the API', async () => {
  const manifestResponse = await fetch(`${env.url}/manifest.webmanifest`);
  assert.equal(manifestResponse.status, 200);
  const manifest = await manifestResponse.json();
  assert.equal(manifest.name, 'Kinship');
  assert.ok(manifest.theme_color);
  for (const size of ['192x192', '512x512']) {
    const icon = manifest.icons.find((i) => i.sizes === size && i.type === 'image/png');
    assert.ok(icon, `a ${size} PNG icon is listed`);
    const r = await fetch(`${env.url}${icon.src}`);
    assert.equal(r.status, 200, icon.src);
    assert.equal(r.headers.get('content-type'), 'image/png');
  }
  assert.ok(manifest.icons.some((i) => i.type === 'image/svg+xml'), 'an SVG icon is listed');

  const page = await env.phonePage(undefined, { serviceWorkers: 'allow' });
  await login(page, 'admin');
  await page.goto('/sites');
  await page.getByTestId('site-list').waitFor();
  const cached = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    for (let i = 0; i < 50 && !(await caches.keys()).length; i++) await new Promise((r) => setTimeout(r, 100));
    const urls = [];
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
    }
    return { scope: new URL(registration.scope).pathname, urls };
  });
  assert.equal(cached.scope, '/');
  assert.ok(cached.urls.includes('/'), `the shell is cached: ${cached.urls}`);
  assert.ok(cached.urls.some((u) => /^\/assets\/.+\.js$/.test(u)), `hashed scripts are cached: ${cached.urls}`);
  assert.deepEqual(cached.urls.filter((u) => u.startsWith('/api/')), [], 'nothing under /api/ is cached');
});
