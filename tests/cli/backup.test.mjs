// `kinship backup` of a running server while it takes writes, and `kinship restore` into a
// new SQLite database and into PostgreSQL (and back), verified; a damaged backup, a wrong
// key or a non-empty target are refused without leaving anything behind.
import assert from 'node:assert/strict';
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DEMO_PASSWORD, cleanup, freshPgDatabase, kinship, login, psql, serve, sleep, sqlite, tempDir,
} from './harness.mjs';

after(cleanup);

const exists = (p) => stat(p).then(() => true, () => false);

/** The row lines of a backup file, per table, sorted (row order depends on the backend's collation). */
async function rowsOf(file) {
  const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
  const out = {};
  let table = null;
  for (const line of lines.slice(1, -1)) {
    if (line.startsWith('{')) {
      table = JSON.parse(line).table;
      out[table] = [];
    } else {
      out[table].push(line);
    }
  }
  for (const t of Object.keys(out)) out[t].sort();
  return out;
}

/** Every site name of the logged-in user's program, through the API. */
async function siteNames(client) {
  const names = [];
  let after = '';
  for (;;) {
    const r = await client.get(`/api/v1/sites?limit=500&include_archived=true${after ? `&after=${after}` : ''}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    names.push(...r.body.items.map((s) => s.name));
    if (!r.body.next_after) break;
    after = r.body.next_after;
  }
  return names.sort();
}

describe('backup and restore', () => {
  let dir;
  let source;
  let key;
  let backupFile;
  let written = 0;

  before(async () => {
    dir = await tempDir();
    source = join(dir, 'source.db');
    key = `${source}.key`;
    // A few thousand encounters fill every table without making each copy slow.
    const r = await kinship(['demo', '--encounters', '3000', '--db', `sqlite:${source}`], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });

  test('backup of a running server while it takes writes is consistent', async () => {
    const server = await serve(dir, ['--db', `sqlite:${source}`]);
    try {
      const client = await login(server.url, 'admin', DEMO_PASSWORD);
      let stop = false;
      const writer = (async () => {
        while (!stop) {
          const r = await client.post('/api/v1/sites', { name: `Backup test site ${written + 1}`, kind: 'fixed' });
          assert.equal(r.status, 201, JSON.stringify(r.body));
          written += 1;
        }
      })();
      while (written < 5) await sleep(10);
      const backups = [];
      for (let i = 0; i < 3; i++) {
        const out = join(dir, `running-${i}.backup`);
        const r = await kinship(['backup', '--db', `sqlite:${source}`, '--out', out], { cwd: dir });
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /Backup written to/);
        assert.equal(await exists(`${out}.tmp`), false);
        backups.push(out);
      }
      stop = true;
      await writer;
      // The server kept writing while the backups were taken.
      const siteCounts = [];
      for (const b of backups) siteCounts.push(JSON.parse((await readFile(b, 'utf8')).trim().split('\n').pop()).rows.sites);
      assert.ok(siteCounts[0] < siteCounts[1] && siteCounts[1] < siteCounts[2], `sites per backup: ${siteCounts}`);
      // Each backup restores and verifies: audit heads and log come from one snapshot.
      for (const [i, b] of backups.entries()) {
        const target = join(dir, `check-${i}.db`);
        const r = await kinship(['restore', '--db', `sqlite:${target}`, '--in', b, '--key-file', key], { cwd: dir });
        assert.equal(r.code, 0, `backup ${i}: ${r.stdout}${r.stderr}`);
        assert.match(r.stdout, /verified/);
      }
      backupFile = backups[backups.length - 1];
      const mode = (await stat(backupFile)).mode;
      assert.equal(mode & 0o077, 0, 'the backup holds password hashes: only its owner may read it');
    } finally {
      await server.stop();
    }
  });

  test('the file is JSON lines: header, tables with columns, rows, trailer with counts and checksum', async () => {
    const lines = (await readFile(backupFile, 'utf8')).split('\n');
    assert.equal(lines.pop(), '', 'ends with a newline');
    const header = JSON.parse(lines[0]);
    assert.deepEqual(Object.keys(header), ['format', 'version', 'schema_version', 'created_at', 'source']);
    assert.equal(header.format, 'kinship-backup');
    assert.equal(header.version, 1);
    assert.equal(header.schema_version, 3);
    assert.equal(header.source, 'sqlite');
    const trailer = JSON.parse(lines[lines.length - 1]);
    assert.equal(trailer.end, true);
    assert.match(trailer.checksum, /^[0-9a-f]{64}$/);
    assert.deepEqual(Object.keys(trailer.rows),
      ['networks', 'programs', 'sites', 'users', 'sessions', 'api_tokens', 'audit_heads', 'audit_log',
        'program_settings', 'participants', 'participant_keys', 'items', 'kits', 'kit_items', 'lots', 'stock',
        'stock_totals', 'movements', 'encounters', 'encounter_items', 'daily_site_stats', 'daily_item_stats',
        'participant_periods', 'resources', 'referrals', 'referral_events']);
    for (const t of ['participants', 'movements', 'encounters', 'referrals']) assert.ok(trailer.rows[t] > 0, t);
    const sites = JSON.parse(lines.find((l) => l.startsWith('{"table":"sites"')));
    assert.deepEqual(sites.columns.slice(0, 4), ['program_id', 'id', 'name', 'kind']);
    const rows = await rowsOf(backupFile);
    for (const [t, n] of Object.entries(trailer.rows)) assert.equal(rows[t].length, n, t);
    assert.ok(trailer.rows.sites >= 5);
    const archived = sites.columns.indexOf('archived');
    assert.equal(typeof JSON.parse(rows.sites[0])[archived], 'number', 'integers are JSON integers');
  });

  test('restore into SQLite reports tables and rows, and the copy verifies', async () => {
    const target = join(dir, 'restored.db');
    const r = await kinship(['restore', '--db', `sqlite:${target}`, '--in', backupFile, '--key-file', key], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const trailer = JSON.parse((await readFile(backupFile, 'utf8')).trim().split('\n').pop());
    for (const [t, n] of Object.entries(trailer.rows)) {
      assert.match(r.stdout, new RegExp(`  ${t}: ${n}\\n`));
      assert.equal((await sqlite(target, `SELECT COUNT(*) FROM ${t}`)).trim(), String(n), t);
    }
    assert.match(r.stdout, /26 tables, \d+ rows, \d+ audit entries: verified/);
    const v = await kinship(['audit', 'verify', '--db', `sqlite:${target}`, '--key-file', key], { cwd: dir });
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });

  test('restore into PostgreSQL; serve from it answers the login and lists the same sites', async () => {
    const pg = await freshPgDatabase();
    const r = await kinship(['restore', '--db', pg, '--in', backupFile, '--key-file', key], { cwd: dir });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /verified/);
    const fromSqlite = await serve(dir, ['--db', `sqlite:${join(dir, 'restored.db')}`, '--key-file', key]);
    const fromPg = await serve(dir, ['--db', pg, '--key-file', key]);
    try {
      const a = await siteNames(await login(fromSqlite.url, 'admin', DEMO_PASSWORD));
      const b = await siteNames(await login(fromPg.url, 'admin', DEMO_PASSWORD));
      assert.deepEqual(b, a);
      assert.ok(b.includes('Backup test site 1'), 'the writes made before the backup are there');
    } finally {
      await fromPg.stop();
      await fromSqlite.stop();
    }
    // A PostgreSQL backup holds the same rows, integers as integers; and it restores into SQLite.
    const pgBackup = join(dir, 'from-pg.backup');
    const b = await kinship(['backup', '--db', pg, '--out', pgBackup], { cwd: dir });
    assert.equal(b.code, 0, b.stderr);
    const pgRows = await rowsOf(pgBackup);
    const original = await rowsOf(backupFile);
    // Logins since the restore added sessions, audit entries and last_login_at; compare the rest.
    for (const t of ['networks', 'programs', 'sites', 'api_tokens']) assert.deepEqual(pgRows[t], original[t], t);
    assert.equal(JSON.parse((await readFile(pgBackup, 'utf8')).split('\n')[0]).source, 'postgres');
    const back = join(dir, 'back-from-pg.db');
    const r2 = await kinship(['restore', '--db', `sqlite:${back}`, '--in', pgBackup, '--key-file', key], { cwd: dir });
    assert.equal(r2.code, 0, r2.stdout + r2.stderr);
    const again = join(dir, 'again.backup');
    assert.equal((await kinship(['backup', '--db', `sqlite:${back}`, '--out', again], { cwd: dir })).code, 0);
    assert.deepEqual(await rowsOf(again), pgRows, 'PostgreSQL -> SQLite keeps every row and type');
  });

  test('a tampered backup is refused (exit 4) and nothing is written, to SQLite or PostgreSQL', async () => {
    const text = await readFile(backupFile, 'utf8');
    const tampered = join(dir, 'tampered.backup');
    await writeFile(tampered, text.replace('Backup test site 1"', 'Backup test site X"'));
    const target = join(dir, 'tampered.db');
    let r = await kinship(['restore', '--db', `sqlite:${target}`, '--in', tampered, '--key-file', key], { cwd: dir });
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stderr, /checksum mismatch/);
    assert.match(r.stderr, /nothing was restored/);
    assert.equal(await exists(target), false, 'the target was not even created');
    const pg = await freshPgDatabase();
    r = await kinship(['restore', '--db', pg, '--in', tampered, '--key-file', key], { cwd: dir });
    assert.equal(r.code, 4);
    assert.equal((await psql(pg, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")).trim(), '0');
    // Truncated: the trailer is gone.
    const truncated = join(dir, 'truncated.backup');
    await writeFile(truncated, text.slice(0, Math.floor(text.length / 2)));
    r = await kinship(['restore', '--db', `sqlite:${target}`, '--in', truncated, '--key-file', key], { cwd: dir });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /truncated/);
    // Not a backup at all; and a missing file.
    r = await kinship(['restore', '--db', `sqlite:${target}`, '--in', key, '--key-file', key], { cwd: dir });
    assert.equal(r.code, 4);
    assert.match(r.stderr, /not a Kinship backup|not valid JSON/);
    r = await kinship(['restore', '--db', `sqlite:${target}`, '--in', join(dir, 'missing'), '--key-file', key], { cwd: dir });
    assert.equal(r.code, 1);
    assert.equal(await exists(target), false);
  });

  test('a restore into a database that has data is refused (exit 1) and changes nothing', async () => {
    const before = await sqlite(source, 'SELECT COUNT(*) FROM sites');
    const r = await kinship(['restore', '--db', `sqlite:${source}`, '--in', backupFile, '--key-file', key], { cwd: dir });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /restore needs an empty database/);
    assert.equal(await sqlite(source, 'SELECT COUNT(*) FROM sites'), before);
  });

  test('with another installation\'s key the audit chain does not verify: exit 4, the target is left empty', async () => {
    const other = join(dir, 'other.key');
    await writeFile(other, `${'ab'.repeat(32)}\n`, { mode: 0o600 });
    const target = join(dir, 'wrong-key.db');
    const r = await kinship(['restore', '--db', `sqlite:${target}`, '--in', backupFile, '--key-file', other], { cwd: dir });
    assert.equal(r.code, 4, r.stdout + r.stderr);
    assert.match(r.stderr, /audit chain .* breaks at entry 1/);
    assert.match(r.stderr, /key file/);
    assert.equal((await sqlite(target, 'SELECT COUNT(*) FROM programs')).trim(), '0');
    // With the right key the same target now takes the restore.
    const ok = await kinship(['restore', '--db', `sqlite:${target}`, '--in', backupFile, '--key-file', key], { cwd: dir });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    // A missing key file is refused before anything is written.
    const none = join(dir, 'no-key.db');
    const m = await kinship(['restore', '--db', `sqlite:${none}`, '--in', backupFile, '--key-file', join(dir, 'nokey')], { cwd: dir });
    assert.equal(m.code, 1);
    assert.equal(await exists(none), false);
  });

  test('backup of a missing or non-Kinship database exits 3 and writes no file', async () => {
    const out = join(dir, 'nothing.backup');
    let r = await kinship(['backup', '--db', `sqlite:${join(dir, 'missing.db')}`, '--out', out], { cwd: dir });
    assert.equal(r.code, 3, r.stderr);
    assert.equal(await exists(join(dir, 'missing.db')), false);
    const plain = join(dir, 'plain.db');
    await sqlite(plain, 'CREATE TABLE t (x INTEGER)');
    r = await kinship(['backup', '--db', `sqlite:${plain}`, '--out', out], { cwd: dir });
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /not a Kinship database/);
    assert.equal(await exists(out), false);
    assert.equal(await exists(`${out}.tmp`), false);
    // An unwritable destination is a plain failure.
    r = await kinship(['backup', '--db', `sqlite:${source}`, '--out', join(dir, 'no', 'such', 'dir', 'b')], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    // A copy of a backup is as good as the original.
    const copy = join(dir, 'copy.backup');
    await copyFile(backupFile, copy);
    r = await kinship(['restore', '--db', `sqlite:${join(dir, 'from-copy.db')}`, '--in', copy, '--key-file', key], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
  });
});
