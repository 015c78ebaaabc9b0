// `kinship migrate` and `migrate --check`; a database from a newer kinship (schema version
// bumped to 99) is refused by serve and migrate with exit 3; configuration precedence is
// flag over environment over config file.
import assert from 'node:assert/strict';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { cleanup, kinship, serve, sqlite, tempDir } from './harness.mjs';

after(cleanup);

const exists = (p) => stat(p).then(() => true, () => false);

test('migrate brings a new database to the latest version; --check reports it', async () => {
  const dir = await tempDir();
  const db = `sqlite:${join(dir, 'k.db')}`;
  let r = await kinship(['migrate', '--db', db], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /schema version 0 -> 3/);
  assert.equal((await sqlite(join(dir, 'k.db'), 'SELECT version FROM schema_version')).trim(), '3');
  r = await kinship(['migrate', '--db', db], { cwd: dir });
  assert.equal(r.code, 0);
  assert.match(r.stdout, /already up to date/);
  r = await kinship(['migrate', '--check', '--db', db], { cwd: dir });
  assert.equal(r.code, 0, r.stdout);
  assert.match(r.stdout, /schema version 3; this binary knows 3/);
});

test('migrate --check exits 3 when migrations are pending, and applies none', async () => {
  const dir = await tempDir();
  const file = join(dir, 'k.db');
  const r = await kinship(['migrate', '--check', '--db', `sqlite:${file}`], { cwd: dir });
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout, /schema version 0/);
  assert.equal((await sqlite(file, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'programs'")).trim(), '0');
});

test('a database from a newer kinship (schema 99) makes serve, migrate and backup exit 3 with a clear message', async () => {
  const dir = await tempDir();
  const file = join(dir, 'k.db');
  const db = `sqlite:${file}`;
  assert.equal((await kinship(['init', '--db', db], { cwd: dir })).code, 0);
  await sqlite(file, 'UPDATE schema_version SET version = 99');
  for (const args of [
    ['serve', '--db', db, '--listen', '127.0.0.1:0'],
    ['migrate', '--db', db],
    ['backup', '--db', db, '--out', join(dir, 'b')],
    ['user', 'list', '--db', db],
    ['audit', 'verify', '--db', db],
  ]) {
    const r = await kinship(args, { cwd: dir, timeout: 30_000 });
    assert.equal(r.code, 3, `${args[0]}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, /version 99/, `${args[0]}: ${r.stderr}`);
  }
  const check = await kinship(['migrate', '--check', '--db', db], { cwd: dir });
  assert.equal(check.code, 3);
  assert.match(check.stdout, /schema version 99; this binary knows 3/);
  assert.equal((await sqlite(file, 'SELECT version FROM schema_version')).trim(), '99', 'left as it was');
  assert.equal(await exists(join(dir, 'b')), false);
});

test('an unreachable database exits 3', async () => {
  const dir = await tempDir();
  const r = await kinship(['migrate', '--db', 'postgresql://nobody@127.0.0.1:1/none?connect_timeout=2'], { cwd: dir });
  assert.equal(r.code, 3, r.stderr);
});

test('config precedence for db: flag over environment over config file', async () => {
  const dir = await tempDir();
  const config = join(dir, 'kinship.conf');
  await writeFile(config, `# test\ndb = sqlite:${join(dir, 'from-file.db')}\n`);
  let r = await kinship(['migrate', '--config', config], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(await exists(join(dir, 'from-file.db')));
  r = await kinship(['migrate', '--config', config], { cwd: dir, env: { KINSHIP_DB: `sqlite:${join(dir, 'from-env.db')}` } });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(await exists(join(dir, 'from-env.db')));
  r = await kinship(['migrate', '--config', config, '--db', `sqlite:${join(dir, 'from-flag.db')}`], {
    cwd: dir,
    env: { KINSHIP_DB: `sqlite:${join(dir, 'from-env-2.db')}` },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(await exists(join(dir, 'from-flag.db')));
  assert.equal(await exists(join(dir, 'from-env-2.db')), false);
  // KINSHIP_CONFIG names the file too.
  r = await kinship(['migrate', '--check'], { cwd: dir, env: { KINSHIP_CONFIG: config } });
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('config precedence for listen: flag over environment over config file', async () => {
  const dir = await tempDir();
  const file = join(dir, 'k.db');
  const db = `sqlite:${file}`;
  assert.equal((await kinship(['init', '--db', db], { cwd: dir })).code, 0);
  const config = join(dir, 'kinship.conf');
  await writeFile(config, `listen = "not-an-address"\ndb = ${db}\n`);
  // The file alone: its bad listen value is used, and refused.
  let r = await kinship(['serve', '--config', config], { cwd: dir, timeout: 30_000 });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /--listen must be HOST:PORT/);
  // The environment overrides the file.
  let server = await serve(dir, ['--config', config], { listen: null, env: { KINSHIP_LISTEN: '127.0.0.1:0' } });
  assert.equal((await fetch(`${server.url}/api/v1/session`)).status, 401);
  await server.stop();
  // The flag overrides the environment.
  r = await kinship(['serve', '--config', config], { cwd: dir, env: { KINSHIP_LISTEN: 'also-bad' }, timeout: 30_000 });
  assert.equal(r.code, 2);
  server = await serve(dir, ['--config', config], { env: { KINSHIP_LISTEN: 'also-bad' } });
  assert.equal((await fetch(`${server.url}/api/v1/session`)).status, 401);
  await server.stop();
});

test('a malformed or unknown config file entry is a usage error naming it', async () => {
  const dir = await tempDir();
  const config = join(dir, 'kinship.conf');
  await writeFile(config, 'no_such_option = 1\n');
  const r = await kinship(['migrate', '--config', config], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown option 'no_such_option'/);
  const e = await kinship(['migrate', '--check', '--db', `sqlite:${join(dir, 'k.db')}`], {
    cwd: dir,
    env: { KINSHIP_LOG_LEVEL: 'loud' },
  });
  assert.equal(e.code, 2);
  assert.match(e.stderr, /log_level/);
});

test('config prints every value with its source and never a secret', async () => {
  const dir = await tempDir();
  const config = join(dir, 'kinship.conf');
  await writeFile(config, 'workers = 6\n');
  const r = await kinship(['config', '--config', config, '--db', 'postgresql://kinship:s3cret-pw@db.example/kinship', '--log-level', 'warn'], {
    cwd: dir,
    env: { KINSHIP_SESSION_HOURS: '5' },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /s3cret-pw/);
  assert.match(r.stdout, /^db = postgresql:\/\/\*\*\*@db\.example\/kinship {2}\(--db\)$/m);
  assert.match(r.stdout, /^workers = 6 {2}\(file /m);
  assert.match(r.stdout, /^session_hours = 5 {2}\(KINSHIP_SESSION_HOURS\)$/m);
  assert.match(r.stdout, /^log_level = warn {2}\(--log-level\)$/m);
  assert.match(r.stdout, /^listen = 127\.0\.0\.1:8080 {2}\(default\)$/m);
  const bad = await kinship(['config', '--workers', 'many'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /workers/);
});
