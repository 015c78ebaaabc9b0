// Stock never oversells under concurrency: against the REAL server on a fresh demo database,
// 50 units are received at a site, then 100 requests of 1 unit each race for them. Exactly
// 50 must succeed (201) and 50 be refused (409 with `available`), the site must end at 0,
// and the stock card must keep an unbroken running balance. On SQLite one writer thread
// serialises the writes; on PostgreSQL the requests run in parallel transactions and the
// ledger's conditional decrement is what keeps them honest.
//
//   KINSHIP_BIN=build/kinship node --test tests/api/
//   tests/scripts/with_postgres.sh env KINSHIP_TEST_BACKEND=postgres KINSHIP_BIN=build/kinship node --test tests/api/
//
// Like the case files, it runs only when KINSHIP_API_CASES is unset or part of its name
// ("stock_concurrency").

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../lib/server.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, '..', '..');
const BIN = resolve(process.env.KINSHIP_BIN || join(REPO, 'build', 'kinship'));
const BACKEND = process.env.KINSHIP_TEST_BACKEND || 'sqlite';
const only = process.env.KINSHIP_API_CASES || '';

const STOCK = 50;
const REQUESTS = 100;

// A logged-in coordinator: JSON requests with the session cookie and CSRF token.
async function login(url, username) {
  const res = await fetch(`${url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'kinship-demo' }),
  });
  assert.equal(res.status, 200, `login as ${username}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kinship_session='));
  assert.ok(cookie, 'a session cookie');
  const { csrf_token: csrf } = await res.json();
  const session = cookie.split(';')[0];
  return async (method, path, body) => {
    const headers = { Cookie: session };
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = csrf;
      headers['Content-Type'] = 'application/json';
    }
    const init = { method, headers, body: body === undefined ? undefined : JSON.stringify(body) };
    const r = await fetch(`${url}${path}`, init);
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
}

async function created(call, method, path, body) {
  const r = await call(method, path, body);
  assert.equal(r.status, 201, `${method} ${path}: ${JSON.stringify(r.body)}`);
  return r.body;
}

// The whole stock card of an item at a site, newest first.
async function card(call, siteId, itemId) {
  const movements = [];
  let before = '';
  for (;;) {
    const r = await call('GET', `/api/v1/stock/card?site_id=${siteId}&item_id=${itemId}&limit=500${before}`);
    assert.equal(r.status, 200);
    movements.push(...r.body.items);
    if (!r.body.next_before) return { balance: r.body.balance, movements };
    before = `&before=${r.body.next_before}`;
  }
}

// Each movement's balance is the one before it plus its quantity, down to the first receive.
function assertRunningBalance(movements) {
  for (let i = 0; i < movements.length; i++) {
    const older = i + 1 < movements.length ? movements[i + 1].balance_after : 0;
    assert.equal(movements[i].balance_after, older + movements[i].quantity,
      `running balance broken at movement ${i} (${movements[i].kind} ${movements[i].quantity})`);
  }
}

if (!only || 'stock_concurrency'.includes(only)) {
  describe(`stock concurrency (${BACKEND})`, () => {
    let server;
    let call;
    let item;
    before(async () => {
      server = await startServer({ bin: BIN, backend: BACKEND, pgUrl: process.env.KINSHIP_TEST_PG_URL });
      call = await login(server.url, 'coordinator');
      item = await created(call, 'POST', '/api/v1/items',
        { name: 'Race Test Syringe', unit: 'syringe', category: 'injecting' });
    });
    after(async () => {
      await server?.stop();
    });

    test(`${REQUESTS} parallel transfers of 1 from ${STOCK} in stock: exactly ${STOCK} succeed`, async () => {
      const from = await created(call, 'POST', '/api/v1/sites', { name: 'Race Transfer From', kind: 'fixed' });
      const to = await created(call, 'POST', '/api/v1/sites', { name: 'Race Transfer To', kind: 'mobile' });
      // Two lots, so first-expiry-first-out crosses from one lot to the next mid-race.
      await created(call, 'POST', '/api/v1/stock/receive',
        { site_id: from.id, item_id: item.id, lot_number: 'RACE-A', expires_on: '2098-01-01', quantity: 20 });
      await created(call, 'POST', '/api/v1/stock/receive',
        { site_id: from.id, item_id: item.id, lot_number: 'RACE-B', expires_on: '2099-01-01', quantity: STOCK - 20 });

      const transfer = { from_site_id: from.id, to_site_id: to.id, item_id: item.id, quantity: 1 };
      const answers = await Promise.all(Array.from({ length: REQUESTS }, () =>
        call('POST', '/api/v1/stock/transfer', transfer)));
      const statuses = answers.map((a) => a.status);
      assert.equal(statuses.filter((s) => s === 201).length, STOCK, `statuses: ${JSON.stringify(statuses)}`);
      assert.equal(statuses.filter((s) => s === 409).length, REQUESTS - STOCK, `statuses: ${JSON.stringify(statuses)}`);
      for (const a of answers.filter((x) => x.status === 409)) {
        assert.equal(a.body.available, 0);
        assert.equal(a.body.requested, 1);
        assert.equal(a.body.item_id, item.id);
        assert.equal(a.body.site_id, from.id);
      }

      const fromCard = await card(call, from.id, item.id);
      assert.equal(fromCard.balance, 0);
      assert.equal(fromCard.movements.length, 2 + STOCK);
      assertRunningBalance(fromCard.movements);
      const toCard = await card(call, to.id, item.id);
      assert.equal(toCard.balance, STOCK);
      assertRunningBalance(toCard.movements);

      const stock = await call('GET', `/api/v1/stock?site_id=${from.id}`);
      assert.equal(stock.body.items[0].quantity, 0);
      assert.deepEqual(stock.body.items[0].lots, []);
    });

    test(`${REQUESTS} parallel disposals of 1 from one lot of ${STOCK}: exactly ${STOCK} succeed`, async () => {
      const site = await created(call, 'POST', '/api/v1/sites', { name: 'Race Dispose Site', kind: 'fixed' });
      const received = await created(call, 'POST', '/api/v1/stock/receive',
        { site_id: site.id, item_id: item.id, lot_number: 'RACE-C', quantity: STOCK });
      const lotId = received.movements[0].lot_id;

      const answers = await Promise.all(Array.from({ length: REQUESTS }, () =>
        call('POST', '/api/v1/stock/dispose', { site_id: site.id, lot_id: lotId, quantity: 1, reason: 'Race test' })));
      const statuses = answers.map((a) => a.status);
      assert.equal(statuses.filter((s) => s === 201).length, STOCK, `statuses: ${JSON.stringify(statuses)}`);
      assert.equal(statuses.filter((s) => s === 409).length, REQUESTS - STOCK, `statuses: ${JSON.stringify(statuses)}`);
      for (const a of answers.filter((x) => x.status === 409)) assert.equal(a.body.available, 0);
      const lotBalances = answers.filter((a) => a.status === 201).map((a) => a.body.movements[0].lot_balance_after);
      assert.deepEqual([...lotBalances].sort((x, y) => x - y), Array.from({ length: STOCK }, (_, i) => i),
        'each success left a different balance, 49 down to 0');

      const siteCard = await card(call, site.id, item.id);
      assert.equal(siteCard.balance, 0);
      assertRunningBalance(siteCard.movements);
    });
  });
}
