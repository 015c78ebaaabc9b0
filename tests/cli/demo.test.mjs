// `kinship demo`: the full demo data set (two years of daily work) is consistent the way the
// services keep it — stock equals the sum of movements and never went negative, every
// running balance on the stock card is right, the roll-ups equal the aggregates of the
// encounters, referrals exist in every status with their events — and it is reproducible
// from its seed. `--size tiny` (what the API tests use) makes only the structure, fast.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KINSHIP_BIN, cleanup, freshPgDatabase, kinship, psql, sqlite, tempDir } from './harness.mjs';

after(cleanup);

// A fixed end of the two years, so two runs with one seed give the same rows.
const NOW = '2026-11-23T15:30:00.000Z';
const TODAY = NOW.slice(0, 10);
// Under the sanitizer build everything is several times slower: no time limits there.
const SANITIZED = /asan/.test(KINSHIP_BIN);

async function demo(args, { timeout = 900_000 } = {}) {
  const dir = await tempDir();
  const file = join(dir, 'demo.db');
  const started = Date.now();
  const r = await kinship(['demo', '--db', `sqlite:${file}`, ...args], { cwd: dir, timeout });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return { dir, file, db: `sqlite:${file}`, seconds: (Date.now() - started) / 1000, stdout: r.stdout };
}

const one = async (file, sql) => (await sqlite(file, sql)).trim();
const num = async (file, sql) => Number(await one(file, sql));
// SHA-256 of what sqlite3 prints for sql, streamed (the answers are large).
const digestOf = (file, sql) => new Promise((resolve, reject) => {
  const hash = createHash('sha256');
  const child = spawn('sqlite3', [file, sql]);
  child.stdout.on('data', (d) => hash.update(d));
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve(hash.digest('hex')) : reject(new Error(`sqlite3 exited ${code}`))));
});
// Rows in one query's answer and not the other's, both ways (EXCEPT sorts: fast on big tables).
const differ = async (file, a, b) => num(file, `
  SELECT (SELECT COUNT(*) FROM (SELECT * FROM (${a}) EXCEPT SELECT * FROM (${b}))) +
    (SELECT COUNT(*) FROM (SELECT * FROM (${b}) EXCEPT SELECT * FROM (${a})))`);

// The ISO week key of a day column, in SQLite 3.40 (which has no %V): the week belongs to the
// year of its Thursday.
const thursday = (day) => `date(${day}, '-' || ((CAST(strftime('%w', ${day}) AS INTEGER) + 6) % 7) || ' days', '+3 days')`;
const weekKey = (day) =>
  `'w:' || strftime('%Y', ${thursday(day)}) || '-W' || printf('%02d', (CAST(strftime('%j', ${thursday(day)}) AS INTEGER) - 1) / 7 + 1)`;

