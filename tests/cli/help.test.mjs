// Every subcommand explains itself with --help (exit 0, naming its options); unknown
// subcommands and bad flags are usage errors (exit 2); `version` prints the versions.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { cleanup, kinship, tempDir } from './harness.mjs';

after(cleanup);

// subcommand path -> options its --help must mention
const HELP = [
  [['serve'], ['--db', '--key-file', '--listen', '--port-file', '--config']],
  [['init'], ['--db', '--key-file', '--program-name', '--program-slug', '--admin-username', '--admin-password-file']],
  [['demo'], ['--db', '--seed', '--scale', '--serve']],
  [['user'], ['add', 'list', 'set-role', 'reset-password', 'disable', 'enable']],
  [['user', 'add'], ['--program', '--username', '--display-name', '--role', '--password-file', '--password-stdin', '--db', '--key-file']],
  [['user', 'list'], ['--program', '--db']],
  [['user', 'set-role'], ['--username', '--role', '--db']],
  [['user', 'reset-password'], ['--username', '--password-file', '--password-stdin']],
  [['user', 'disable'], ['--username', '--db']],
  [['user', 'enable'], ['--username', '--db']],
  [['migrate'], ['--db', '--check']],
  [['backup'], ['--db', '--out', 'key file']],
  [['restore'], ['--db', '--in', '--key-file', 'same installation']],
  [['audit'], ['verify']],
  [['audit', 'verify'], ['--db', '--key-file', '--program']],
  [['version'], []],
  [['config'], ['--db', '--config', '--listen', '--workers']],
  [['stats'], ['meta', 'chisq', 'trend', 'prop', 'mcnemar', 'ears']],
  [['stats', 'meta'], ['--measure', '--method', '--level', '--cumulative', '--order', '--subgroup', '--svg', '--json', 'FILE']],
  [['stats', 'chisq'], ['--yates', '--fisher', '--json', 'FILE']],
  [['stats', 'trend'], ['--json', 'FILE']],
  [['stats', 'prop'], ['--events', '--total', '--method', '--json']],
  [['stats', 'mcnemar'], ['--both-yes', '--yes-no', '--no-yes', '--both-no', '--json']],
  [['stats', 'ears'], ['--minsigma', '--json', 'FILE']],
];

for (const [path, options] of HELP) {
  test(`kinship ${path.join(' ')} --help exits 0 and names its options`, async () => {
    const r = await kinship([...path, '--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const o of options) assert.ok(r.stdout.includes(o), `--help of ${path.join(' ')} lacks ${o}:\n${r.stdout}`);
  });
}

test('kinship --help lists every subcommand', async () => {
  const r = await kinship(['--help']);
  assert.equal(r.code, 0);
  for (const c of ['serve', 'init', 'demo', 'user', 'migrate', 'backup', 'restore', 'audit', 'config', 'version']) {
    assert.match(r.stdout, new RegExp(`\\b${c}\\b`));
  }
});

test('no subcommand, an unknown subcommand and a bad flag are usage errors (exit 2)', async () => {
  const dir = await tempDir();
  for (const args of [
    [],
    ['frobnicate'],
    ['serve', '--no-such-flag'],
    ['user', 'add', '--username'],
    ['user', 'explode'],
    ['migrate', '--check', 'extra'],
    ['backup'], // --out is required
    ['restore', '--db', `sqlite:${dir}/x.db`], // --in is required
    ['user', 'reset-password', '--username', 'x', '--password-file', 'f', '--password-stdin'],
    ['serve', '--workers', 'many', '--db', `sqlite:${dir}/x.db`],
  ]) {
    const r = await kinship(args, { cwd: dir });
    assert.equal(r.code, 2, `kinship ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  }
});

test('version prints the version and the schema version', async () => {
  const r = await kinship(['version']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\d+\.\d+\.\d+/);
  assert.match(r.stdout, /schema/i);
});
