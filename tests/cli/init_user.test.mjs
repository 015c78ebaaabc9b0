// `kinship init` makes a database, a key file and an administrator; `kinship user` manages
// accounts through the users service (validated, audited), with meaningful exit codes.
import assert from 'node:assert/strict';
import { writeFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cleanup, kinship, login, serve, sqlite, tempDir } from './harness.mjs';

after(cleanup);

test('init creates a database, a key file and an administrator with a generated password shown once', async () => {
  const dir = await tempDir();
  const db = join(dir, 'k.db');
  const r = await kinship(['init', '--db', `sqlite:${db}`], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  await stat(db);
  const key = await stat(`${db}.key`);
  assert.equal(key.mode & 0o077, 0, 'the key file is private');
  const password = r.stdout.match(/password: (\S+)/)?.[1];
  assert.ok(password && password.length >= 10, r.stdout);
  assert.equal(r.stdout.split(password).length - 1, 1, 'the password is printed exactly once');
  assert.ok(!r.stderr.includes(password), 'the password is not in the log');
  // The generated password works.
  const server = await serve(dir, ['--db', `sqlite:${db}`]);
  try {
    const client = await login(server.url, 'admin', password);
    assert.equal(client.session.user.role, 'admin');
  } finally {
    await server.stop();
  }
});

test('init honours KINSHIP_ADMIN_PASSWORD and prints no password', async () => {
  const dir = await tempDir();
  const db = `sqlite:${join(dir, 'k.db')}`;
  const r = await kinship(['init', '--db', db, '--admin-username', 'ada'], {
    cwd: dir,
    env: { KINSHIP_ADMIN_PASSWORD: 'a-long-enough-password' },
  });
  assert.equal(r.code, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /password:/);
  const server = await serve(dir, ['--db', db]);
  try {
    await login(server.url, 'ada', 'a-long-enough-password');
  } finally {
    await server.stop();
  }
});

test('init twice refuses (exit 1) and changes nothing', async () => {
  const dir = await tempDir();
  const db = join(dir, 'k.db');
  assert.equal((await kinship(['init', '--db', `sqlite:${db}`], { cwd: dir })).code, 0);
  const users = await sqlite(db, 'SELECT COUNT(*) FROM users');
  const r = await kinship(['init', '--db', `sqlite:${db}`, '--program-slug', 'other'], { cwd: dir });
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.match(r.stderr, /already has users/);
  assert.equal(await sqlite(db, 'SELECT COUNT(*) FROM users'), users);
  assert.equal((await sqlite(db, 'SELECT COUNT(*) FROM programs')).trim(), '1');
});

describe('kinship user', () => {
  let dir;
  let db;
  let file;
  const user = (args, opts = {}) => kinship(['user', ...args, '--db', db], { cwd: dir, ...opts });
  const list = async () => {
    const r = await user(['list']);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };
  const row = (text, username) => text.split('\n').find((l) => l.startsWith(`${username} `)) ?? '';

  before(async () => {
    dir = await tempDir();
    file = join(dir, 'k.db');
    db = `sqlite:${file}`;
    const r = await kinship(['init', '--db', db, '--program-slug', 'riverside'], {
      cwd: dir,
      env: { KINSHIP_ADMIN_PASSWORD: 'admin-password-1' },
    });
    assert.equal(r.code, 0, r.stderr);
  });

  test('add with a generated password prints it once; list shows the user without hashes', async () => {
    const r = await user(['add', '--program', 'riverside', '--username', 'sam.peer', '--display-name', 'Sam',
      '--role', 'peer']);
    assert.equal(r.code, 0, r.stderr);
    const password = r.stdout.match(/password: (\S+)/)?.[1];
    assert.ok(password, r.stdout);
    const text = await list();
    assert.match(text, /^USERNAME\s+ROLE\s+PROGRAM\s+DISABLED\s+LAST LOGIN/);
    assert.match(row(text, 'sam.peer'), /^sam\.peer\s+peer\s+riverside\s+no\s+never$/);
    assert.match(row(text, 'admin'), /^admin\s+admin\s+riverside\s+no\s+never$/);
    assert.doesNotMatch(text, /argon2/);
    assert.ok(!text.includes(password));
    // Audited as a user creation in the program's chain.
    assert.equal((await sqlite(file, "SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND action = 'create'")).trim(), '2');
  });

  test('add reads the password from a file or from stdin, never from a flag value', async () => {
    const pwFile = join(dir, 'pw');
    await writeFile(pwFile, 'from-a-file-password\n');
    let r = await user(['add', '--program', 'riverside', '--username', 'casey', '--display-name', 'Casey',
      '--role', 'coordinator', '--password-file', pwFile]);
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /password:/);
    r = await user(['add', '--program', 'riverside', '--username', 'robin', '--display-name', 'Robin',
      '--role', 'researcher', '--password-stdin'], { input: 'from-stdin-password\n' });
    assert.equal(r.code, 0, r.stderr);
    r = await user(['add', '--program', 'riverside', '--username', 'x1', '--display-name', 'X', '--role', 'peer',
      '--password', 'not-a-flag-value']);
    assert.equal(r.code, 2, 'there is no --password flag');
    const server = await serve(dir, ['--db', db]);
    try {
      await login(server.url, 'casey', 'from-a-file-password');
      await login(server.url, 'robin', 'from-stdin-password');
    } finally {
      await server.stop();
    }
  });

  test('validation errors print each field and exit 2; nothing is written', async () => {
    const before = await sqlite(file, 'SELECT COUNT(*) FROM users');
    const r = await user(['add', '--program', 'riverside', '--username', 'X', '--display-name', 'Bad',
      '--role', 'boss', '--password-stdin'], { input: 'short\n' });
    assert.equal(r.code, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /username: /);
    assert.match(r.stderr, /password: .*at least 10/);
    assert.match(r.stderr, /role: /);
    const taken = await user(['add', '--program', 'riverside', '--username', 'casey', '--display-name', 'Again',
      '--role', 'peer']);
    assert.equal(taken.code, 2);
    assert.match(taken.stderr, /username: is already taken/);
    const badRole = await user(['set-role', '--username', 'casey', '--role', 'boss']);
    assert.equal(badRole.code, 2);
    assert.match(badRole.stderr, /role: /);
    assert.equal(await sqlite(file, 'SELECT COUNT(*) FROM users'), before);
  });

  test('an unknown program or user exits 1 with a clear message', async () => {
    let r = await user(['add', '--program', 'nowhere', '--username', 'lee', '--display-name', 'Lee', '--role', 'peer']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no program with the slug 'nowhere'/);
    r = await user(['list', '--program', 'nowhere']);
    assert.equal(r.code, 1);
    for (const args of [['set-role', '--role', 'peer'], ['disable'], ['enable']]) {
      r = await user([...args, '--username', 'nobody']);
      assert.equal(r.code, 1, args.join(' '));
      assert.match(r.stderr, /no user with the username 'nobody'/);
    }
    r = await user(['reset-password', '--username', 'nobody', '--password-stdin'], { input: 'a-new-password-1\n' });
    assert.equal(r.code, 1);
  });

  test('set-role, disable and enable change the user and are audited', async () => {
    let r = await user(['set-role', '--username', 'sam.peer', '--role', 'coordinator']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(row(await list(), 'sam.peer'), /^sam\.peer\s+coordinator\s+riverside\s+no/);
    r = await user(['disable', '--username', 'sam.peer']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(row(await list(), 'sam.peer'), /\s+yes\s+never$/);
    r = await user(['enable', '--username', 'sam.peer']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(row(await list(), 'sam.peer'), /\s+no\s+never$/);
    assert.equal((await sqlite(file, "SELECT COUNT(*) FROM audit_log WHERE entity = 'user' AND action = 'update'")).trim(), '3');
    const v = await kinship(['audit', 'verify', '--db', db], { cwd: dir });
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });

  test('a disabled user cannot log in', async () => {
    const pwFile = join(dir, 'pw2');
    await writeFile(pwFile, 'disabled-user-password\n');
    assert.equal((await user(['add', '--program', 'riverside', '--username', 'kim', '--display-name', 'Kim',
      '--role', 'peer', '--password-file', pwFile])).code, 0);
    assert.equal((await user(['disable', '--username', 'kim'])).code, 0);
    const server = await serve(dir, ['--db', db]);
    try {
      await assert.rejects(login(server.url, 'kim', 'disabled-user-password'));
    } finally {
      await server.stop();
    }
    assert.equal((await user(['enable', '--username', 'kim'])).code, 0);
  });

  test('reset-password sets the new password and ends their sessions', async () => {
    const server = await serve(dir, ['--db', db]);
    try {
      const client = await login(server.url, 'casey', 'from-a-file-password');
      assert.equal((await client.get('/api/v1/session')).status, 200);
      const none = await user(['reset-password', '--username', 'casey']);
      assert.equal(none.code, 2, 'a new password must be given');
      const short = await user(['reset-password', '--username', 'casey', '--password-stdin'], { input: 'short\n' });
      assert.equal(short.code, 2);
      assert.match(short.stderr, /new_password: /);
      const r = await user(['reset-password', '--username', 'casey', '--password-stdin'], { input: 'a-brand-new-password\n' });
      assert.equal(r.code, 0, r.stderr);
      assert.equal((await client.get('/api/v1/session')).status, 401, 'the old session has ended');
      await assert.rejects(login(server.url, 'casey', 'from-a-file-password'));
      await login(server.url, 'casey', 'a-brand-new-password');
    } finally {
      await server.stop();
    }
  });

  test('user commands need the key file (exit 1) and a database at this schema (exit 3)', async () => {
    let r = await user(['list', '--key-file', join(dir, 'missing.key')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /key/);
    r = await kinship(['user', 'list', '--db', `postgresql://nobody@127.0.0.1:1/none`, '--key-file', `${file}.key`], { cwd: dir });
    assert.equal(r.code, 3, r.stderr);
  });
});