describe('kinship demo --seed 7 (full size)', () => {
  let full;
  before(async () => {
    full = await demo(['--seed', '7', '--now', NOW]);
  });

  test('makes about 100,000 encounters over two years ending now, in reasonable time', async () => {
    const n = await num(full.file, 'SELECT COUNT(*) FROM encounters');
    assert.ok(n >= 90_000 && n <= 110_000, `${n} encounters`);
    const [first, last] = (await one(full.file, 'SELECT MIN(day), MAX(occurred_at) FROM encounters')).split('|');
    assert.ok(first >= '2024-11-23' && first <= '2024-11-30', `first day ${first}`);
    assert.ok(last <= NOW && last.startsWith(TODAY), `last encounter ${last}`);
    assert.ok(await num(full.file, `SELECT COUNT(*) FROM encounters WHERE created_at > '${NOW}'`) === 0);
    if (!SANITIZED) assert.ok(full.seconds < 60, `took ${full.seconds} s`);
    console.log(`# full demo: ${n} encounters in ${full.seconds.toFixed(1)} s`);
    assert.equal(await num(full.file, 'SELECT COUNT(*) FROM participants'), 2000);
  });

  test('stock equals the sum of movements per site and lot, and per site and item', async () => {
    assert.equal(await differ(full.file, 'SELECT program_id, site_id, lot_id, quantity FROM stock',
      'SELECT program_id, site_id, lot_id, SUM(quantity) FROM movements GROUP BY 1, 2, 3'), 0,
    'stock rows that differ from their movements');
    assert.equal(await differ(full.file, 'SELECT program_id, site_id, item_id, quantity FROM stock_totals',
      'SELECT program_id, site_id, item_id, SUM(quantity) FROM movements GROUP BY 1, 2, 3'), 0,
    'stock_totals rows that differ from their movements');
    assert.equal(await num(full.file, `
      SELECT COUNT(*) FROM stock s JOIN lots l ON l.program_id = s.program_id AND l.id = s.lot_id
      WHERE s.item_id <> l.item_id OR s.expires_on IS NOT l.expires_on`), 0);
  });

  test('every running balance on the stock card is right and never negative', async () => {
    // The card orders by movement id: the balances must add up in that order.
    const bad = await num(full.file, `
      SELECT COUNT(*) FROM (
        SELECT balance_after, lot_balance_after,
          SUM(quantity) OVER (PARTITION BY program_id, site_id, item_id ORDER BY id) AS item_run,
          SUM(quantity) OVER (PARTITION BY program_id, site_id, lot_id ORDER BY id) AS lot_run
        FROM movements)
      WHERE balance_after <> item_run OR lot_balance_after <> lot_run OR item_run < 0 OR lot_run < 0`);
    assert.equal(bad, 0);
    assert.equal(await num(full.file, 'SELECT COUNT(*) FROM stock WHERE quantity < 0'), 0);
    assert.equal(await num(full.file, "SELECT COUNT(*) FROM movements WHERE substr(id, 15, 1) <> '7'"), 0, 'UUIDv7 ids');
    // Dispense movements belong to an encounter of the same site, at its time.
    assert.equal(await num(full.file, `
      SELECT COUNT(*) FROM movements m LEFT JOIN encounters e ON e.program_id = m.program_id AND e.id = m.encounter_id
      WHERE m.kind = 'dispense' AND (e.id IS NULL OR e.site_id <> m.site_id OR e.occurred_at <> m.occurred_at)`), 0);
    // Each encounter line was dispensed in full.
    assert.equal(await differ(full.file, 'SELECT program_id, encounter_id, item_id, quantity FROM encounter_items',
      "SELECT program_id, encounter_id, item_id, -SUM(quantity) FROM movements WHERE kind = 'dispense' GROUP BY 1, 2, 3"), 0);
    // No dispense from a lot that had expired on the day.
    assert.equal(await num(full.file, `
      SELECT COUNT(*) FROM movements m JOIN lots l ON l.program_id = m.program_id AND l.id = m.lot_id
      WHERE m.kind = 'dispense' AND l.expires_on < substr(m.occurred_at, 1, 10)`), 0);
  });

  test('every kind of movement, with expired lots and lots expiring soon on the shelves', async () => {
    const kinds = (await one(full.file, 'SELECT DISTINCT kind FROM movements ORDER BY kind')).split('\n');
    assert.deepEqual(kinds, ['adjust', 'dispense', 'dispense_reversal', 'dispose', 'expire', 'receive',
      'transfer_in', 'transfer_out']);
    assert.ok(await num(full.file, `SELECT COUNT(*) FROM stock WHERE quantity > 0 AND expires_on < '${TODAY}'`) > 0,
      'expired stock on hand');
    assert.ok(await num(full.file, `SELECT COUNT(*) FROM stock WHERE quantity > 0 AND expires_on >= '${TODAY}'
      AND expires_on <= date('${TODAY}', '+60 days')`) > 0, 'stock expiring within 60 days');
    // Lots arrive every month at every site that hands the item out.
    assert.ok(await num(full.file, "SELECT COUNT(DISTINCT substr(occurred_at, 1, 7)) FROM movements WHERE kind = 'receive'") >= 24);
    // A transfer moves the same quantity out and in.
    assert.equal(await num(full.file, `
      SELECT COUNT(*) FROM (SELECT transfer_id, SUM(quantity) AS q FROM movements WHERE transfer_id IS NOT NULL
      GROUP BY transfer_id) WHERE q <> 0`), 0);
  });

  test('daily_site_stats and daily_item_stats equal the aggregates of the live encounters', async () => {
    // A voided encounter leaves its roll-up rows at zero: only non-zero rows are compared.
    assert.equal(await differ(full.file, `
      SELECT program_id, day, site_id, encounters, with_code, returned_syringes, returned_containers,
        for_others_people, referrals FROM daily_site_stats
      WHERE encounters + with_code + returned_syringes + returned_containers + for_others_people + referrals > 0`, `
      SELECT e.program_id, e.day, e.site_id, COUNT(*), COUNT(e.participant_id), SUM(e.returned_syringes),
        SUM(e.returned_containers), SUM(e.for_others_people),
        SUM((SELECT COUNT(*) FROM referrals r WHERE r.program_id = e.program_id AND r.encounter_id = e.id))
      FROM encounters e WHERE e.voided = 0 GROUP BY 1, 2, 3`), 0, 'daily_site_stats rows that differ');
    assert.equal(await differ(full.file, `
      SELECT program_id, day, site_id, item_id, quantity, for_others FROM daily_item_stats WHERE quantity > 0`, `
      SELECT e.program_id, e.day, e.site_id, i.item_id, SUM(i.quantity), SUM(i.for_others)
      FROM encounters e JOIN encounter_items i ON i.program_id = e.program_id AND i.encounter_id = e.id
      WHERE e.voided = 0 GROUP BY 1, 2, 3, 4`), 0, 'daily_item_stats rows that differ');
    assert.equal(await num(full.file, `SELECT COUNT(*) FROM daily_item_stats WHERE quantity = 0 AND NOT EXISTS (
      SELECT 1 FROM encounters e WHERE e.program_id = daily_item_stats.program_id AND e.day = daily_item_stats.day
        AND e.site_id = daily_item_stats.site_id AND e.voided = 1)`), 0, 'zero rows without a voided encounter');
  });

  test('participant_periods and the participants\' counters equal the aggregates of the encounters', async () => {
    const live = 'FROM encounters WHERE voided = 0 AND participant_id IS NOT NULL';
    assert.equal(await differ(full.file, 'SELECT program_id, period, participant_id, encounters FROM participant_periods', `
      SELECT program_id, 'd:' || day, participant_id, COUNT(*) ${live} GROUP BY 1, 2, 3
      UNION ALL SELECT program_id, ${weekKey('day')}, participant_id, COUNT(*) ${live} GROUP BY 1, 2, 3
      UNION ALL SELECT program_id, 'm:' || substr(day, 1, 7), participant_id, COUNT(*) ${live} GROUP BY 1, 2, 3`), 0,
    'participant_periods rows that differ');
    assert.equal(await differ(full.file,
      'SELECT program_id, id, encounter_count, first_seen_at, last_seen_at FROM participants WHERE encounter_count > 0',
      `SELECT program_id, participant_id, COUNT(*), MIN(occurred_at), MAX(occurred_at) ${live} GROUP BY 1, 2`), 0,
    'participants whose counters differ');
    assert.equal(await num(full.file, `SELECT COUNT(*) FROM participants
      WHERE encounter_count = 0 AND (first_seen_at IS NOT NULL OR last_seen_at IS NOT NULL)`), 0);
    // Every participant has its code key; UIC codes have their near keys too.
    assert.equal(await differ(full.file, 'SELECT program_id, id, code_kind FROM participants',
      "SELECT program_id, participant_id, kind FROM participant_keys WHERE kind IN ('uic', 'card')"), 0);
    assert.ok(await num(full.file, "SELECT COUNT(*) FROM participant_keys WHERE kind LIKE 'near%'") > 0);
  });

  test('weekly and seasonal patterns: quieter at weekends and in summer', async () => {
    const perDay = async (where) => num(full.file,
      `SELECT CAST(COUNT(*) AS REAL) / COUNT(DISTINCT day) FROM encounters WHERE ${where}`);
    const weekday = await perDay("strftime('%w', day) IN ('2', '3', '4')");
    const sunday = await perDay("strftime('%w', day) = '0'");
    assert.ok(sunday < weekday / 2, `sunday ${sunday} vs weekday ${weekday}`);
    const january = await num(full.file, "SELECT COUNT(*) FROM encounters WHERE substr(day, 6, 2) = '01'");
    const august = await num(full.file, "SELECT COUNT(*) FROM encounters WHERE substr(day, 6, 2) = '08'");
    assert.ok(january > august * 1.15, `january ${january} vs august ${august}`);
    assert.equal(await num(full.file, "SELECT COUNT(*) FROM encounters WHERE substr(day, 6, 5) = '12-25'"), 0);
  });

  test('referrals in every status, each with its events, and some due for follow-up today', async () => {
    const statuses = (await one(full.file, 'SELECT DISTINCT status FROM referrals ORDER BY status')).split('\n');
    assert.deepEqual(statuses, ['accepted', 'attended', 'closed', 'made', 'not_attended']);
    assert.equal(await num(full.file, `
      SELECT COUNT(*) FROM referrals r WHERE
        (SELECT COUNT(*) FROM referral_events e WHERE e.program_id = r.program_id AND e.referral_id = r.id
           AND e.status = 'made' AND e.at = r.made_at) <> 1
        OR (SELECT e.status FROM referral_events e WHERE e.program_id = r.program_id AND e.referral_id = r.id
           ORDER BY e.at DESC LIMIT 1) <> r.status
        OR (r.status = 'closed') <> (r.closed_at IS NOT NULL)`), 0);
    assert.equal(await num(full.file, `SELECT COUNT(*) FROM referral_events WHERE at > '${NOW}'`), 0);
    assert.ok(await num(full.file, `SELECT COUNT(*) FROM referrals WHERE status <> 'closed' AND follow_up_on <= '${TODAY}'`) > 0,
      'open referrals due today or earlier');
    const resources = (await one(full.file, 'SELECT COUNT(*) FROM resources GROUP BY program_id')).split('\n').map(Number);
    assert.ok(resources.length === 3 && resources.every((n) => n >= 6 && n <= 10), `resources ${resources}`);
    assert.equal(await num(full.file, 'SELECT COUNT(DISTINCT kind) FROM resources'), 10);
  });

  test('the audit chain verifies', async () => {
    const r = await kinship(['audit', 'verify', '--db', full.db], { cwd: full.dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(await num(full.file, "SELECT COUNT(*) FROM audit_log WHERE entity = 'demo_data'"), 3);
  });

  test('the same seed gives the same data', async () => {
    const again = await demo(['--seed', '7', '--now', NOW]);
    // Programs, sites, users and items get random ids from their services; what the
    // generator makes is identical, ids included — except which movement id of an encounter
    // goes to which item: the encounter service dispenses in item id order.
    const digest = (file) => digestOf(file, `
      SELECT id, occurred_at, created_at, returned_syringes, services, voided FROM encounters ORDER BY id;
      SELECT lot_id, encounter_id, kind, quantity, balance_after, lot_balance_after, occurred_at FROM movements
        ORDER BY occurred_at, lot_id, encounter_id, kind;
      SELECT id, status, made_at, follow_up_on FROM referrals ORDER BY id;
      SELECT id, lot_number, expires_on FROM lots ORDER BY id;
      SELECT id, encounter_count, first_seen_at FROM participants ORDER BY id;`);
    assert.equal(await digest(again.file), await digest(full.file));
    const other = await demo(['--seed', '8', '--now', NOW, '--encounters', '2000']);
    assert.notEqual(await digest(other.file), await digest(full.file));
  });
});

test('kinship demo --size tiny makes only programs, sites, users, settings and the catalog, fast', async () => {
  const tiny = await demo(['--size', 'tiny']);
  for (const table of ['participants', 'lots', 'stock', 'movements', 'encounters', 'resources', 'referrals']) {
    assert.equal(await num(tiny.file, `SELECT COUNT(*) FROM ${table}`), 0, table);
  }
  assert.equal(await num(tiny.file, 'SELECT COUNT(*) FROM programs'), 3);
  assert.equal(await num(tiny.file, 'SELECT COUNT(*) FROM sites'), 8);
  assert.equal(await num(tiny.file, 'SELECT COUNT(*) FROM program_settings'), 3);
  assert.ok(await num(tiny.file, 'SELECT COUNT(*) FROM items') >= 3 * 21);
  if (!SANITIZED) assert.ok(tiny.seconds < 3, `took ${tiny.seconds} s`);
});

test('kinship demo on PostgreSQL writes the same amounts as on SQLite', { skip: !process.env.KINSHIP_TEST_PG_URL }, async () => {
  const url = await freshPgDatabase();
  const dir = await tempDir();
  const args = ['demo', '--seed', '7', '--now', NOW, '--encounters', '20000'];
  const pg = await kinship([...args, '--db', url, '--key-file', join(dir, 'k.key')], { cwd: dir, timeout: 900_000 });
  assert.equal(pg.code, 0, pg.stdout + pg.stderr);
  const lite = await demo(['--seed', '7', '--now', NOW, '--encounters', '20000']);
  const sql = `SELECT (SELECT COUNT(*) FROM encounters) || '|' || (SELECT COUNT(*) FROM movements) || '|' ||
    (SELECT SUM(quantity) FROM stock) || '|' || (SELECT COUNT(*) FROM referral_events) || '|' ||
    (SELECT SUM(encounters) FROM participant_periods)`;
  assert.equal((await psql(url, sql)).trim(), await one(lite.file, sql));
  const verify = await kinship(['audit', 'verify', '--db', url, '--key-file', join(dir, 'k.key')], { cwd: dir });
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
});
