// Roles: a peer worker cannot open the users page; a program admin manages users.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { accessibilityProblems, login, screenshot, startEnvironment } from './harness.mjs';

let env;
before(async () => {
  env = await startEnvironment();
});
after(async () => {
  await env?.stop();
});

test('a peer worker sees a clear no-access message on the users page', async () => {
  const page = await env.phonePage();
  await login(page, 'peer');
  await page.getByRole('button', { name: 'Menu' }).click();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Home' }).waitFor();
  assert.equal(await nav.getByRole('link', { name: 'Users' }).count(), 0, 'no Users item in the menu');
  assert.equal(await nav.getByRole('link', { name: 'Audit log' }).count(), 0, 'no Audit log item in the menu');

  await page.goto('/users');
  await page.getByRole('heading', { name: "You don't have access to this page" }).waitFor();
  assert.equal(await page.getByTestId('user-list').count(), 0, 'no user list is shown');
  await screenshot(page, 'users-no-access-peer');
  assert.deepEqual(await accessibilityProblems(page), []);

  await page.goto('/audit');
  await page.getByRole('heading', { name: "You don't have access to this page" }).waitFor();
  assert.deepEqual(page.kinshipProblems, []);
});

test('the API also refuses the peer (403), whatever the screen shows', async () => {
  const page = await env.phonePage();
  await login(page, 'peer');
  const status = await page.evaluate(() => fetch('/api/v1/users', { credentials: 'same-origin' }).then((r) => r.status));
  assert.equal(status, 403);
});

test('a program admin sees the users page, adds a user, who can then log in', async () => {
  const page = await env.phonePage();
  await login(page, 'admin');
  await page.goto('/users');
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  const list = page.getByTestId('user-list');
  await list.getByRole('listitem').filter({ hasText: 'coordinator' }).first().waitFor();
  await screenshot(page, 'users');
  assert.deepEqual(await accessibilityProblems(page), []);

  await page.getByRole('button', { name: 'Add a user' }).click();
  await page.getByLabel('Username').fill('Bad Name!');
  await page.getByLabel('Display name').fill('Robin');
  await page.getByLabel('Role').selectOption('peer');
  await page.getByLabel('First password').fill('short');
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('alert').first().waitFor();
  const invalid = await page.locator('[aria-invalid="true"]').count();
  assert.ok(invalid >= 1, 'at least one field is marked invalid by the server’s errors[]');
  await screenshot(page, 'users-add-error');
  assert.deepEqual(await accessibilityProblems(page), []);

  await page.getByLabel('Username').fill('robin.peer');
  await page.getByLabel('First password').fill('a long first password');
  await page.getByRole('button', { name: 'Add user' }).click();
  await page.getByRole('status').filter({ hasText: 'Added Robin (robin.peer)' }).waitFor();
  const card = list.locator('li[data-username="robin.peer"]');
  await card.waitFor();
  assert.match(await card.innerText(), /Peer worker/);
  await screenshot(page, 'users-added');

  // Change the new user's role to coordinator.
  await card.getByRole('button', { name: 'Manage Robin' }).click();
  await card.getByLabel('Role').selectOption('coordinator');
  await card.getByRole('button', { name: 'Change role' }).click();
  await page.getByRole('status').filter({ hasText: 'Robin is now: Coordinator.' }).waitFor();
  await list.locator('li[data-username="robin.peer"]', { hasText: 'Coordinator' }).waitFor();
  await screenshot(page, 'users-manage');
  assert.deepEqual(await accessibilityProblems(page), []);

  // The new person can log in with the first password.
  const other = await env.phonePage();
  await login(other, 'robin.peer', 'a long first password');
  assert.equal(await other.getByTestId('home-role').innerText(), 'Coordinator');

  // Reset the password: the new one works.
  await card.getByLabel('New password').fill('short');
  await card.getByRole('button', { name: 'Reset password' }).click();
  await card.getByRole('alert').waitFor();
  assert.equal(await card.getByLabel('New password').getAttribute('aria-invalid'), 'true');
  await card.getByLabel('New password').fill('another long password');
  await card.getByRole('button', { name: 'Reset password' }).click();
  await page.getByRole('status').filter({ hasText: 'New password set for Robin.' }).waitFor();
  const fourth = await env.phonePage();
  await login(fourth, 'robin.peer', 'another long password');

  // Disabled accounts cannot log in.
  await card.getByRole('button', { name: 'Disable account' }).click();
  await page.getByRole('status').filter({ hasText: 'Robin can no longer log in.' }).waitFor();
  const third = await env.phonePage();
  await third.goto('/login');
  await third.getByLabel('Username').fill('robin.peer');
  await third.getByLabel('Password', { exact: true }).fill('another long password');
  await third.getByRole('button', { name: 'Log in' }).click();
  await third.getByRole('alert').waitFor();
  assert.equal(new URL(third.url()).pathname, '/login');
  assert.deepEqual(page.kinshipProblems, []);
});
