// Logs never hold personal data: no usernames, display names, passwords, tokens, cookie or
// CSRF values, site names or raw paths with ids — whatever the request and however it fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startServer } from '../lib/server.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const BIN = process.env.KINSHIP_BIN || path.join(ROOT, 'build/kinship');

test('server logs carry request ids and routes, never personal data or secrets', async () => {
  const server = await startServer({ bin: BIN, serveArgs: ['--log-level', 'debug'], prefix: 'kinship-logs-' });
  let cookie = '';
  try {
    const json = { 'content-type': 'application/json' };
    const post = (p, body, headers = {}) =>
      fetch(server.url + p, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify(body) });
    // A failed and a successful login.
    assert.equal((await post('/api/v1/session', { username: 'coordinator', password: 'wrong-password-xyz' })).status, 401);
    const login = await post('/api/v1/session', { username: 'coordinator', password: 'kinship-demo' });
    assert.equal(login.status, 200);
    cookie = login.headers.get('set-cookie').split(';')[0];
    const { csrf_token: csrf } = await login.json();
    const auth = { cookie, 'x-csrf-token': csrf };
    // Writes with names that must not reach the logs, and some that fail.
    const site = await post('/api/v1/sites', { name: 'Rosa Delgado Place', kind: 'fixed', area: 'Elm Street 12' }, auth);
    assert.equal(site.status, 201);
    const { id } = await site.json();
    assert.equal((await post('/api/v1/sites', { name: 'Rosa Delgado Place', kind: 'fixed' }, auth)).status, 422);
    assert.equal((await post('/api/v1/tokens', { name: 'Jamie laptop' }, auth)).status, 201);
    assert.equal((await fetch(`${server.url}/api/v1/sites/${id}?q=Rosa`, { headers: { cookie } })).status, 200);
    assert.equal((await fetch(`${server.url}/api/v1/nothing/Rosa`, { headers: { cookie } })).status, 404);
  } finally {
    await server.stop();
  }
  const log = server.logText();
  const lines = log.split('\n').filter((l) => l.trim());
  assert.ok(lines.length >= 8, `expected request logs, got:\n${log}`);
  for (const line of lines) assert.doesNotThrow(() => JSON.parse(line), `not a JSON log line: ${line}`);
  const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'http: request');
  assert.ok(requests.every((r) => /^[0-9a-f]{16}$/.test(r.request_id) && r.route && r.status), 'each request log has id, route, status');
  assert.ok(requests.some((r) => r.route === '/api/v1/sites/{id}'), 'routes are patterns, not paths');
  for (const secret of ['coordinator', 'Casey', 'kinship-demo', 'wrong-password-xyz', 'Rosa', 'Delgado', 'Elm Street',
    'Jamie', 'kss_', 'kst_', cookie.split('=')[1]]) {
    assert.ok(!log.includes(secret), `the log contains "${secret}"`);
  }
});
